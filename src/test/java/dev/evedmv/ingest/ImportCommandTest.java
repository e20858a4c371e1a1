package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.cli.Main;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

/** {@code import} on the real samples, again, and on corrupted copies. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every real killmail sample: 78 ESI files, 3 R2Z2 records, 2 RedisQ envelopes (one a variant of the other). */
    static String[] realSamples(String... before) {
        List<String> args = new ArrayList<>(List.of(before));
        args.add(SharedData.file("killmails/eve-kill-shrike/corpus").toString());
        args.add(SharedData.file("killmails/eve-kill-shrike/zkb-r2z2/900001.json").toString());
        args.add(SharedData.file("killmails/eve-kill-shrike/zkb-r2z2/900002.json").toString());
        args.add(SharedData.file("killmails/aa-killtracker/r2z2_example.json").toString());
        args.add(SharedData.file("killmails/killmail-router/payload1.json").toString());
        args.add(SharedData.file("killmails/killmail-router/payload2.json").toString());
        return args.toArray(String[]::new);
    }

    @Test
    void realSamplesImportWithoutRejectsAndASecondImportChangesNothing(TestDatabase db) {
        Run first = run(db, realSamples("import", "--no-progress", "--strict"));
        assertThat(first.err()).isEmpty();
        assertThat(first.code()).isZero();
        assertThat(first.out()).startsWith("imported 80 new, 3 duplicates, 0 rejected");
        String before = snapshot(db);
        assertThat(count(db, "SELECT count(*) FROM killmails")).isEqualTo(80);
        // the R2Z2 envelopes of 435341 and 103735737 race their plain corpus files (parallel decode): either may be stored first
        assertThat(count(db, "SELECT count(*) FROM killmails WHERE value_source = 'zkb' AND killmail_id IN (134265477, 119455394)"))
                .as("the R2Z2 and RedisQ samples that are in no other file keep zKillboard's value").isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM killmails WHERE value_source = 'zkb'")).isBetween(2L, 4L);

        Run again = run(db, realSamples("import", "--no-progress"));
        assertThat(again.out()).startsWith("imported 0 new, 83 duplicates, 0 rejected");
        assertThat(snapshot(db)).isEqualTo(before);
        assertThat(run(db, "db", "verify").out()).contains("every derived table equals a recomputation");
    }

    @Test
    void corruptedInputIsRejectedWithReasonsAndTheRestImported(TestDatabase db, @TempDir Path dir) throws IOException {
        Path corpus = SharedData.file("killmails/eve-kill-shrike/corpus");
        List<Path> files;
        try (var list = Files.list(corpus)) {
            files = list.sorted().limit(6).toList();
        }
        String good = Files.readString(files.get(0));
        Files.writeString(dir.resolve("truncated.json"), good.substring(0, good.length() / 2));
        Files.writeString(dir.resolve("negative.json"), Files.readString(files.get(1))
                .replaceFirst("\"damage_done\"\\s*:\\s*\\d+", "\"damage_done\": -5"));
        Files.writeString(dir.resolve("no-victim.json"), "{\"killmail_id\": 1, \"killmail_time\": \"2020-01-01T00:00:00Z\","
                + " \"solar_system_id\": 30000142, \"attackers\": []}");
        Files.writeString(dir.resolve("lines.jsonl"), compact(files.get(2)) + "\nnot json at all\n");
        Path archive = dir.resolve("killmails-2020-01-01.tar.gz");
        writeTarGz(archive, files.subList(3, 6));
        byte[] whole = Files.readAllBytes(archive);
        Path broken = dir.resolve("killmails-2020-01-02.tar.gz");
        Files.write(broken, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));

        Run r = run(db, "import", "--no-progress", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(" 5 rejected");
        List<String> reasons = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT source || ': ' || reason FROM rejected_input ORDER BY source").mapTo(String.class).list());
        assertThat(reasons).hasSize(5)
                .anyMatch(s -> s.startsWith("killmails-2020-01-02.tar.gz: unreadable archive after"))
                .anyMatch(s -> s.startsWith("lines.jsonl:2: "))
                .anyMatch(s -> s.startsWith("negative.json: ") && s.contains("damage_done"))
                .anyMatch(s -> s.startsWith("no-victim.json: ") && s.contains("victim"))
                .anyMatch(s -> s.startsWith("truncated.json: "));
        assertThat(count(db, "SELECT count(*) FROM rejected_input WHERE source = 'negative.json' AND payload IS NOT NULL"))
                .as("the rejected payload is kept").isEqualTo(1);
        Run strict = run(db, "import", "--no-progress", "--strict", dir.resolve("negative.json").toString());
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains("1 inputs rejected (--strict)");
    }

    private static String compact(Path json) throws IOException {
        return dev.evedmv.Json.mapper().readTree(json.toFile()).toString();
    }

    private static void writeTarGz(Path target, List<Path> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                TarArchiveEntry e = new TarArchiveEntry("killmails/" + f.getFileName());
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }

    private static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static String snapshot(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmails) || '/' || (SELECT count(*) FROM participants) || '/'
                    || (SELECT md5(string_agg(k::text, ';' ORDER BY killmail_id)) FROM (SELECT killmail_id, total_value,
                        is_npc, is_solo, is_awox, attacker_count FROM killmails) k) || '/'
                    || (SELECT md5(string_agg(d::text, ';' ORDER BY d::text)) FROM entity_daily d)""")
                .mapTo(String.class).one());
    }
}
