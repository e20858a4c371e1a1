package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Summaries that read the monthly lists of their months give the answer of the daily rows
 * alone (the same summary with the monthly lists and daily heads set aside), for every kind that has them, ranges with
 * and without whole months, with and without NPC kills, at several list lengths; and still do
 * after a late killmail lands on a month already built, before and after it is built again; and
 * still do with the heads of long lists (monthly and daily) cut to a few entries, which tell some
 * answers and leave the rest to the whole lists, before and after late killmails on their days.
 * Data: 4,000 generated killmails from 2026-01-20 to 2026-04-10, "today" 2026-04-15.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthlyListsTest {
    private static final LocalDate FROM = LocalDate.of(2026, 1, 20);
    private static final LocalDate TO = LocalDate.of(2026, 4, 10);
    private static final LocalDate TODAY = LocalDate.of(2026, 4, 15);
    private static final java.time.Clock CLOCK = java.time.Clock.fixed(
            TODAY.atTime(23, 59, 59).toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC);
    private static final List<DateRange> RANGES = List.of(
            new DateRange(FROM, TODAY),                                          // Feb, Mar, Apr's settled days
            new DateRange(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 12)),  // Mar whole, Apr by day
            new DateRange(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1)),   // exactly February
            new DateRange(LocalDate.of(2026, 1, 25), LocalDate.of(2026, 3, 20)), // February whole
            new DateRange(LocalDate.of(2026, 2, 3), LocalDate.of(2026, 2, 27)),  // no whole month
            new DateRange(LocalDate.of(2026, 2, 3), LocalDate.of(2026, 2, 4)));  // one day: its heads alone

    private static final Duration UNBOUNDED = Duration.ofHours(1);

    private TestDatabase db;
    private IntelQueries intel;

    @BeforeAll
    void load(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        this.intel = new IntelQueries(db.database());
        assertThat(GeneratedKillmails.importInto(db, dir, 4_000, 17, FROM, TO)).isEqualTo(4_000);
    }

    @Test
    @Order(1)
    void buildsEveryClosedMonthOfEveryKindOnceUntilItsRollupsMove() {
        List<MonthlyLists.Month> built = db.jdbi().withHandle(h -> MonthlyLists.refreshStale(h, TODAY, UNBOUNDED).built());
        assertThat(built).hasSize(20).extracting(MonthlyLists.Month::month).containsOnly(
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1));
        assertThat(built).extracting(MonthlyLists.Month::kind).doesNotContain(EntityKind.CHARACTER);
        assertThat(built).filteredOn(m -> m.month().getMonthValue() == 4).extracting(MonthlyLists.Month::until)
                .as("the current month up to its settled days: all but yesterday and today")
                .containsOnly(TODAY.minusDays(1));
        assertThat(built).filteredOn(m -> m.month().getMonthValue() == 3).extracting(MonthlyLists.Month::until)
                .containsOnly(LocalDate.of(2026, 4, 1));
        List<MonthlyLists.Month> again = db.jdbi().withHandle(h -> MonthlyLists.refreshStale(h, TODAY, UNBOUNDED).built());
        assertThat(again).as("nothing moved").isEmpty();
        List<MonthlyLists.Month> nextDay = db.jdbi().withHandle(h ->
                MonthlyLists.refreshStale(h, TODAY.plusDays(1), UNBOUNDED).built());
        assertThat(nextDay).as("a day more of the current month settled").hasSize(5)
                .extracting(MonthlyLists.Month::until).containsOnly(TODAY);
        long rows = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM entity_monthly_lists m
                WHERE m.days = (SELECT count(*) FROM entity_daily d WHERE d.entity_kind = m.entity_kind
                                  AND d.entity_id = m.entity_id AND d.npc = m.npc
                                  AND d.day >= m.month AND d.day < m.month + interval '1 month')""")
                .mapTo(Long.class).one());
        long all = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM entity_monthly_lists").mapTo(Long.class).one());
        assertThat(rows).as("monthly rows that sum their month's daily rows").isGreaterThan(500).isEqualTo(all);
    }

    @Test
    @Order(2)
    void aRefreshBuildsAtLeastOneMonthAndStopsWhenItsTimeIsSpent() {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM entity_monthly_builds WHERE month >= '2026-02-01'"));
        MonthlyLists.Refresh first = db.jdbi().withHandle(h -> MonthlyLists.refreshStale(h, TODAY, Duration.ZERO));
        assertThat(first.built()).containsExactly(
                new MonthlyLists.Month(EntityKind.CORPORATION, LocalDate.of(2026, 4, 1), TODAY.minusDays(1)));
        assertThat(first.left()).isEqualTo(14);
        List<MonthlyLists.Month> rest = db.jdbi().withHandle(h -> MonthlyLists.refreshStale(h, TODAY, UNBOUNDED).built());
        assertThat(rest).hasSize(14).doesNotContainAnyElementsOf(first.built());
    }

    @Test
    @Order(3)
    void summariesEqualTheDailyRowsAlone() {
        assertAllEqualTheDailyRowsAlone();
    }

    @Test
    @Order(4)
    void aLateKillmailOnABuiltMonthChangesNoAnswerAndItsMonthIsBuiltAgain() {
        Map<String, Object> template = KillmailTemplates.busiestAllianceKill(db);
        KillmailTemplates.write(db, CLOCK, KillmailTemplates.copyOf(template, 990_000_001L, "2026-02-11T18:30:00Z"),
                KillmailTemplates.copyOf(template, 990_000_002L, "2026-03-31T23:59:59Z"));
        assertAllEqualTheDailyRowsAlone();

        List<MonthlyLists.Month> built = db.jdbi().withHandle(h -> MonthlyLists.refreshStale(h, TODAY, UNBOUNDED).built());
        assertThat(built).extracting(MonthlyLists.Month::month)
                .containsOnly(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1));
        assertThat(built).extracting(MonthlyLists.Month::kind).contains(EntityKind.ALLIANCE, EntityKind.SYSTEM);
        assertAllEqualTheDailyRowsAlone();
    }

    /**
     * An NPC's kill of a pilot whose alliance already lost a ship to NPCs that day adds one loss to
     * an existing row and nothing else to the alliance kind: the same rows, the same kills. The month
     * is stale all the same (its rollup_days writes moved), and is built again.
     */
    @Test
    @Order(5)
    void aLateKillmailThatOnlyAddsALossMakesItsMonthStale() {
        Map<String, Object> lost = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT d.day, p.character_id, p.corporation_id, p.alliance_id, p.ship_type_id, k.solar_system_id,
                       k.region_id
                FROM entity_daily d
                JOIN participants p ON p.alliance_id = d.entity_id AND p.is_victim AND p.is_npc
                 AND p.killmail_time >= d.day AND p.killmail_time < d.day + 1
                JOIN killmails k ON k.killmail_id = p.killmail_id AND k.killmail_time = p.killmail_time
                WHERE d.entity_kind = 3 AND d.npc AND d.losses > 0 AND d.day >= '2026-02-01' AND d.day < '2026-04-01'
                ORDER BY d.day, d.entity_id LIMIT 1""").mapToMap().one());
        assertThat(stale()).as("every month built").isEmpty();
        LocalDate day = ((java.sql.Date) lost.get("day")).toLocalDate();
        KillmailTemplates.write(db, CLOCK, dev.evedmv.testing.KillmailFixtures.killmail(990_000_003L, day + "T12:00:00Z")
                .system(((Number) lost.get("solar_system_id")).intValue(), ((Number) lost.get("region_id")).intValue())
                .victim(dev.evedmv.testing.KillmailFixtures.victim((Long) lost.get("character_id"),
                        (Long) lost.get("corporation_id"), (Long) lost.get("alliance_id"),
                        ((Number) lost.get("ship_type_id")).intValue()))
                .attacker(dev.evedmv.testing.KillmailFixtures.attacker(3_000_001L, 1_000_125L, null, 23_912, true))
                .build());
        LocalDate month = day.withDayOfMonth(1);
        assertThat(stale())
                .contains(new MonthlyLists.Month(EntityKind.ALLIANCE, month, month.plusMonths(1)));
        assertAllEqualTheDailyRowsAlone();
        db.jdbi().useHandle(h -> MonthlyLists.refreshStale(h, TODAY, UNBOUNDED));
        assertThat(stale()).isEmpty();
        assertAllEqualTheDailyRowsAlone();
    }

    private List<MonthlyLists.Month> stale() {
        return db.jdbi().withHandle(h -> MonthlyLists.stale(h, TODAY));
    }

    /** Heads of a few entries, so that most lists have one and the heads' answer or the whole lists' decides. */
    @ParameterizedTest(name = "heads of {0}")
    @ValueSource(ints = {1, 3})
    @Order(6)
    void summariesFromTheHeadsOfLongListsEqualTheDailyRowsAlone(int headSize) {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM entity_monthly_builds"));
        MonthlyLists.Refresh refresh = db.jdbi().withHandle(h -> MonthlyLists.refreshStale(h, TODAY, UNBOUNDED, headSize));
        assertThat(refresh.built()).hasSize(20);
        long withHeads = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM entity_monthly_lists
                WHERE members_head IS NOT NULL AND ships_head IS NOT NULL AND systems_head IS NOT NULL""")
                .mapTo(Long.class).one());
        assertThat(withHeads).as("monthly rows with heads of all three lists").isGreaterThan(100);
        long dayHeads = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM entity_daily_heads
                WHERE members_head IS NOT NULL AND ships_head IS NOT NULL AND systems_head IS NOT NULL""")
                .mapTo(Long.class).one());
        assertThat(dayHeads).as("daily heads of all three lists").isGreaterThan(100);
        assertAllEqualTheDailyRowsAlone();

        Map<String, Object> template = KillmailTemplates.busiestAllianceKill(db);
        KillmailTemplates.write(db, CLOCK, KillmailTemplates.copyOf(template, 990_000_010L + headSize, "2026-02-03T12:00:00Z"),
                KillmailTemplates.copyOf(template, 990_000_020L + headSize, "2026-03-31T12:00:00Z"));
        assertAllEqualTheDailyRowsAlone(); // the heads of those days and months no longer match their daily rows
    }

    /** A day's heads answer for it, and only while its daily row has the kills and losses they were taken from. */
    @Test
    @Order(7)
    void aDayHeadIsReadOnlyWhileItsDailyRowIsTheOneItWasTakenFrom() {
        long[] key = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT entity_id, day - DATE '2026-01-01' FROM entity_daily_heads
                WHERE entity_kind = 3 AND NOT npc AND members_head IS NOT NULL ORDER BY kills DESC, entity_id, day LIMIT 1""")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
        LocalDate day = LocalDate.of(2026, 1, 1).plusDays(key[1]);
        DateRange oneDay = new DateRange(day, day.plusDays(1));
        String where = " WHERE entity_kind = 3 AND entity_id = :id AND day = :day AND NOT npc";
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE entity_daily_heads SET members_head = '{\"4123456789\": 1000}',"
                + " members_floor = 0" + where).bind("id", key[0]).bind("day", day).execute());
        assertThat(intel.summary(EntityKind.ALLIANCE, key[0], oneDay, false, 1).topMembers())
                .as("what the head says").extracting(EntitySummary.MemberKills::kills).containsExactly(1000L);

        String lateLoss = "UPDATE entity_daily SET losses = losses + :by" + where;
        db.jdbi().useHandle(h -> h.createUpdate(lateLoss).bind("by", 1).bind("id", key[0]).bind("day", day).execute());
        String daily = fromTheDailyRowsAlone(() -> intel.json().write(
                intel.summary(EntityKind.ALLIANCE, key[0], oneDay, false, 1)));
        assertThat(intel.json().write(intel.summary(EntityKind.ALLIANCE, key[0], oneDay, false, 1))).isEqualTo(daily);
        db.jdbi().useHandle(h -> h.createUpdate(lateLoss).bind("by", -1).bind("id", key[0]).bind("day", day).execute());
    }

    private void assertAllEqualTheDailyRowsAlone() {
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (long[] e : entities()) {
            EntityKind kind = EntityKind.fromCode((int) e[0]);
            for (DateRange range : RANGES) {
                for (boolean npc : new boolean[] {false, true}) {
                    for (int limit : new int[] {1, 10, 100}) {
                        questions.add("%s %d, %s, npc %s, limit %d".formatted(kind, e[1], range, npc, limit));
                        answers.add(intel.json().write(intel.summary(kind, e[1], range, npc, limit)));
                    }
                }
            }
        }
        List<String> daily = fromTheDailyRowsAlone(() -> {
            List<String> out = new ArrayList<>();
            for (long[] e : entities()) {
                EntityKind kind = EntityKind.fromCode((int) e[0]);
                for (DateRange range : RANGES) {
                    for (boolean npc : new boolean[] {false, true}) {
                        for (int limit : new int[] {1, 10, 100}) {
                            out.add(intel.json().write(intel.summary(kind, e[1], range, npc, limit)));
                        }
                    }
                }
            }
            return out;
        });
        for (int i = 0; i < questions.size(); i++) {
            assertThat(answers.get(i)).as(questions.get(i)).isEqualTo(daily.get(i));
        }
        assertThat(questions).hasSize(5 * 4 * RANGES.size() * 2 * 3);
    }

    /**
     * What {@code answers} works out while the monthly lists and the daily heads are set aside, so that
     * every summary sums its daily rows alone; both are put back as they were.
     */
    private <T> T fromTheDailyRowsAlone(java.util.function.Supplier<T> answers) {
        db.jdbi().useTransaction(h -> {
            h.execute("CREATE TABLE set_aside_monthly_lists AS SELECT * FROM entity_monthly_lists");
            h.execute("CREATE TABLE set_aside_daily_heads AS SELECT * FROM entity_daily_heads");
            h.execute("DELETE FROM entity_monthly_lists");
            h.execute("DELETE FROM entity_daily_heads");
        });
        try {
            return answers.get();
        } finally {
            db.jdbi().useTransaction(h -> {
                h.execute("INSERT INTO entity_monthly_lists SELECT * FROM set_aside_monthly_lists");
                h.execute("INSERT INTO entity_daily_heads SELECT * FROM set_aside_daily_heads");
                h.execute("DROP TABLE set_aside_monthly_lists, set_aside_daily_heads");
            });
        }
    }

    /** The busiest three entities of each kind with monthly lists, and one without any data. */
    private List<long[]> entities() {
        List<long[]> out = new ArrayList<>();
        for (int kind = 2; kind <= 6; kind++) {
            int k = kind;
            db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT entity_id FROM entity_daily WHERE entity_kind = :kind GROUP BY entity_id
                    ORDER BY sum(kills + losses) DESC, entity_id LIMIT 3""").bind("kind", k)
                    .mapTo(Long.class).list()).forEach(id -> out.add(new long[] {k, id}));
            out.add(new long[] {kind, 12_345});
        }
        return out;
    }
}
