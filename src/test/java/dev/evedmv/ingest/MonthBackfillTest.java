package dev.evedmv.ingest;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Backfill of empty past months: the same rows, rollups and indexes as the live path, the
 * month's tables swapped in as partitions; a month that is not empty takes the live path.
 */
@ExtendWith(PostgresExtension.class)
class MonthBackfillTest {
    /** Today for the importer: every month of the test's killmails lies before it. */
    private static final java.time.Clock TODAY = java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T12:00:00Z"),
            java.time.ZoneOffset.UTC);

    private static final int KILLMAILS = 3_000;
    private static final String AUG_SEP = " WHERE killmail_time >= '2026-08-01' AND killmail_time < '2026-10-01'";

    /** Tests share the class's database, so each writes its own months and killmail ids (the seed's). */
    private static Path generate(TestDatabase db, Path dir, long seed, LocalDate from, LocalDate to) {
        StaticDataBootstrap.ensureLoaded(db.database());
        Path data = dir.resolve("data");
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db.database())).generate(
                new SyntheticKillmails.Options(KILLMAILS, seed, from, to, SyntheticKillmails.ArchiveFormat.of("tar.gz"), 2,
                        GeneratedKillmails.endOf(to)), data);
        return data;
    }

    private static Importer.Summary importFiles(TestDatabase db, Path data, boolean backfill) {
        return ImportJob.run(db.database(), List.of(data), 500, 2, backfill, TODAY, files -> Importer.Progress.NONE);
    }

    @Test
    void backfilledMonthsEqualTheLivePathAndCarryEveryIndex(TestDatabase db, @TempDir Path dir) {
        Path data = generate(db, dir, 5, LocalDate.of(2026, 8, 30), LocalDate.of(2026, 9, 2));
        db.jdbi().useHandle(h -> h.execute("SELECT evedmv_ensure_month_partition('2026-08-01')"));

        Importer.Summary summary = importFiles(db, data, true);

        assertThat(summary.result()).isEqualTo(new WriteResult(KILLMAILS, 0, 0));
        assertThat(count(db, "SELECT count(*) FROM killmail_directory" + AUG_SEP)).isEqualTo(KILLMAILS);
        assertThat(count(db, "SELECT count(*) FROM killmails" + AUG_SEP)).isEqualTo(KILLMAILS);
        assertThat(count(db, "SELECT count(*) FROM killmail_payloads" + AUG_SEP)).isEqualTo(KILLMAILS);
        assertThat(count(db, "SELECT count(*) FROM participants" + AUG_SEP + " AND slot = 0")).isEqualTo(KILLMAILS);
        assertThat(count(db, "SELECT sum(attacker_count) FROM killmails" + AUG_SEP))
                .isEqualTo(count(db, "SELECT count(*) FROM participants" + AUG_SEP + " AND slot > 0"));
        assertThat(new RollupVerifier(db.database()).verify()).as("rollups equal a recomputation").isEmpty();
        for (String parent : List.of("killmails", "killmail_payloads", "participants")) {
            for (String month : List.of("2026_08", "2026_09")) {
                String partition = parent + "_" + month;
                assertThat(count(db, "SELECT count(*) FROM pg_inherits WHERE inhrelid = '" + partition + "'::regclass"))
                        .as(partition + " is a partition").isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM pg_index i JOIN pg_inherits x ON x.inhrelid = i.indexrelid"
                        + " WHERE i.indrelid = '" + partition + "'::regclass"))
                        .as(partition + " has every index of its parent, attached to it")
                        .isEqualTo(count(db, "SELECT count(*) FROM pg_index WHERE indrelid = '" + parent + "'::regclass"));
            }
        }
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_load'")).as("no load table left").isZero();

        Importer.Summary again = importFiles(db, data, true);
        assertThat(again.result()).as("months that hold killmails take the live path").isEqualTo(new WriteResult(0, KILLMAILS, 0));
    }

    @Test
    void aKillmailOfAMonthBeingAttachedWaitsForItAndTakesTheLivePath(TestDatabase db, @TempDir Path dir) throws Exception {
        StaticDataBootstrap.ensureLoaded(db.database());
        Path data = dir.resolve("data");
        java.nio.file.Files.createDirectories(data);
        writeArchive(data.resolve("killmails-2026-04-29.tar.gz"), esi(2_990_000_001L, "2026-04-29T10:00:00Z"),
                esi(2_990_000_002L, "2026-04-29T11:00:00Z"));
        writeArchive(data.resolve("killmails-2026-04-30.tar.gz"), esi(2_990_000_003L, "2026-04-30T10:00:00Z"));
        // sorted after the archives and decoded after them by the one decoding thread: it reaches the writer right
        // after April's last archive, while April is being attached on the finishing thread (the writer waits for
        // the attach; were it to write at once, the attach's lock on the partitions would keep both exact)
        java.nio.file.Files.writeString(data.resolve("zz-late-april.json"), esi(2_990_000_004L, "2026-04-30T12:00:00Z"));

        Importer.Summary summary = ImportJob.run(db.database(), List.of(data), 500, 1, true, TODAY, files -> Importer.Progress.NONE);

        assertThat(summary.result()).isEqualTo(new WriteResult(4, 0, 0));
        assertThat(count(db, "SELECT count(*) FROM killmails_2026_04 WHERE killmail_id BETWEEN 2990000001 AND 2990000004"))
                .isEqualTo(4);
        assertThat(count(db, "SELECT count(*) FROM participants_2026_04 WHERE killmail_id BETWEEN 2990000001 AND 2990000004"))
                .isEqualTo(8);
        assertThat(count(db, "SELECT kills FROM entity_daily WHERE entity_kind = 1 AND entity_id = 95000002"
                + " AND day = '2026-04-30' AND NOT npc")).as("the archived kill and the stray one").isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_load'")).as("no load table left").isZero();
        assertThat(new RollupVerifier(db.database()).verify()).isEmpty();
    }

    /** A plain ESI killmail: character 95000002 kills 95000001 in a Rifter. */
    private static String esi(long id, String time) {
        return """
                {"killmail_id": %d, "killmail_time": "%s", "solar_system_id": 30002187,
                 "victim": {"character_id": 95000001, "corporation_id": 98000010, "ship_type_id": 587, "damage_taken": 500,
                            "position": {"x": 0, "y": 0, "z": 0}, "items": []},
                 "attackers": [{"character_id": 95000002, "corporation_id": 98000011, "ship_type_id": 587,
                                "weapon_type_id": 2488, "damage_done": 500, "final_blow": true, "security_status": -1.0}]}
                """.formatted(id, time);
    }

    /** An EVE Ref daily archive: {@code killmails/{id}.json} entries in a gzipped tar. */
    private static void writeArchive(Path file, String... killmails) throws java.io.IOException {
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(file)))) {
            for (String json : killmails) {
                byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                String id = json.substring(json.indexOf(':') + 1, json.indexOf(',')).trim();
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("killmails/" + id + ".json");
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }

    @Test
    void aMonthWrittenMeanwhileIsMergedNotReplaced(TestDatabase db) {
        KillmailWriter writer = new KillmailWriter(db.database(), TODAY);
        YearMonth month = YearMonth.of(2025, 3);
        try (MonthBackfill backfill = MonthBackfill.start(writer, month, YearMonth.of(2026, 11)).orElseThrow()) {
            WriteResult loaded = backfill.write(encoded(
                    killmail(7001, "2025-03-02T10:00:00Z").attacker(attacker(95_000_001L, 98_000_010L, null, 587, true)).build(),
                    killmail(7002, "2025-03-03T10:00:00Z").attacker(attacker(95_000_001L, 98_000_010L, null, 587, true)).build()),
                    "import");
            assertThat(loaded).isEqualTo(new WriteResult(2, 0, 0));
            // a feed stores an old killmail of the month before the backfill ends, on a day the backfill holds
            // rollups of too (the same corporation): the month's rollups are merged into its rows, not inserted
            writer.write(List.of(killmail(7003, "2025-03-03T11:00:00Z")
                    .attacker(attacker(95_000_002L, 98_000_010L, null, 587, true)).build()), "r2z2",
                    KillmailWriter.InTransaction.NOTHING);
            assertThat(MonthBackfill.start(writer, month, YearMonth.of(2026, 11))).as("the month holds killmails now").isEmpty();
            backfill.finish(Importer.Progress.NONE);
        }
        assertThat(count(db, "SELECT count(*) FROM killmails_2025_03")).isEqualTo(3);
        assertThat(count(db, "SELECT count(*) FROM participants_2025_03")).isEqualTo(6);
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_load'")).isZero();
        assertThat(new RollupVerifier(db.database()).verify()).isEmpty();
        assertThat(count(db, "SELECT kills FROM entity_daily WHERE entity_kind = 2 AND entity_id = 98000010"
                + " AND day = '2025-03-03' AND NOT npc")).as("the live kill and the backfilled one, in one row").isEqualTo(2);
    }

    @Test
    void aBackfillThatIsNotFinishedLeavesNothing(TestDatabase db) {
        KillmailWriter writer = new KillmailWriter(db.database(), TODAY);
        YearMonth month = YearMonth.of(2025, 5);
        try (MonthBackfill backfill = MonthBackfill.start(writer, month, YearMonth.of(2026, 11)).orElseThrow()) {
            backfill.write(encoded(killmail(8001, "2025-05-02T10:00:00Z")
                    .attacker(attacker(95_000_001L, 98_000_010L, null, 587, true)).build()), "import");
            assertThat(MonthBackfill.start(writer, month, YearMonth.of(2026, 11)))
                    .as("a second import does not backfill a month another is backfilling").isEmpty();
        }
        assertThat(count(db, "SELECT count(*) FROM killmail_directory WHERE killmail_id = 8001")).isZero();
        assertThat(count(db, "SELECT count(*) FROM entity_daily WHERE day = '2025-05-02'")).isZero();
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_load'")).isZero();
        assertThat(MonthBackfill.start(writer, YearMonth.of(2026, 11), YearMonth.of(2026, 11)))
                .as("the current month is never backfilled").isEmpty();
    }

    private static List<EncodedKillmail> encoded(dev.evedmv.killmail.DerivedKillmail... killmails) {
        return java.util.Arrays.stream(killmails).map(d -> EncodedKillmail.of(d, "import")).toList();
    }

    @Test
    void loadTablesOfAKilledBackfillAreDroppedButNotThoseOfARunningOne(TestDatabase db, @TempDir Path dir)
            throws java.io.IOException {
        List<String> parents = List.of("killmails", "killmail_payloads", "participants");
        // a killed import left March's empty load tables behind; April's belong to a backfill still running
        db.jdbi().useHandle(h -> {
            for (String parent : parents) {
                for (String month : List.of("2025_03", "2025_04")) {
                    h.execute("CREATE TABLE " + parent + "_" + month + "_load (LIKE " + parent + ")");
                }
            }
        });
        String loadTables = "SELECT count(*) FROM pg_class WHERE relname ~ '^(killmails|killmail_payloads|participants)_2025_0";
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("nothing"));
        try (org.jdbi.v3.core.Handle running = db.database().openDedicated("a running backfill of 2025-04")) {
            assertThat(running.createQuery("SELECT pg_try_advisory_lock(hashtext('evedmv_backfill'), 202504)")
                    .mapTo(Boolean.class).one()).isTrue();

            importFiles(db, empty, true);

            assertThat(count(db, loadTables + "3_load$'")).as("the killed backfill's tables are gone").isZero();
            assertThat(count(db, loadTables + "4_load$'")).as("a running backfill keeps its tables").isEqualTo(3);
        }
        // now April's import is gone too (its session ended, as when killed): db verify drops what it left
        var out = new java.io.ByteArrayOutputStream();
        int code = dev.evedmv.cli.Main.execute(new String[] {"db", "verify"}, db.env(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err, TODAY);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("dropped 3 load tables left by an import that did not finish: "
                + "killmail_payloads_2025_04_load, killmails_2025_04_load, participants_2025_04_load");
        assertThat(count(db, loadTables + "[34]_load$'")).isZero();
    }

    private static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
