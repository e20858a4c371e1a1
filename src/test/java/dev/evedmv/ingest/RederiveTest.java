package dev.evedmv.ingest;

import static dev.evedmv.ingest.StaticDataCompletenessTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.evedmv.Json;
import dev.evedmv.cache.Entity;
import dev.evedmv.cache.Invalidations;
import dev.evedmv.db.EmbeddedServer;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.MonthlyLists;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.ingest.StaticDataCompletenessTest.Run;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

/** {@code db rederive}: stored killmails derived again equal a fresh import with the same static data and prices. */
@ExtendWith(PostgresExtension.class)
class RederiveTest {
    private static final String CORPUS = "killmails/eve-kill-shrike/corpus";

    /** Every killmail column but the time it was ingested, and every participant, as text. */
    static List<String> killmails(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (to_jsonb(k) - 'ingested_at')::text FROM killmails k
                UNION ALL
                SELECT to_jsonb(p)::text FROM participants p
                ORDER BY 1""").mapTo(String.class).list());
    }

    /** Every rollup row as text. */
    static List<String> rollups(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT to_jsonb(d)::text FROM entity_daily d ORDER BY 1")
                .mapTo(String.class).list());
    }

    static BigDecimal iskDestroyed(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT sum(isk_destroyed) FROM entity_daily WHERE entity_kind = 6")
                .mapTo(BigDecimal.class).one());
    }

    /** ESI /markets/prices/ JSON of the real prices in the Shrike SDE subset: each type's last price seen. */
    static Path prices(Path dir) throws IOException {
        JsonNode byDay = Json.mapper().readTree(SharedData.file("killmails/eve-kill-shrike/sde_subset.json").toFile())
                .get("prices");
        Map<Integer, JsonNode> last = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> days = byDay.fields(); days.hasNext(); ) {
            days.next().getValue().fields().forEachRemaining(e -> last.put(Integer.parseInt(e.getKey()), e.getValue()));
        }
        ArrayNode esi = Json.mapper().createArrayNode();
        last.forEach((type, price) -> esi.addObject().put("type_id", type).set("average_price", price));
        Path file = dir.resolve("prices.json");
        Files.writeString(file, esi.toString());
        return file;
    }

    @Test
    void pricesLoadedAfterTheImportThenARederiveGiveTheIskOfAnImportAfterThem(TestDatabase db, @TempDir Path dir)
            throws IOException, SQLException {
        Path prices = prices(dir);
        ok(db, "import", "--no-progress", SharedData.file(CORPUS).toString());
        assertThat(iskDestroyed(db)).as("no price known at import").isZero();

        Run pricesLoad = run(db, "prices", "load", prices.toString());
        assertThat(pricesLoad.out()).contains("78 killmails stored carry no zKillboard value and were valued with the "
                + "prices before this load: 'eve-dmv db rederive' values them again");
        Set<Entity> announced = new HashSet<>();
        List<Boolean> flushes = new java.util.ArrayList<>();
        Run rederive;
        try (Connection listening = DriverManager.getConnection(db.server().jdbcUrl(db.name()),
                EmbeddedServer.SUPERUSER, "")) {
            listening.createStatement().execute("LISTEN " + Invalidations.CHANNEL);
            rederive = ok(db, "db", "rederive");
            for (PGNotification[] got = listening.unwrap(PGConnection.class).getNotifications(2000);
                 got != null && got.length > 0; got = listening.unwrap(PGConnection.class).getNotifications(500)) {
                for (PGNotification n : got) {
                    Invalidations.Message m = Invalidations.Message.parse(n.getParameter());
                    announced.addAll(m.touched());
                    flushes.add(m.all());
                }
            }
        }
        long dearest = count(db, "SELECT solar_system_id FROM killmails ORDER BY total_value DESC, killmail_id LIMIT 1");
        assertThat(announced).as("the caches hear of the entities whose figures moved")
                .contains(new Entity(EntityKind.SYSTEM, dearest));
        assertThat(flushes).as("and, at the end, that past days' figures moved").endsWith(true);
        assertThat(rederive.out()).containsPattern("rederived through 2026-07-2\\dT\\S+: 78 of 78 killmails, \\d+ rewritten")
                .contains("rederived 78 killmails: ");

        TestDatabase pricedFirst = db.sibling("priced_first");
        ok(pricedFirst, "prices", "load", prices.toString());
        ok(pricedFirst, "import", "--no-progress", SharedData.file(CORPUS).toString());
        assertThat(iskDestroyed(pricedFirst)).isPositive();
        assertThat(iskDestroyed(db)).isEqualTo(iskDestroyed(pricedFirst));
        assertThat(killmails(db)).isEqualTo(killmails(pricedFirst));
        assertThat(rollups(db)).isEqualTo(rollups(pricedFirst));
        assertThat(ok(db, "db", "verify").out()).contains("every derived table equals a recomputation");

        assertThat(ok(db, "db", "rederive").out()).as("a second rederive finds nothing to change")
                .contains("rederived 78 killmails: 0 rewritten, 78 unchanged");
        assertThat(rollups(db)).isEqualTo(rollups(pricedFirst));
    }

    @Test
    void aRederiveAfterTheStaticDataIsCompletedFixesTheSoloFlagsAndResumesAfterAnInterruption(TestDatabase db) {
        TestDatabase stored = db.sibling("groups_lost");
        ok(stored, "sde", "load", SharedData.sde("cjkilman-eve-sde-dump").toString());
        // as a database loaded before empty tables were filled: the ship groups missing, so no ship is recognised;
        // and half the systems, so that their killmails have no region
        stored.jdbi().useHandle(h -> h.execute("DELETE FROM sde_groups WHERE category_id = 6"));
        stored.jdbi().useHandle(h -> h.execute("DELETE FROM sde_systems WHERE system_id % 2 = 0"));
        ok(stored, "import", "--no-progress", SharedData.file(CORPUS).toString());
        assertThat(count(stored, "SELECT count(*) FROM killmails WHERE is_solo")).isZero();
        assertThat(count(stored, "SELECT count(*) FROM killmails WHERE region_id IS NULL")).isPositive();
        buildMonthlyLists(stored);

        Run reload = ok(stored, "sde", "load", SharedData.sde("cjkilman-eve-sde-dump").toString());
        assertThat(reload.out()).contains("78 killmails stored were derived with the static data before this load: "
                + "'eve-dmv db rederive' derives them again with it");

        // interrupted after its first batch of 10 has committed
        Rederivation interrupted = new Rederivation(stored.database(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), 10);
        assertThatThrownBy(() -> interrupted.run(KillmailWriter.EARLIEST, Instant.parse("2100-01-01T00:00:00Z"), p -> {
            throw new IllegalStateException("killed");
        })).hasMessage("killed");
        assertThat(count(stored, "SELECT count(*) FROM killmails WHERE is_solo")).as("the first batch only")
                .isBetween(1L, 15L);
        Run rest = ok(stored, "db", "rederive", "--since", "2003-05-06");
        assertThat(rest.out()).contains("rederived 78 killmails: ");

        TestDatabase fresh = db.sibling("fresh");
        ok(fresh, "sde", "load", SharedData.sde("cjkilman-eve-sde-dump").toString());
        ok(fresh, "import", "--no-progress", SharedData.file(CORPUS).toString());
        assertThat(count(stored, "SELECT count(*) FROM killmails WHERE is_solo")).isEqualTo(16);
        assertThat(killmails(stored)).isEqualTo(killmails(fresh));
        assertThat(rollups(stored)).isEqualTo(rollups(fresh));
        assertThat(ok(stored, "db", "verify").out()).contains("every derived table equals a recomputation");
        buildMonthlyLists(stored);
        buildMonthlyLists(fresh);
        assertThat(monthlyLists(stored)).as("the lists of the months touched are built again").isNotEmpty()
                .isEqualTo(monthlyLists(fresh));
    }

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    private static void buildMonthlyLists(TestDatabase db) {
        db.jdbi().useHandle(h -> MonthlyLists.refreshStale(h, TODAY, Duration.ofHours(1)));
    }

    /**
     * The monthly lists, daily heads and which days each month's build covered, as text (not its sum of
     * rollup_days writes: a count of writes, which a rederived database and a fresh import reach differently).
     */
    static List<String> monthlyLists(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT to_jsonb(m)::text FROM entity_monthly_lists m
                UNION ALL
                SELECT to_jsonb(d)::text FROM entity_daily_heads d
                UNION ALL
                SELECT concat_ws(' ', entity_kind, month, until) FROM entity_monthly_builds
                ORDER BY 1""").mapTo(String.class).list());
    }

    @Test
    void aSystemMovedToAnotherRegionTakesItsKillmailsWithIt(TestDatabase db) {
        TestDatabase moved = db.sibling("moved_after");
        ok(moved, "import", "--no-progress", SharedData.file(CORPUS).toString());
        long system = count(moved, "SELECT solar_system_id FROM killmails WHERE region_id <> 10000002 "
                + "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
        String move = "UPDATE sde_systems SET region_id = 10000002 WHERE system_id = " + system;
        moved.jdbi().useHandle(h -> h.execute(move));
        assertThat(ok(moved, "db", "rederive").out()).containsPattern("rederived 78 killmails: [1-9]\\d* rewritten");

        TestDatabase fresh = db.sibling("moved_before");
        StaticDataBootstrap.ensureLoaded(fresh.database());
        fresh.jdbi().useHandle(h -> h.execute(move));
        ok(fresh, "import", "--no-progress", SharedData.file(CORPUS).toString());
        assertThat(count(fresh, "SELECT count(*) FROM killmails WHERE solar_system_id = " + system
                + " AND region_id = 10000002")).isPositive();
        assertThat(killmails(moved)).isEqualTo(killmails(fresh));
        assertThat(rollups(moved)).isEqualTo(rollups(fresh));
        assertThat(ok(moved, "db", "verify").out()).contains("every derived table equals a recomputation");
    }

    @Test
    void everyFormOfPayloadIsReadBackAsItWasDerived(TestDatabase db) {
        TestDatabase all = db.sibling("all_forms");
        ok(all, ImportCommandTest.realSamples("import", "--no-progress"));
        List<String> before = killmails(all);

        assertThat(ok(all, "db", "rederive").out()).as("ESI, zKillboard API, R2Z2 and RedisQ payloads, zkb values kept")
                .contains("rederived 80 killmails: 0 rewritten, 80 unchanged");
        assertThat(killmails(all)).isEqualTo(before);
    }

    @Test
    void sinceAndUntilBoundTheKillmailsRederived(TestDatabase db) {
        TestDatabase ranged = db.sibling("ranged");
        ok(ranged, "import", "--no-progress", SharedData.file(CORPUS).toString());
        long in2026 = count(ranged, "SELECT count(*) FROM killmails WHERE killmail_time >= '2026-01-01' "
                + "AND killmail_time < '2026-07-01'");
        Run r = ok(ranged, "db", "rederive", "--since", "2026-01-01", "--until", "2026-07-01");
        assertThat(r.out()).contains("rederived " + in2026 + " killmails: 0 rewritten");
        Run wrong = run(ranged, "db", "rederive", "--since", "2026-07-01", "--until", "2026-01-01");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err().strip()).isEqualTo("eve-dmv: --until (2026-01-01) must be after --since (2026-07-01)");
    }

    private static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static Run run(TestDatabase db, String... args) {
        return StaticDataCompletenessTest.run(db, args);
    }
}
