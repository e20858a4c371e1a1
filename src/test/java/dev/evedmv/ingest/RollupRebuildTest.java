package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.cli.Main;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * {@code db rederive --rollups} on a database whose {@code entity_daily} lost what it should hold (list
 * columns left empty, as an upgrade that adds one leaves the stored days; a row deleted; a figure
 * altered): afterwards the rows are exactly those ingest wrote, {@code db verify} finds nothing, and the
 * days it changed count a write in {@code rollup_days}. Data: 1,500 generated killmails over
 * 2026-03-01 … 2026-03-04, "today" 2026-03-10.
 */
@ExtendWith(PostgresExtension.class)
class RollupRebuildTest {
    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 4);
    private static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 3, 10).atTime(12, 0).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);

    private record Run(int code, String out, String err) {
    }

    @Test
    void rebuildsWhatIngestWroteAndVerifyThenFindsNothing(TestDatabase db, @TempDir Path dir) {
        assertThat(GeneratedKillmails.importInto(db, dir, 1_500, 29, FROM, TO)).isEqualTo(1_500);
        List<String> written = rows(db);
        long writesBefore = writes(db);
        db.jdbi().useHandle(h -> h.execute("""
                UPDATE entity_daily SET enemies = '', killers = '', corporations = '', alliances = ''
                WHERE day = '2026-03-02'"""));
        db.jdbi().useHandle(h -> h.execute("""
                DELETE FROM entity_daily WHERE (entity_kind, entity_id, day, npc) IN
                    (SELECT entity_kind, entity_id, day, npc FROM entity_daily WHERE entity_kind = 2 AND day = '2026-03-03'
                     ORDER BY kills DESC, entity_id LIMIT 1)"""));
        db.jdbi().useHandle(h -> h.execute("""
                UPDATE entity_daily SET kills = kills + 1 WHERE (entity_kind, entity_id, day, npc) IN
                    (SELECT entity_kind, entity_id, day, npc FROM entity_daily WHERE entity_kind = 5 AND day = '2026-03-04'
                     ORDER BY kills DESC, entity_id LIMIT 1)"""));
        assertThat(run(db, "db", "verify").code()).as("the damage is there to find").isEqualTo(1);

        Run rebuilt = run(db, "db", "rederive", "--rollups");

        assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("rebuilt the rollups of 1,500 killmails");
        assertThat(rows(db)).as("entity_daily as ingest wrote it").isEqualTo(written);
        Run verify = run(db, "db", "verify");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(writes(db)).as("the days changed count a write").isGreaterThan(writesBefore);

        Run again = run(db, "db", "rederive", "--rollups", "--since", "2026-03-02", "--until", "2026-03-03");
        assertThat(again.out()).as("nothing left to replace").contains(": 0 rows replaced, 0 written");
    }

    private static List<String> rows(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT to_jsonb(d)::text FROM entity_daily d ORDER BY 1")
                .mapTo(String.class).list());
    }

    private static long writes(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT sum(writes) FROM rollup_days").mapTo(Long.class).one());
    }

    private static Run run(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
