package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Exactly once across a {@code kill -9}: a real eve-dmv child process importing is killed
 * mid-way, the import is run again, and every killmail is stored once with rollups equal to a
 * recomputation.
 */
@ExtendWith(PostgresExtension.class)
class KillNineTest {
    private static final int KILLMAILS = 12_000;

    private Process launch(TestDatabase db, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.evedmv.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EVEDMV_"));
        pb.environment().putAll(db.env());
        return pb.start();
    }

    private static String readLog(Path log) {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private long stored(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmail_directory").mapTo(Long.class).one());
    }

    /**
     * With backfill, September is attached when its last archive is written and the kill comes
     * in October's long transaction; without, it comes between two batches of the live path.
     */
    @ParameterizedTest(name = "backfill {0}")
    @ValueSource(booleans = {true, false})
    void killedImportRunAgainStoresEveryKillmailOnce(boolean backfill, TestDatabase db, @TempDir Path dir) throws Exception {
        // the two runs share the class's database and the generator's killmail ids
        db.jdbi().useHandle(h -> h.execute(
                "TRUNCATE killmail_directory, killmails, killmail_payloads, participants, entity_daily, rejected_input"));
        StaticDataBootstrap.ensureLoaded(db.database());
        Path data = dir.resolve("data");
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db.database())).generate(
                new SyntheticKillmails.Options(KILLMAILS, 9, LocalDate.of(2026, 9, 28), LocalDate.of(2026, 10, 3),
                        SyntheticKillmails.ArchiveFormat.of("tar.gz"), 2,
                        GeneratedKillmails.endOf(LocalDate.of(2026, 10, 3))), data);

        List<String> firstArgs = new ArrayList<>(List.of("import", "--no-progress", "--batch-size", "300", "--threads", "1"));
        if (!backfill) {
            firstArgs.add("--no-backfill");
        }
        firstArgs.add(data.toString());
        Process first = launch(db, dir.resolve("first.log"), firstArgs.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stored(db) < KILLMAILS / 4 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.isAlive()).as(() -> "killed mid-import, not after it (exit " + first.exitValue() + "):\n"
                + readLog(dir.resolve("first.log"))).isTrue();
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long atKill = stored(db);
        assertThat(atKill).isBetween(1L, (long) KILLMAILS - 1);

        Process second = launch(db, dir.resolve("second.log"), "import", "--no-progress", data.toString());
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(java.nio.file.Files.readString(dir.resolve("second.log"))).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("second.log")))
                .contains(String.format(java.util.Locale.ROOT, "imported %,d new, %,d duplicates, 0 rejected",
                        KILLMAILS - atKill, atKill).substring(0, 20));

        Map<String, Object> counts = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmail_directory) AS directory,
                       (SELECT count(*) FROM killmails) AS killmails,
                       (SELECT count(DISTINCT killmail_id) FROM killmails) AS distinct_killmails,
                       (SELECT count(*) FROM killmail_payloads) AS payloads,
                       (SELECT count(*) FROM participants WHERE slot = 0) AS victims,
                       (SELECT sum(attacker_count) FROM killmails) AS attackers,
                       (SELECT count(*) FROM participants WHERE slot > 0) AS attacker_rows""").mapToMap().one());
        assertThat(counts).containsEntry("directory", (long) KILLMAILS).containsEntry("killmails", (long) KILLMAILS)
                .containsEntry("distinct_killmails", (long) KILLMAILS).containsEntry("payloads", (long) KILLMAILS)
                .containsEntry("victims", (long) KILLMAILS);
        assertThat(((Number) counts.get("attackers")).longValue()).isEqualTo(((Number) counts.get("attacker_rows")).longValue());
        assertThat(new RollupVerifier(db.database()).verify()).as("rollups equal a recomputation").isEmpty();
    }
}
