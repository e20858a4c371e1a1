package dev.evedmv.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.cli.Main;
import dev.evedmv.ingest.RollupVerifier;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * A {@code backfill everef} child process killed with SIGKILL after September is committed and
 * while October's archives are on their way; the next run resumes at October (September's days
 * answered 304) and every killmail is stored once, rollups equal to a recomputation.
 */
@ExtendWith(PostgresExtension.class)
class BackfillKillNineTest {
    private static final LocalDate FROM = LocalDate.of(2026, 9, 28);
    private static final LocalDate TO = LocalDate.of(2026, 10, 3);

    private Process launch(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.evedmv.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EVEDMV_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void killedBackfillResumesAndStoresEveryKillmailOnce(TestDatabase db, @TempDir Path dir) throws Exception {
        Map<LocalDate, Map<Long, byte[]>> days = BackfillCommandTest.generated(db, dir.resolve("data"), 3000, 43, FROM, TO);
        long total = days.values().stream().mapToLong(Map::size).sum();
        try (FakeHistory fake = new FakeHistory()) {
            days.forEach(fake::publish);
            fake.slowFrom = LocalDate.of(2026, 10, 1);
            fake.archiveDelayMillis = 8_000;
            Map<String, String> env = fake.env(db.env());
            String[] args = {"backfill", "everef", "--since", FROM.toString(), "--until", TO.plusDays(1).toString(),
                    "--no-progress"};
            Process first = launch(env, dir.resolve("first.log"), args);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(db, "SELECT count(*) FROM backfill_days") < 3 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(first.isAlive()).as("killed mid-backfill: " + Files.readString(dir.resolve("first.log"))).isTrue();
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long september = days.entrySet().stream().filter(e -> e.getKey().getMonthValue() == 9)
                    .mapToLong(e -> e.getValue().size()).sum();
            assertThat(count(db, "SELECT count(*) FROM killmail_directory")).as("September committed, October not")
                    .isEqualTo(september);
            assertThat(count(db, "SELECT count(*) FROM backfill_days WHERE day >= '2026-10-01'")).isZero();

            fake.archiveDelayMillis = 0;
            while (fake.inFlight.get() > 0) {
                Thread.sleep(50); // the killed process's requests end (undelivered) before the resume starts
            }
            int before = fake.requests.size();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), BackfillCommandTest.CLOCK);
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 downloaded, 3 unchanged",
                    String.format(java.util.Locale.ROOT, "%,d killmails new", total - september));
            List<FakeHistory.Request> resumed = fake.requests.subList(before, fake.requests.size()).stream()
                    .filter(r -> r.path().endsWith(".tar.bz2")).toList();
            assertThat(resumed).filteredOn(r -> r.path().contains("2026-09-")).hasSize(3).allMatch(r -> r.status() == 304);
            assertThat(resumed).filteredOn(r -> r.path().contains("2026-10-")).hasSize(3).allMatch(r -> r.status() == 200);
        }
        Map<String, Object> counts = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmail_directory) AS directory,
                       (SELECT count(*) FROM killmails) AS killmails,
                       (SELECT count(DISTINCT killmail_id) FROM killmails) AS distinct_killmails,
                       (SELECT count(*) FROM killmail_payloads) AS payloads,
                       (SELECT count(*) FROM participants WHERE slot = 0) AS victims""").mapToMap().one());
        assertThat(counts).containsEntry("directory", total).containsEntry("killmails", total)
                .containsEntry("distinct_killmails", total).containsEntry("payloads", total).containsEntry("victims", total);
        assertThat(count(db, "SELECT count(*) FROM backfill_days WHERE outcome = 'imported'")).isEqualTo(6);
        assertThat(new RollupVerifier(db.database()).verify()).as("rollups equal a recomputation").isEmpty();
    }
}
