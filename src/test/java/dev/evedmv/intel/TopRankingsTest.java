package dev.evedmv.intel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * A top list from the rankings is the list counted whole, for every kind and order, at several
 * lengths, over the windows and over ranges a few days off them (days added and days left out);
 * after killmails on the days the rankings leave out (still answered from them, a pilot lifted
 * into the list), late on ranked days (corrected for), and written without the log (stale: counted
 * whole until rebuilt); with the rankings of the day before; and days after the history ended (its
 * own last days ranked). Data: 3,000 generated killmails over 13 days, "today" their last day.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopRankingsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 7, 2);
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 6, 20);
    private static final int[] LIMITS = {1, 10, 100};

    private TestDatabase db;
    private IntelQueries intel;
    private long nextKillmailId = 910_000_000L;

    @BeforeAll
    void load(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        this.intel = new IntelQueries(db.database());
        assertThat(GeneratedKillmails.importInto(db, dir, 3_000, 7, FIRST_DAY, TODAY)).isEqualTo(3_000);
    }

    /** The windows of {@code today}, then ranges a few days off the rankings of TODAY. */
    private static List<DateRange> ranges(LocalDate today) {
        Clock clock = clockOn(today);
        List<DateRange> ranges = new ArrayList<>();
        for (String window : List.of("7d", "30d", "90d", "365d", "all")) {
            ranges.add(DateRange.resolve(window, null, null, clock));
        }
        ranges.add(new DateRange(TODAY.minusDays(7), TODAY));                // a day before the 7-day ranking, and yesterday
        ranges.add(new DateRange(TODAY.minusDays(90), TODAY));               // as bench queries asks
        ranges.add(new DateRange(FIRST_DAY, TODAY));                         // from the first killmail, as bench queries asks of a younger set
        ranges.add(new DateRange(TODAY.minusDays(8), TODAY.minusDays(1)));   // two days before the 7-day ranking
        ranges.add(REMOVING);
        return ranges;
    }

    /** Two of the 7-day ranking's five days left out. */
    private static final DateRange REMOVING = new DateRange(TODAY.minusDays(5), TODAY.minusDays(2));

    private Optional<List<TopList.Entry>> ranked(EntityKind kind, DateRange range, IntelQueries.TopOrder by, int limit) {
        return db.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
                h -> TopRankings.top(h, kind, range, by == IntelQueries.TopOrder.ISK, limit));
    }

    private List<TopList.Entry> countedWhole(EntityKind kind, DateRange range, IntelQueries.TopOrder by, int limit) {
        return intel.countedWhole(db.database(), kind, range, by, false, limit);
    }

    private List<EntityKind> refresh(LocalDate today) {
        return db.jdbi().withHandle(h -> TopRankings.refreshStale(h, today));
    }

    /**
     * Every list of {@code kind} over {@code ranges} is the list counted whole, and answered from the
     * rankings unless it leaves out some of their days (the first entries of a ranking may then no
     * longer settle it: they lost more than those beyond had); returns how many of those were.
     */
    private int assertRankedAsCounted(EntityKind kind, List<DateRange> ranges, java.util.function.Predicate<DateRange> leavesOutRankedDays) {
        int rankedLeavingOut = 0;
        for (DateRange range : ranges) {
            for (IntelQueries.TopOrder by : IntelQueries.TopOrder.values()) {
                for (int limit : LIMITS) {
                    String what = String.format("%s by %s over %s, top %d", kind, by, range, limit);
                    List<TopList.Entry> expected = countedWhole(kind, range, by, limit);
                    Optional<List<TopList.Entry>> ranked = ranked(kind, range, by, limit);
                    if (leavesOutRankedDays.test(range)) {
                        ranked.ifPresent(r -> assertThat(r).as(what).isEqualTo(expected));
                        rankedLeavingOut += ranked.isPresent() ? 1 : 0;
                    } else {
                        assertThat(ranked).as(what).contains(expected);
                    }
                    assertThat(intel.top(kind, range, by, false, limit).items()).as(what).isEqualTo(expected);
                }
            }
        }
        return rankedLeavingOut;
    }

    /** With the rankings of TODAY. */
    private int assertRankedAsCounted(EntityKind kind, List<DateRange> ranges) {
        return assertRankedAsCounted(kind, ranges, REMOVING::equals);
    }

    @ParameterizedTest
    @EnumSource(EntityKind.class)
    void rankedListsAreTheListsCountedWhole(EntityKind kind) {
        refresh(TODAY);
        assertThat(countedWhole(kind, ranges(TODAY).get(0), IntelQueries.TopOrder.KILLS, 10)).as("data to rank")
                .isNotEmpty();
        int rankedWithDaysLeftOut = assertRankedAsCounted(kind, ranges(TODAY));
        assertThat(rankedWithDaysLeftOut).as("lists leaving out ranked days answered from the rankings").isPositive();
    }

    @Test
    void killmailsOnTheDaysLeftOutAreCountedWithoutRebuilding() {
        refresh(TODAY);
        Map<String, Object> pilot = pilotRanked(40);
        long character = ((Number) pilot.get("character_id")).longValue();
        write(killsBy(pilot, 30, i -> (i % 2 == 0 ? TODAY : TODAY.minusDays(1)) + "T1" + (i % 10) + ":00:00Z"));

        assertThat(refresh(TODAY)).as("no ranking is stale").isEmpty();
        assertThat(ranked(EntityKind.CHARACTER, ranges(TODAY).get(0), IntelQueries.TopOrder.KILLS, 10).orElseThrow())
                .as("lifted into the 7-day top 10 by the days left out").extracting(TopList.Entry::id).contains(character);
        for (EntityKind kind : EntityKind.values()) {
            assertRankedAsCounted(kind, ranges(TODAY));
        }
    }

    @Test
    void lateKillmailsOnRankedDaysAreCorrectedForWithoutRebuilding() {
        refresh(TODAY);
        Map<String, Object> pilot = pilotRanked(30);
        long character = ((Number) pilot.get("character_id")).longValue();
        write(killsBy(pilot, 25, i -> TODAY.minusDays(3 + i % 2) + "T0" + (i % 10) + ":30:00Z"));

        assertThat(count("SELECT count(*) FROM late_rollup_deltas")).as("logged for the rankings").isPositive();
        assertThat(refresh(TODAY)).as("no ranking is stale").isEmpty();
        DateRange week = ranges(TODAY).get(0);
        assertThat(ranked(EntityKind.CHARACTER, week, IntelQueries.TopOrder.KILLS, 10).orElseThrow())
                .as("lifted into the 7-day top 10 by late kills").extracting(TopList.Entry::id).contains(character);
        for (EntityKind kind : EntityKind.values()) {
            assertRankedAsCounted(kind, ranges(TODAY));
        }
    }

    @Test
    void aWriteThatDoesNotLogMakesTheRankingsStaleUntilRebuilt() {
        refresh(TODAY);
        DateRange week = ranges(TODAY).get(0);
        assertThat(ranked(EntityKind.ALLIANCE, week, IntelQueries.TopOrder.KILLS, 10)).isPresent();

        // a writer whose clock is days behind takes TODAY - 3 for a recent day: it raises the day's version
        new KillmailWriter(db.database(), clockOn(TODAY.minusDays(3))).write(
                List.of(killBy(pilotRanked(1), TODAY.minusDays(3) + "T08:00:00Z")), "test",
                KillmailWriter.InTransaction.NOTHING);

        for (EntityKind kind : EntityKind.values()) {
            assertThat(ranked(kind, week, IntelQueries.TopOrder.KILLS, 10)).as("%s stale", kind).isEmpty();
            assertThat(intel.top(kind, week, IntelQueries.TopOrder.KILLS, false, 10).items())
                    .isEqualTo(countedWhole(kind, week, IntelQueries.TopOrder.KILLS, 10));
        }
        assertThat(refresh(TODAY)).as("the kinds the killmail reached, rebuilt").containsExactlyInAnyOrder(
                EntityKind.CHARACTER, EntityKind.CORPORATION, EntityKind.ALLIANCE, EntityKind.SHIP, EntityKind.SYSTEM,
                EntityKind.REGION);
        assertThat(count("SELECT count(*) FROM late_rollup_deltas")).as("counted by the builds, then deleted").isZero();
        assertRankedAsCounted(EntityKind.ALLIANCE, List.of(week));
    }

    @Test
    void aKindWithManyLateDeltasWaitingIsBuiltAgain() {
        refresh(TODAY);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO late_rollup_deltas SELECT 4, 587, DATE '2026-06-25', 0, 0 "
                + "FROM generate_series(1, " + (TopRankings.MAX_LATE_DELTAS + 1) + ")"));
        assertThat(refresh(TODAY)).containsExactly(EntityKind.SHIP);
        assertThat(count("SELECT count(*) FROM late_rollup_deltas")).isZero();
    }

    @Test
    void theRankingsOfYesterdayAnswerTodaysWindows() {
        db.jdbi().useHandle(h -> {
            for (EntityKind kind : EntityKind.values()) {
                TopRankings.build(h, kind, TODAY.minusDays(1));
            }
        });
        List<DateRange> windows = ranges(TODAY).subList(0, 5);
        int rankedLeavingOut = 0;
        for (EntityKind kind : EntityKind.values()) {
            // the 7-day ranking of yesterday counts a day today's window leaves out
            rankedLeavingOut += assertRankedAsCounted(kind, windows, windows.get(0)::equals);
        }
        assertThat(rankedLeavingOut).as("7-day lists answered from yesterday's rankings").isPositive();
        assertThat(refresh(TODAY)).as("a new day rebuilds every kind").hasSize(EntityKind.values().length);
    }

    @Test
    void everyRollupDayHoldsItsLeadersAndBoundsTheRest() {
        write(List.of(killBy(pilotRanked(5), TODAY + "T23:00:00Z")));
        long wrong = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM entity_daily d
                LEFT JOIN rollup_days r ON r.entity_kind = d.entity_kind AND r.day = d.day
                WHERE r.day IS NULL
                   OR (NOT d.npc AND d.entity_id > CASE d.entity_kind WHEN 1 THEN 3999999 WHEN 2 THEN 1999999 ELSE 0 END
                       AND (CASE WHEN jsonb_exists(r.kill_leaders, d.entity_id::text)
                                 THEN (r.kill_leaders ->> d.entity_id::text)::numeric <> d.kills
                                 ELSE d.kills > evedmv_leaders_floor(r.kill_leaders) END
                            OR CASE WHEN jsonb_exists(r.isk_leaders, d.entity_id::text)
                                    THEN (r.isk_leaders ->> d.entity_id::text)::numeric <> d.isk_destroyed
                                    ELSE d.isk_destroyed > evedmv_leaders_floor(r.isk_leaders) END))""")
                .mapTo(Long.class).one());
        assertThat(wrong).as("rows whose day is missing, or that disagree with its leaders or pass its floor").isZero();
        long shortLists = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM rollup_days r
                WHERE (SELECT count(*) FROM jsonb_object_keys(r.kill_leaders))
                      <> least(50, (SELECT count(*) FROM entity_daily d WHERE d.entity_kind = r.entity_kind
                                      AND d.day = r.day AND NOT d.npc
                                      AND d.entity_id > CASE d.entity_kind WHEN 1 THEN 3999999 WHEN 2 THEN 1999999 ELSE 0 END))""")
                .mapTo(Long.class).one());
        assertThat(shortLists).as("days listing fewer than 50 leaders while they have more players").isZero();
        long days = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM rollup_days").mapTo(Long.class).one());
        assertThat(days).as("13 days of 6 kinds").isEqualTo(78);
    }

    @Test
    void rangesAddingMoreDaysThanAnyRankingAllowsAreCountedWhole() {
        // the rankings of six days before TODAY count the days before TODAY - 7: the last six days are added to each
        db.jdbi().useHandle(h -> TopRankings.build(h, EntityKind.CHARACTER, TODAY.minusDays(6)));
        DateRange lastDays = new DateRange(TODAY.minusDays(5), TODAY.plusDays(1));
        assertThat(ranked(EntityKind.CHARACTER, lastDays, IntelQueries.TopOrder.KILLS, 10)).isEmpty();
        assertThat(intel.top(EntityKind.CHARACTER, lastDays, IntelQueries.TopOrder.KILLS, false, 10).items())
                .isEqualTo(countedWhole(EntityKind.CHARACTER, lastDays, IntelQueries.TopOrder.KILLS, 10));
        assertThat(refresh(TODAY)).contains(EntityKind.CHARACTER);
    }

    @Test
    void aHistoryThatEndedDaysAgoIsRankedOverItsOwnLastDays() {
        LocalDate later = TODAY.plusDays(10);
        refresh(later);
        Map<Integer, DateRange> ranked = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT window_days, since, until FROM top_ranking_builds WHERE entity_kind = 1")
                .map((rs, ctx) -> Map.entry(rs.getInt("window_days"), new DateRange(rs.getObject("since", LocalDate.class),
                        rs.getObject("until", LocalDate.class))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(ranked.get(7)).as("the last seven days of the history, TODAY included")
                .isEqualTo(new DateRange(TODAY.minusDays(6), TODAY.plusDays(1)));
        assertThat(ranked.get(0)).isEqualTo(new DateRange(DateRange.FIRST_DAY, TODAY.plusDays(1)));
        assertThat(refresh(later.plusDays(1))).as("a new day adds nothing to a history that ended").isEmpty();

        // the history's own last days, as bench queries asks of it, each the days of a ranking
        List<DateRange> ownDays = List.of(new DateRange(TODAY.minusDays(6), TODAY.plusDays(1)),
                new DateRange(TODAY.minusDays(89), TODAY.plusDays(1)), new DateRange(FIRST_DAY, TODAY.plusDays(1)));
        // the clock's windows three days after the history: the 7 days hold its last four, the rest all of it
        List<DateRange> clockWindows = ranges(TODAY.plusDays(3)).subList(0, 5);
        int rankedLeavingOut = 0;
        for (EntityKind kind : EntityKind.values()) {
            assertRankedAsCounted(kind, ownDays, r -> false);
            rankedLeavingOut += assertRankedAsCounted(kind, clockWindows, clockWindows.get(0)::equals);
        }
        assertThat(rankedLeavingOut).as("7-day lists leaving out three of the ranking's days, from the rankings")
                .isPositive();
        assertThat(refresh(TODAY)).as("the rankings of TODAY count other days: every kind built again")
                .hasSize(EntityKind.values().length);
    }

    /** The character ranked {@code rank} by kills over the last 7 days, with a corporation, alliance and ship he flew. */
    private Map<String, Object> pilotRanked(int rank) {
        DateRange week = ranges(TODAY).get(0);
        long character = countedWhole(EntityKind.CHARACTER, week, IntelQueries.TopOrder.KILLS, rank).get(rank - 1).id();
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT p.character_id, p.corporation_id, p.alliance_id, p.ship_type_id, k.solar_system_id, k.region_id
                FROM participants p JOIN killmails k USING (killmail_id, killmail_time)
                WHERE p.character_id = :id AND NOT p.is_victim ORDER BY p.killmail_id LIMIT 1""")
                .bind("id", character).mapToMap().one());
    }

    /** A new killmail at {@code time}: {@code pilot} the one attacker, a new pilot the victim. */
    private DerivedKillmail killBy(Map<String, Object> pilot, String time) {
        long id = nextKillmailId++;
        return killmail(id, time)
                .system(((Number) pilot.get("solar_system_id")).intValue(), ((Number) pilot.get("region_id")).intValue())
                .victim(victim(96_000_000L + id % 1_000_000, 98_500_001L, null, 587))
                .attacker(attacker(((Number) pilot.get("character_id")).longValue(),
                        ((Number) pilot.get("corporation_id")).longValue(),
                        pilot.get("alliance_id") == null ? null : ((Number) pilot.get("alliance_id")).longValue(),
                        ((Number) pilot.get("ship_type_id")).intValue(), true))
                .value("250000000.00")
                .build();
    }

    /** {@code count} new killmails by {@code pilot}, the i-th at {@code time.apply(i)}. */
    private List<DerivedKillmail> killsBy(Map<String, Object> pilot, int count, IntFunction<String> time) {
        List<DerivedKillmail> kills = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            kills.add(killBy(pilot, time.apply(i)));
        }
        return kills;
    }

    /** Written as a feed would on TODAY. */
    private void write(List<DerivedKillmail> killmails) {
        new KillmailWriter(db.database(), clockOn(TODAY)).write(killmails, "test", KillmailWriter.InTransaction.NOTHING);
    }

    private static Clock clockOn(LocalDate day) {
        return Clock.fixed(day.atTime(23, 59, 59).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }

    private long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
