package dev.evedmv.readmodel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.cli.Main;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.MonthlyLists;
import dev.evedmv.intel.TopRankings;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class ReadModelBuildsTest {
    static final long ALICE = 95_000_001L;
    static final Clock APRIL_20 = Clock.fixed(Instant.parse("2026-04-20T12:00:00Z"), ZoneOffset.UTC);

    record Run(int code, String out, String err) {
    }

    private static Run run(TestDatabase db, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode readModelCheck(String healthJson) throws Exception {
        for (JsonNode c : new ObjectMapper().readTree(healthJson).get("checks")) {
            if (c.get("name").asText().equals("read_model")) {
                return c;
            }
        }
        throw new AssertionError("no read_model check in " + healthJson);
    }

    @Test
    void importLeavesEveryRankingAndMonthlyListCurrentAndHealthSaysWhenOneIsStale(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Run generated = run(db, APRIL_20, "generate", "--killmails", "3000", "--seed", "7", "--out", dir.toString(),
                "--from", "2026-02-10", "--to", "2026-04-20", "--format", "tar.gz");
        assertThat(generated.code()).as(generated.err()).isZero();

        // past months with no killmails go through the backfill; progress as plain lines (no terminal)
        Run imported = run(db, APRIL_20, "import", dir.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("ranking characters (1/", "monthly lists of corporations 2026-02");
        assertThat(imported.out()).contains("built the top rankings of 6 kinds and the monthly lists of 15 kind-months");

        LocalDate today = LocalDate.of(2026, 4, 20);
        try (Handle h = db.jdbi().open()) {
            assertThat(TopRankings.stale(h, today)).as("no ranking left to build, without any serve").isEmpty();
            assertThat(MonthlyLists.stale(h, today)).as("no monthly list left to build").isEmpty();
            assertThat(h.createQuery("SELECT count(*) FROM entity_monthly_lists").mapTo(Long.class).one()).isPositive();
        }
        Run healthy = run(db, APRIL_20, "health", "--json");
        JsonNode check = readModelCheck(healthy.out());
        assertThat(check.get("status").asText()).as(healthy.out()).isEqualTo("ok");
        assertThat(check.get("detail").asText()).isEqualTo("top rankings of 6 kinds and monthly lists current");

        db.jdbi().useHandle(h -> h.execute("DELETE FROM top_ranking_builds WHERE entity_kind = 1"));
        Run stale = run(db, APRIL_20, "health", "--json");
        assertThat(stale.code()).as(stale.out()).isEqualTo(1);
        check = readModelCheck(stale.out());
        assertThat(check.get("status").asText()).isEqualTo("warn");
        assertThat(check.get("detail").asText()).startsWith("top rankings: 1 of 6 kinds stale (characters)")
                .endsWith("monthly lists current");

        Run nextDay = run(db, Clock.offset(APRIL_20, Duration.ofDays(1)), "health", "--json");
        assertThat(readModelCheck(nextDay.out()).get("detail").asText())
                .as("a new day leaves every ranking and the current month's lists behind")
                .startsWith("top rankings: 6 of 6 kinds stale")
                .contains("monthly lists: 5 kind-months stale");

        Run again = run(db, APRIL_20, "import", "--no-progress", dir.toString());
        assertThat(again.out()).contains("imported 0 new", "built the top rankings of 1 kind and the monthly lists of 0 kind-months");
        assertThat(readModelCheck(run(db, APRIL_20, "health", "--json").out()).get("status").asText()).isEqualTo("ok");

        db.jdbi().useHandle(h -> h.execute("DELETE FROM top_ranking_builds; DELETE FROM entity_monthly_builds"));
        Run rederived = run(db, APRIL_20, "db", "rederive", "--since", "2026-04-19");
        assertThat(rederived.code()).as(rederived.err()).isZero();
        assertThat(rederived.err()).contains("rederive: ranking characters (1/21)…");
        assertThat(rederived.out()).contains("built the top rankings of 6 kinds and the monthly lists of 15 kind-months");
        try (Handle h = db.jdbi().open()) {
            assertThat(TopRankings.stale(h, today)).as("db rederive leaves the rankings current").isEmpty();
            assertThat(MonthlyLists.stale(h, today)).isEmpty();
        }
    }

    @Test
    void oneBuilderAtATimeAndEveryKindRankedInOneTurn(TestDatabase shared) throws Exception {
        TestDatabase db = shared.sibling("lock");
        Instant now = Instant.parse("2026-04-20T12:00:00Z");
        List<DerivedKillmail> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(killmail(7000 + i, now.minus(Duration.ofDays(3 + i)).toString())
                    .victim(victim(95_900_000L + i, 98_000_030L, null, 587))
                    .attacker(attacker(ALICE, 98_000_010L, null, 17738, true)).value("1000").build());
        }
        new KillmailWriter(db.database(), APRIL_20).write(batch, "test", KillmailWriter.InTransaction.NOTHING);
        ReadModelBuilds builds = new ReadModelBuilds(db.database(), APRIL_20);
        assertThat(builds.status().staleRankings()).as("the kinds with days: no alliance").hasSize(5);

        try (Handle other = db.jdbi().open()) {
            other.execute("SELECT pg_advisory_lock(hashtext('evedmv_read_model_builds'))");
            assertThat(builds.runOnce()).as("another process holds the lock").isFalse();
            CompletableFuture<ReadModelBuilds.Built> waiting = CompletableFuture.supplyAsync(
                    () -> builds.buildAll(ReadModelBuilds.Steps.NONE));
            Thread.sleep(1500);
            assertThat(waiting).as("a build to completion waits for the other process").isNotDone();
            other.execute("SELECT pg_advisory_unlock(hashtext('evedmv_read_model_builds'))");
            ReadModelBuilds.Built built = waiting.get(60, TimeUnit.SECONDS);
            assertThat(built.rankings()).containsExactly(EntityKind.values());
        }
        assertThat(builds.status().current()).isTrue();
        db.jdbi().useHandle(h -> h.execute("DELETE FROM top_ranking_builds"));
        assertThat(builds.runOnce()).isTrue();
        long ranked = db.jdbi().withHandle(h -> h.createQuery("SELECT count(DISTINCT entity_kind) FROM top_ranking_builds")
                .mapTo(Long.class).one());
        assertThat(ranked).as("every kind ranked in the same turn").isEqualTo(6);
    }

    /** A clock whose time the test moves. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTurnLooksForStaleMonthlyListsOnceADay(TestDatabase shared) {
        TestDatabase db = shared.sibling("daily");
        List<DerivedKillmail> march = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            march.add(killmail(7300 + i, "2026-03-" + (10 + i) + "T12:00:00Z")
                    .victim(victim(95_900_300L + i, 98_000_030L, null, 587))
                    .attacker(attacker(ALICE, 98_000_010L, 99_000_010L, 17738, true)).value("1000").build());
        }
        SettableClock clock = new SettableClock(Instant.parse("2026-04-02T12:00:00Z"));
        new KillmailWriter(db.database(), clock).write(march, "test", KillmailWriter.InTransaction.NOTHING);
        ReadModelBuilds builds = new ReadModelBuilds(db.database(), clock);
        assertThat(builds.runOnce()).isTrue();
        assertThat(monthlyBuilds(db)).as("March built for corporations to regions").isEqualTo(5);

        db.jdbi().useHandle(h -> h.execute("DELETE FROM entity_monthly_builds"));
        assertThat(builds.runOnce()).isTrue();
        assertThat(monthlyBuilds(db)).as("not looked for again the same day").isZero();

        clock.now = Instant.parse("2026-04-03T00:05:00Z");
        assertThat(builds.runOnce()).isTrue();
        assertThat(monthlyBuilds(db)).as("looked for again the next day").isEqualTo(5);
    }

    private static long monthlyBuilds(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM entity_monthly_builds WHERE month = '2026-03-01'")
                .mapTo(Long.class).one());
    }

    @Test
    void buildsRunAtOnceLeaveWhatTheImportsBuildsLeft(TestDatabase shared, @TempDir Path dir) {
        TestDatabase db = shared.sibling("parallel");
        Run generated = run(db, APRIL_20, "generate", "--killmails", "3000", "--seed", "7", "--out", dir.toString(),
                "--from", "2026-02-10", "--to", "2026-04-20", "--format", "tar.gz");
        assertThat(generated.code()).as(generated.err()).isZero();
        Run imported = run(db, APRIL_20, "import", "--no-progress", dir.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        String byTheImport = readModel(db);
        assertThat(byTheImport).contains("monthly", "ranking");

        db.jdbi().useHandle(h -> h.execute("DELETE FROM top_ranking_builds; DELETE FROM top_rankings; "
                + "DELETE FROM entity_monthly_builds; DELETE FROM entity_monthly_lists; DELETE FROM entity_daily_heads"));
        List<String> began = Collections.synchronizedList(new ArrayList<>());
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        // the builds and their lock hold connections opened beside the pool: a pool of one runs four at once
        try (Database pool = db.database().openSiblingPool("builds", 1)) {
            ReadModelBuilds.Built built = new ReadModelBuilds(pool, APRIL_20, 4).buildAll(new ReadModelBuilds.Steps() {
                @Override
                public void began(String step) {
                    began.add(step);
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                }

                @Override
                public void ended(String step, Duration took) {
                    running.decrementAndGet();
                    ended.add(step);
                }
            });
            assertThat(built.rankings()).hasSize(6);
            assertThat(built.monthlyLists()).hasSize(15);
        }
        assertThat(began).as("each build told once as it begins and once as it ends").hasSize(21)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ended);
        assertThat(mostAtOnce.get()).as("never more builds at once than asked").isBetween(1, 4);
        assertThat(readModel(db)).as("the same rankings, monthly lists, heads and build records").isEqualTo(byTheImport);
        try (Handle h = db.jdbi().open()) {
            assertThat(TopRankings.stale(h, LocalDate.of(2026, 4, 20))).isEmpty();
            assertThat(MonthlyLists.stale(h, LocalDate.of(2026, 4, 20))).isEmpty();
        }
    }

    /** The tables the builds write, as text, without the times they record. */
    private static String readModel(TestDatabase db) {
        return db.jdbi().withHandle(h -> String.join("\n", h.createQuery("""
                SELECT 'ranking ' || t::text FROM top_rankings t
                UNION ALL SELECT 'ranking build ' || row(window_days, entity_kind, since, until, version_sum, complete)::text
                          FROM top_ranking_builds
                UNION ALL SELECT 'monthly ' || t::text FROM entity_monthly_lists t
                UNION ALL SELECT 'monthly build ' || row(entity_kind, month, until, writes_sum)::text FROM entity_monthly_builds
                UNION ALL SELECT 'head ' || t::text FROM entity_daily_heads t
                ORDER BY 1""").mapTo(String.class).list()));
    }
}
