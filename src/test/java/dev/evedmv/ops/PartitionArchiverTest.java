package dev.evedmv.ops;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import dev.evedmv.cli.Main;
import dev.evedmv.db.PayloadCodec;
import dev.evedmv.db.PayloadRewrite;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.Changelog;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** Archive then restore gives back the same rows; a kill -9 inside either, then a rerun, ends correctly. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PartitionArchiverTest {
    private static final List<String> TABLES = List.of("killmails", "killmail_payloads", "participants");
    /** Today, for the writer, the partition manager and every command: the test's months lie before it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private TestDatabase db;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        List<DerivedKillmail> batch = new ArrayList<>();
        String[] months = {"2026-07", "2026-08", "2026-09"};
        for (int i = 0; i < 60; i++) {
            String time = months[i % 3] + String.format("-%02dT%02d:15:00Z", 1 + i % 27, i % 24);
            batch.add(killmail(5000 + i, time)
                    .victim(victim(95_100_000L + i, 98_000_010L, null, 587))
                    .attacker(attacker(95_200_000L + i % 7, 98_000_020L, 99_000_100L, 17738, true))
                    .attacker(attacker(95_300_000L + i % 5, 98_000_020L, null, 587, false))
                    .value("1000000." + (i % 100)).build());
        }
        new KillmailWriter(db.database(), CLOCK)
                .write(batch, "test", KillmailWriter.InTransaction.NOTHING);
        assertThat(run("partitions", "ensure")).isZero();
        db.jdbi().useHandle(h -> h.execute("SELECT evedmv_ensure_month_partition('2026-10-01')"));
    }

    /** Rows and a digest of their text, per table, for one month: equal means the same data. */
    private Map<String, Object> fingerprint(String month) {
        String from = month + "-01";
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmails WHERE killmail_time >= :from::date
                          AND killmail_time < :from::date + interval '1 month') AS killmails,
                       (SELECT md5(string_agg(k::text, '|' ORDER BY killmail_id)) FROM killmails k
                          WHERE killmail_time >= :from::date AND killmail_time < :from::date + interval '1 month') AS k_md5,
                       (SELECT md5(string_agg(p::text, '|' ORDER BY killmail_id)) FROM killmail_payloads p
                          WHERE killmail_time >= :from::date AND killmail_time < :from::date + interval '1 month') AS p_md5,
                       (SELECT count(*) FROM participants WHERE killmail_time >= :from::date
                          AND killmail_time < :from::date + interval '1 month') AS participants,
                       (SELECT md5(string_agg(x::text, '|' ORDER BY killmail_id, slot)) FROM participants x
                          WHERE killmail_time >= :from::date AND killmail_time < :from::date + interval '1 month') AS x_md5
                """).bind("from", from).mapToMap().one());
    }

    private int run(String... args) {
        return Main.execute(args, db.env(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err, CLOCK);
    }

    private long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private boolean exists(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table)
                .mapTo(Boolean.class).one());
    }

    private long rollupKills() {
        return count("SELECT coalesce(sum(kills), 0) FROM entity_daily WHERE entity_kind = 2 AND entity_id = 98000020");
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void archiveThenRestoreGivesBackTheSameRows(@TempDir Path dir) {
        Map<String, Object> before = fingerprint("2026-07");
        assertThat(before).containsEntry("killmails", 20L).containsEntry("participants", 60L);
        long kills = rollupKills();

        assertThat(run("partitions", "archive", "--before", "2026-08", "--to", dir.toString())).isZero();
        for (String t : TABLES) {
            assertThat(exists(t + "_2026_07")).as(t + " dropped").isFalse();
            assertThat(dir.resolve(t + "_2026_07.manifest.json")).exists();
        }
        assertThat(exists("killmails_2026_08")).isTrue();
        assertThat(fingerprint("2026-07")).containsEntry("killmails", 0L);
        assertThat(count("SELECT count(*) FROM archived_partitions")).isEqualTo(3);
        assertThat(rollupKills()).as("rollups keep counting archived months").isEqualTo(kills);
        assertThat(new PartitionManager(db.database(), CLOCK).gaps(3)).as("archived is not a gap").isEmpty();
        ArchiveManifest m = ArchiveManifest.read(dir.resolve("participants_2026_07.manifest.json"));
        assertThat(m.rows()).isEqualTo(60);
        assertThat(m.schemaVersion()).as("the latest applied changeset").isEqualTo(Changelog.latest());
        assertThat(m.sha256()).hasSize(64);

        assertThat(run("partitions", "archive", "--before", "2026-08", "--to", dir.toString())).as("rerun is a no-op").isZero();
        restoreMonth(dir, "2026_07");
        assertThat(fingerprint("2026-07")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM archived_partitions")).isZero();
        assertThat(run("partitions", "restore", dir.resolve("killmails_2026_07.manifest.json").toString()))
                .as("restoring again is recognized").isZero();
        assertThat(fingerprint("2026-07")).isEqualTo(before);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aCorruptArchiveIsRefused(@TempDir Path dir) throws IOException {
        assertThat(run("partitions", "archive", "--before", "2026-08", "--to", dir.toString())).isZero();
        Path data = dir.resolve("killmails_2026_07.copy.zst");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(data, bytes);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"partitions", "restore", dir.resolve("killmails_2026_07.manifest.json").toString()},
                db.env(), System.out, new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("eve-dmv: archive", "SHA-256");
        assertThat(exists("killmails_2026_07")).isFalse();
        for (String t : List.of("killmail_payloads", "participants")) {
            assertThat(run("partitions", "restore", dir.resolve(t + "_2026_07.manifest.json").toString())).isZero();
        }
    }

    @Test
    void restoreGivenTheDataFileNamesTheManifestItWants(@TempDir Path dir) throws IOException {
        Path data = Files.write(dir.resolve("killmails_2026_07.copy.zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0});
        assertThat(restoreError(data)).isEqualTo("eve-dmv: " + data + " is an archive's data file; restore wants its manifest"
                + " (the *.manifest.json written beside it by archive)\n");
        Path manifest = Files.writeString(dir.resolve("killmails_2026_07.manifest.json"), "{}");
        assertThat(restoreError(data)).isEqualTo("eve-dmv: " + data + " is an archive's data file; restore wants its manifest"
                + " (" + manifest + ")\n");
        Path notJson = Files.write(dir.resolve("notes.txt"), new byte[] {0x28, (byte) 0xb5});
        assertThat(restoreError(notJson)).startsWith("eve-dmv: " + notJson + " is not an archive manifest (a *.manifest.json"
                + " written by partitions archive): ");
    }

    private String restoreError(Path file) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"partitions", "restore", file.toString()}, db.env(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertThat(code).isEqualTo(1);
        return err.toString(StandardCharsets.UTF_8);
    }

    private Process launch(Path log, String pauseAt, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Devedmv.test.pause-at=" + pauseAt,
                "-cp", System.getProperty("java.class.path"), "dev.evedmv.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EVEDMV_"));
        pb.environment().putAll(db.env());
        return pb.start();
    }

    /** Kills the process once it paused at {@code step}; returns the table it paused on. */
    private String killWhenPaused(Process p, Path log, String step) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("paused at " + step) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(log)).as("reached " + step).contains("paused at " + step);
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("paused at " + step + " (\\w+)")
                .matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void killNineInsideArchiveOrRestoreThenRerunEndsCorrectly(@TempDir Path dir) throws Exception {
        Map<String, Object> before = fingerprint("2026-08");
        Process archive = launch(dir.resolve("archive.log"), "exported",
                "partitions", "archive", "--before", "2026-09", "--to", dir.toString());
        String paused = killWhenPaused(archive, dir.resolve("archive.log"), "exported");
        assertThat(exists(paused)).as("killed before the drop").isTrue();
        long attached = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM pg_inherits WHERE inhrelid = to_regclass(:t)").bind("t", paused).mapTo(Long.class).one());
        assertThat(attached).as("killed after the detach").isZero();

        assertThat(run("partitions", "archive", "--before", "2026-09", "--to", dir.toString())).isZero();
        for (String t : TABLES) {
            assertThat(exists(t + "_2026_08")).isFalse();
        }
        assertThat(fingerprint("2026-08")).containsEntry("killmails", 0L);

        Process restore = launch(dir.resolve("restore.log"), "copied",
                "partitions", "restore", dir.resolve("participants_2026_08.manifest.json").toString());
        killWhenPaused(restore, dir.resolve("restore.log"), "copied");
        assertThat(exists("participants_2026_08")).as("loaded, not yet attached").isTrue();
        restoreMonth(dir, "2026_08");
        assertThat(fingerprint("2026-08")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM archived_partitions WHERE month = '2026-08-01'")).isZero();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void aDetachCutShortIsFinalizedByTheNextArchive(@TempDir Path dir) {
        Map<String, Object> before = fingerprint("2026-09");
        // A reader holding the parent keeps DETACH CONCURRENTLY waiting in its second transaction;
        // cancelling it there leaves the partition "detach pending", as a kill -9 at that moment would.
        try (org.jdbi.v3.core.Handle reader = db.jdbi().open(); org.jdbi.v3.core.Handle detacher = db.jdbi().open()) {
            reader.begin();
            reader.createQuery("SELECT count(*) FROM killmails").mapTo(Long.class).one();
            detacher.execute("SET statement_timeout = '500ms'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> detacher.execute(
                    "ALTER TABLE killmails DETACH PARTITION killmails_2026_09 CONCURRENTLY"))
                    .hasMessageContaining("statement timeout");
            reader.rollback();
            detacher.execute("SET statement_timeout = 0");
        }
        assertThat(count("SELECT count(*) FROM pg_inherits WHERE inhrelid = 'killmails_2026_09'::regclass AND inhdetachpending"))
                .isEqualTo(1);

        assertThat(run("partitions", "archive", "--before", "2026-10", "--to", dir.toString())).isZero();
        assertThat(exists("killmails_2026_09")).isFalse();
        restoreMonth(dir, "2026_09");
        assertThat(fingerprint("2026-09")).isEqualTo(before);
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void restoringIntoAMonthCreatedAgainMergesTheRows(@TempDir Path dir) {
        Map<String, Object> before = fingerprint("2026-09");
        assertThat(run("partitions", "archive", "--before", "2026-10", "--to", dir.toString())).isZero();
        assertThat(exists("participants_2026_09")).isFalse();
        // a killmail for the archived month arrives: the writer creates the month's partitions again
        new KillmailWriter(db.database(), CLOCK).write(List.of(
                killmail(9999, "2026-09-30T23:00:00Z").victim(victim(95_100_999L, 98_000_010L, null, 587))
                        .attacker(attacker(95_200_999L, 98_000_020L, null, 17738, true)).value("5").build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        assertThat(fingerprint("2026-09")).containsEntry("killmails", 1L);

        for (int pass = 0; pass < 2; pass++) {
            restoreMonth(dir, "2026_09");
        }
        Map<String, Object> after = fingerprint("2026-09");
        assertThat(after).containsEntry("killmails", (Long) before.get("killmails") + 1)
                .containsEntry("participants", (Long) before.get("participants") + 2);
        long archivedBack = count("SELECT count(*) FROM killmails WHERE killmail_time >= '2026-09-01' "
                + "AND killmail_time < '2026-10-01' AND killmail_id <> 9999");
        assertThat(archivedBack).isEqualTo((Long) before.get("killmails"));
        assertThat(count("SELECT count(*) FROM archived_partitions WHERE month = '2026-09-01'")).isZero();
    }

    /**
     * Writes {@code select} as the archive of {@code partition} in place of the one archived, as an
     * older or newer eve-dmv would have: its rows in binary COPY, and a manifest that matches them.
     */
    private void rewriteArchive(Path dir, String partition, String select, String schemaVersion) throws Exception {
        Path manifestFile = ArchiveManifest.pathFor(dir, partition);
        ArchiveManifest m = ArchiveManifest.read(manifestFile);
        Path data = dir.resolve(m.file());
        long rows;
        try (Connection c = db.database().connection();
             ZstdOutputStream out = new ZstdOutputStream(Files.newOutputStream(data))) {
            rows = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)", out);
        }
        long copyBytes;
        try (InputStream in = new ZstdInputStream(Files.newInputStream(data))) {
            copyBytes = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(rows).isEqualTo(m.rows());
        new ArchiveManifest(m.table(), m.partition(), m.month(), m.bounds(), rows, copyBytes, m.file(),
                PartitionArchiver.fileSha256(data), schemaVersion, m.createdAt()).write(manifestFile);
    }

    /**
     * An archive of killmails written before migration 036 holds player_attacker_ids as bigint[]: restored, they
     * are the bytes they were.
     */
    @Test
    @org.junit.jupiter.api.Order(6)
    void anArchiveOfKillmailsWrittenBefore036RestoresTheirPlayerAttackersAsBytes(@TempDir Path dir) throws Exception {
        Map<String, Object> before = fingerprint("2026-09");
        long listed = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmails WHERE length(player_attacker_ids) > 8 "
                + "AND killmail_time >= '2026-09-01' AND killmail_time < '2026-10-01'").mapTo(Long.class).one());
        assertThat(listed).as("killmails of the month with two player attackers or more").isPositive();
        String columns = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT string_agg(CASE attname WHEN 'player_attacker_ids' THEN 'evedmv_id_array(player_attacker_ids)'
                                               ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
                FROM pg_attribute WHERE attrelid = 'killmails'::regclass AND attnum > 0 AND NOT attisdropped""")
                .mapTo(String.class).one());
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE killmails_as_before_036 AS SELECT " + columns
                + " FROM killmails WHERE killmail_time >= '2026-09-01' AND killmail_time < '2026-10-01'"));
        assertThat(run("partitions", "archive", "--before", "2026-10", "--to", dir.toString())).isZero();
        rewriteArchive(dir, "killmails_2026_09", "SELECT * FROM killmails_as_before_036", "035-names-trigram-distance");
        db.jdbi().useHandle(h -> h.execute("DROP TABLE killmails_as_before_036"));

        restoreMonth(dir, "2026_09");
        assertThat(fingerprint("2026-09")).as("every row as it was, its player attackers as bytes").isEqualTo(before);
        assertThat(PartitionArchiver.migrationOf("035-names-trigram-distance")).isEqualTo(35);
        assertThat(PartitionArchiver.migrationOf("036-player-attacker-bytes")).isEqualTo(36);
        assertThat(PartitionArchiver.migrationOf(null)).isZero();
    }

    /** Restores the month ({@code 2026_09}) of each table from its manifest in {@code dir}. */
    private void restoreMonth(Path dir, String month) {
        for (String t : TABLES) {
            assertThat(run("partitions", "restore", dir.resolve(t + "_" + month + ".manifest.json").toString())).isZero();
        }
    }

    private static final String KILLMAIL_COLUMNS_BEFORE_015 = """
            killmail_id, killmail_time, solar_system_id, constellation_id, region_id, security, security_band, moon_id,
            war_id, hash, victim_character_id, victim_corporation_id, victim_alliance_id, victim_faction_id,
            victim_ship_type_id, victim_damage_taken, attacker_count, final_blow_character_id, final_blow_corporation_id,
            final_blow_alliance_id, final_blow_ship_type_id, total_value, fitted_value, dropped_value, destroyed_value,
            zkb_points, value_source, is_npc, is_solo, is_awox, labels, source, ingested_at""";

    private Map<String, Object> killmailsBefore015(String month) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) AS rows, md5(string_agg(row(" + KILLMAIL_COLUMNS_BEFORE_015
                        + ")::text, '|' ORDER BY killmail_id)) AS md5, count(player_attacker_ids) AS listed FROM killmails "
                        + "WHERE killmail_time >= :from::date AND killmail_time < :from::date + interval '1 month'")
                .bind("from", month + "-01").mapToMap().one());
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void anArchiveWrittenBeforeAColumnWasAddedRestoresIntoTheColumnsItHolds(@TempDir Path dir) throws Exception {
        Map<String, Object> before = fingerprint("2026-09");
        Map<String, Object> killmails = killmailsBefore015("2026-09");
        assertThat((Long) killmails.get("rows")).isPositive().isEqualTo(killmails.get("listed"));
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE killmails_as_before_015 AS SELECT " + KILLMAIL_COLUMNS_BEFORE_015
                + " FROM killmails WHERE killmail_time >= '2026-09-01' AND killmail_time < '2026-10-01'"));
        assertThat(run("partitions", "archive", "--before", "2026-10", "--to", dir.toString())).isZero();
        rewriteArchive(dir, "killmails_2026_09", "SELECT * FROM killmails_as_before_015", "014-top-rankings");
        db.jdbi().useHandle(h -> h.execute("DROP TABLE killmails_as_before_015"));

        restoreMonth(dir, "2026_09");
        assertThat(killmailsBefore015("2026-09")).as("every column the archive held, and no list")
                .isEqualTo(Map.of("rows", killmails.get("rows"), "md5", killmails.get("md5"), "listed", 0L));
        Map<String, Object> after = fingerprint("2026-09");
        assertThat(after.get("x_md5")).isEqualTo(before.get("x_md5"));
        assertThat(after.get("p_md5")).isEqualTo(before.get("p_md5"));
    }

    /** Each killmail's ESI payload of the month, decompressed and read as JSON. */
    private Map<Long, com.fasterxml.jackson.databind.JsonNode> esiPayloads(String month) {
        return db.jdbi().withHandle(h -> {
            Map<Long, com.fasterxml.jackson.databind.JsonNode> m = new java.util.TreeMap<>();
            h.createQuery("SELECT killmail_id, esi FROM killmail_payloads WHERE killmail_time >= :from::date "
                    + "AND killmail_time < :from::date + interval '1 month'").bind("from", month + "-01")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getBytes(2))).forEach(e -> {
                        try {
                            m.put(e.getKey(), dev.evedmv.Json.mapper().readTree(PayloadCodec.decompress(e.getValue())));
                        } catch (IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    });
            return m;
        });
    }

    /** An archive of killmail_payloads written before migration 027 holds jsonb: restored, its rows are compressed. */
    @Test
    @org.junit.jupiter.api.Order(8)
    void anArchiveOfJsonbPayloadsWrittenBefore027RestoresCompressed(@TempDir Path dir) throws Exception {
        Map<String, Object> before = fingerprint("2026-09");
        Map<Long, com.fasterxml.jackson.databind.JsonNode> payloads = esiPayloads("2026-09");
        assertThat(payloads).isNotEmpty();
        db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE payloads_as_before_027 (killmail_id bigint, killmail_time timestamptz, esi jsonb, zkb jsonb)");
            h.execute("CREATE TABLE payloads_of_2026_09 AS SELECT * FROM killmail_payloads WHERE killmail_time >= '2026-09-01' "
                    + "AND killmail_time < '2026-10-01'");
            PayloadRewrite.decompress(h.getConnection(), "payloads_of_2026_09", "payloads_as_before_027");
        });
        assertThat(run("partitions", "archive", "--before", "2026-10", "--to", dir.toString())).isZero();
        rewriteArchive(dir, "killmail_payloads_2026_09", "SELECT * FROM payloads_as_before_027", "023-index-comments");
        db.jdbi().useHandle(h -> h.execute("DROP TABLE payloads_as_before_027, payloads_of_2026_09"));

        restoreMonth(dir, "2026_09");
        assertThat(esiPayloads("2026-09")).as("every payload back, compressed, reading as the JSON it was").isEqualTo(payloads);
        Map<String, Object> after = fingerprint("2026-09");
        assertThat(after.get("k_md5")).isEqualTo(before.get("k_md5"));
        assertThat(after.get("x_md5")).isEqualTo(before.get("x_md5"));
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void anArchiveWithMoreColumnsThanTheTableIsRefusedUnrestored(@TempDir Path dir) throws Exception {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE killmails_from_a_newer_schema AS SELECT k.*, 1 AS added_later "
                + "FROM killmails k WHERE killmail_time >= '2026-09-01' AND killmail_time < '2026-10-01'"));
        assertThat(run("partitions", "archive", "--before", "2026-10", "--to", dir.toString())).isZero();
        rewriteArchive(dir, "killmails_2026_09", "SELECT * FROM killmails_from_a_newer_schema", "016-a-later-one");
        db.jdbi().useHandle(h -> h.execute("DROP TABLE killmails_from_a_newer_schema"));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"partitions", "restore", dir.resolve("killmails_2026_09.manifest.json").toString()},
                db.env(), System.out, new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds 35 columns per row and killmails has 34",
                "newer schema (016-a-later-one)", "nothing restored");
        assertThat(exists("killmails_2026_09")).isFalse();
    }
}
