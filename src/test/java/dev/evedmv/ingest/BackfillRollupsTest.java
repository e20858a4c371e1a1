package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
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

/** The same archives through the live path and through a backfill give the very same rollup rows. */
@ExtendWith(PostgresExtension.class)
class BackfillRollupsTest {
    /** Today for the importer: every month of the test's killmails lies before it. */
    private static final java.time.Clock TODAY = java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T12:00:00Z"),
            java.time.ZoneOffset.UTC);
    private static final int KILLMAILS = 3_000;

    @Test
    void liveAndBackfillPathsStoreTheSameRollups(TestDatabase db, @TempDir Path dir) {
        StaticDataBootstrap.ensureLoaded(db.database());
        Path data = dir.resolve("data");
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db.database())).generate(new SyntheticKillmails.Options(
                KILLMAILS, 6, LocalDate.of(2026, 6, 29), LocalDate.of(2026, 7, 2), SyntheticKillmails.ArchiveFormat.of("tar.gz"), 2,
                GeneratedKillmails.endOf(LocalDate.of(2026, 7, 2))),
                data);
        importFiles(db, data, false);
        String live = rollups(db);
        db.jdbi().useHandle(h -> {
            h.execute("""
                    TRUNCATE killmails_2026_06, killmails_2026_07, killmail_payloads_2026_06, killmail_payloads_2026_07,
                        participants_2026_06, participants_2026_07""");
            h.execute("DELETE FROM killmail_directory WHERE killmail_time >= '2026-06-01Z' AND killmail_time < '2026-08-01Z'");
            h.execute("DELETE FROM entity_daily WHERE day >= '2026-06-01' AND day < '2026-08-01'");
        });
        assertThat(count(db, "SELECT count(*) FROM killmail_directory WHERE killmail_time >= '2026-06-01Z'"
                + " AND killmail_time < '2026-08-01Z'")).isZero();

        Importer.Summary backfilled = importFiles(db, data, true);

        assertThat(backfilled.result()).isEqualTo(new WriteResult(KILLMAILS, 0, 0));
        assertThat(rollups(db)).isEqualTo(live);
        assertThat(new RollupVerifier(db.database()).verify())
                .as("both equal the rollups db verify recomputes from the participants in SQL").isEmpty();
    }

    private static String rollups(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT md5(string_agg(d::text, ';' ORDER BY d::text)) FROM entity_daily d"
                        + " WHERE day >= '2026-06-01' AND day < '2026-08-01'").mapTo(String.class).one());
    }


    private static Importer.Summary importFiles(TestDatabase db, Path data, boolean backfill) {
        return ImportJob.run(db.database(), List.of(data), 500, 2, backfill, TODAY, files -> Importer.Progress.NONE);
    }

    private static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
