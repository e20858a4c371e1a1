package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * evedmv_entity_top (changesets 025, 029), the one place a summary's top list picks its rows: whole daily lists, a
 * month's row of entity_monthly_lists while it still sums its daily rows and the range holds each of them, a
 * day's head of entity_daily_heads while its daily row is still the one it was taken from, and the whole lists'
 * counts of the contenders when the heads alone cannot rank them. Each case is held to
 * a plain count of the daily lists; a monthly row or a head planted with a count the daily rows do not have
 * shows which rows were read.
 */
@ExtendWith(PostgresExtension.class)
class EntityTopListTest {
    private static final int CORPORATION = EntityKind.CORPORATION.code();
    private static final long ID = 98_000_001L;
    private static final LocalDate FEB = LocalDate.of(2026, 2, 1);
    private static final LocalDate MAR = LocalDate.of(2026, 3, 1);

    private final TestDatabase db;

    EntityTopListTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void days() {
        db.jdbi().useHandle(h -> {
            h.execute("TRUNCATE entity_daily, entity_monthly_lists, entity_daily_heads");
            // February: three days; March: two; one npc day in February
            day(h, FEB.plusDays(2), false, 3, "{\"601\": 2, \"602\": 1}");
            day(h, FEB.plusDays(9), false, 4, "{\"602\": 3, \"603\": 2, \"604\": 1}");
            day(h, FEB.plusDays(20), false, 2, "{\"601\": 1, \"604\": 1}");
            day(h, FEB.plusDays(21), true, 5, "{\"605\": 5}");
            day(h, MAR.plusDays(1), false, 3, "{\"603\": 3, \"601\": 1}");
            day(h, MAR.plusDays(4), false, 1, "{\"606\": 1}");
        });
    }

    @Test
    void wholeDailyListsAreAPlainCount() {
        db.jdbi().useHandle(h -> {
            assertThat(top(h, FEB, MAR.plusDays(10), false, 3)).isEqualTo(plain(h, FEB, MAR.plusDays(10), false, 3))
                    .containsExactly("603:5", "601:4", "602:4");
            assertThat(top(h, FEB, MAR.plusDays(10), true, 10)).isEqualTo(plain(h, FEB, MAR.plusDays(10), true, 10))
                    .startsWith("603:5", "605:5");
            assertThat(top(h, MAR.plusDays(2), MAR.plusDays(4), false, 10)).as("no day in range").isEmpty();
        });
    }

    @Test
    void aCurrentMonthlyListIsRead() {
        db.jdbi().useHandle(h -> {
            month(h, FEB, false, 3, 9, "{\"601\": 3, \"602\": 4, \"603\": 2, \"604\": 2}");
            assertThat(top(h, FEB, MAR.plusDays(10), false, 4)).isEqualTo(plain(h, FEB, MAR.plusDays(10), false, 4));
            h.execute("UPDATE entity_monthly_lists SET ships = '{\"601\": 30, \"602\": 4, \"603\": 2, \"604\": 2}'");
            assertThat(top(h, FEB, MAR.plusDays(10), false, 1)).as("the planted month").containsExactly("601:31");
            assertThat(top(h, FEB.plusDays(3), MAR.plusDays(10), false, 1))
                    .as("a month whose first daily row the range leaves out is not read")
                    .isEqualTo(plain(h, FEB.plusDays(3), MAR.plusDays(10), false, 1));
        });
    }

    @Test
    void aMonthIsReadByARangeThatHoldsEachOfItsDailyRows() {
        db.jdbi().useHandle(h -> {
            // the daily rows of February are on the 3rd, 10th and 21st
            month(h, FEB, false, 3, 9, "{\"601\": 30, \"602\": 4, \"603\": 2, \"604\": 2}");
            assertThat(top(h, FEB.plusDays(2), MAR.plusDays(10), false, 1)).as("from the first daily row")
                    .containsExactly("601:31");
            assertThat(top(h, FEB.minusDays(20), FEB.plusDays(21), false, 1)).as("to the last daily row")
                    .containsExactly("601:30");
            assertThat(top(h, FEB.plusDays(2), FEB.plusDays(20), false, 1)).as("one row left out")
                    .isEqualTo(plain(h, FEB.plusDays(2), FEB.plusDays(20), false, 1));
        });
    }

    @Test
    void aLateDailyRowInTheRangeDoesNotStandInForOneLeftOut() {
        db.jdbi().useHandle(h -> {
            month(h, FEB, false, 3, 9, "{\"601\": 30, \"602\": 4, \"603\": 2, \"604\": 2}");
            // late: a day with the kills of the 3rd, which the range leaves out; the range's rows then count
            // the days, kills and losses the month was built from, but are not its rows
            day(h, FEB.plusDays(24), false, 3, "{\"607\": 3}");
            assertThat(top(h, FEB.plusDays(3), MAR, false, 2)).isEqualTo(plain(h, FEB.plusDays(3), MAR, false, 2))
                    .containsExactly("602:3", "607:3");
        });
    }

    @Test
    void eachListIsReadFromItsOwnColumnOfTheMonth() {
        db.jdbi().useHandle(h -> {
            h.execute("UPDATE entity_daily SET killers = ships");
            month(h, FEB, false, 3, 9, "{\"601\": 3, \"602\": 4, \"603\": 2, \"604\": 2}");
            h.execute("UPDATE entity_monthly_lists SET killers = '{\"601\": 3, \"602\": 4, \"603\": 2, \"604\": 20}'");
            List<String> killers = h.createQuery("SELECT entry_id || ':' || kills FROM evedmv_entity_top(:kind, :id, "
                            + ":since, :until, false, ARRAY['ships', 'killers'], 3) WHERE list_name = 'killers' ORDER BY rank")
                    .bind("kind", CORPORATION).bind("id", ID).bind("since", FEB).bind("until", MAR.plusDays(10))
                    .mapTo(String.class).list();
            assertThat(killers).as("the month's planted killers").startsWith("604:20");
            assertThat(top(h, FEB, MAR.plusDays(10), false, 3)).isEqualTo(plain(h, FEB, MAR.plusDays(10), false, 3));
        });
    }

    @Test
    void aStaleMonthlyListFallsBackToTheDays() {
        db.jdbi().useHandle(h -> {
            // built before the day of 2026-02-21 gained a kill: its kills no longer match
            month(h, FEB, false, 3, 8, "{\"601\": 30, \"602\": 4, \"603\": 2, \"604\": 2}");
            assertThat(top(h, FEB, MAR.plusDays(10), false, 4)).isEqualTo(plain(h, FEB, MAR.plusDays(10), false, 4))
                    .doesNotContain("601:31");
            h.execute("UPDATE entity_monthly_lists SET kills = 9, days = 2");
            assertThat(top(h, FEB, MAR.plusDays(10), false, 4)).as("days differ")
                    .isEqualTo(plain(h, FEB, MAR.plusDays(10), false, 4));
        });
    }

    @Test
    void currentHeadsAreReadAndStaleOnesAreNot() {
        db.jdbi().useHandle(h -> {
            // the day of 2026-02-10 ({602: 3, 603: 2, 604: 1}) cut to its best entry, with 2 the most of the rest
            head(h, FEB.plusDays(9), 4, "{\"602\": 3}", 2);
            assertThat(top(h, FEB.plusDays(9), FEB.plusDays(10), false, 1)).containsExactly("602:3")
                    .isEqualTo(plain(h, FEB.plusDays(9), FEB.plusDays(10), false, 1));
            assertThat(top(h, FEB, MAR.plusDays(10), false, 3)).as("heads that cannot tell: the whole lists")
                    .isEqualTo(plain(h, FEB, MAR.plusDays(10), false, 3));
            h.execute("UPDATE entity_daily_heads SET ships_head = '{\"602\": 13}'");
            assertThat(top(h, FEB.plusDays(9), FEB.plusDays(10), false, 1)).as("the planted head").containsExactly("602:13");
            h.execute("UPDATE entity_daily_heads SET kills = 3");
            assertThat(top(h, FEB.plusDays(9), FEB.plusDays(10), false, 1)).as("stale: its day's kills moved")
                    .isEqualTo(plain(h, FEB.plusDays(9), FEB.plusDays(10), false, 1)).containsExactly("602:3");
        });
    }

    @Test
    void headsThatCannotRankAListHaveTheirContendersLookedUpInTheWholeLists() {
        db.jdbi().useHandle(h -> {
            // {601: 2, 602: 1} of the 3rd cut to {601: 2} (the rest at most 1), {602: 3, 603: 2, 604: 1} of the
            // 10th to {602: 3} (the rest at most 2): 601 and 602 may each have 4; looked up, 602 has 4 and 601 2,
            // and an id that neither head holds at most 1 + 2
            head(h, FEB.plusDays(2), 3, "{\"601\": 2}", 1);
            head(h, FEB.plusDays(9), 4, "{\"602\": 3}", 2);
            assertThat(top(h, FEB, FEB.plusDays(10), false, 1)).containsExactly("602:4")
                    .isEqualTo(plain(h, FEB, FEB.plusDays(10), false, 1));
            // planted: an id that no head holds, over the floors; the look-ups never read it, a whole sum would
            h.execute("UPDATE entity_daily SET ships = '601:2,602,609:9' WHERE day = '2026-02-03'");
            assertThat(top(h, FEB, FEB.plusDays(10), false, 1)).as("the contenders looked up").containsExactly("602:4");
            // floors that the looked-up counts do not clear: the whole lists are summed
            h.execute("UPDATE entity_daily_heads SET ships_floor = 5 WHERE day = '2026-02-03'");
            assertThat(top(h, FEB, FEB.plusDays(10), false, 1)).as("summed whole").containsExactly("609:9");
        });
    }

    private static void day(Handle h, LocalDate day, boolean npc, int kills, String ships) {
        h.createUpdate("INSERT INTO entity_daily (entity_kind, entity_id, day, npc, kills, ships) "
                        + "VALUES (:kind, :id, :day, :npc, :kills, evedmv_list_of_counts(CAST(:ships AS jsonb)))")
                .bind("kind", CORPORATION).bind("id", ID).bind("day", day).bind("npc", npc).bind("kills", kills)
                .bind("ships", ships).execute();
    }

    private static void month(Handle h, LocalDate month, boolean npc, int days, long kills, String ships) {
        h.createUpdate("INSERT INTO entity_monthly_lists (entity_kind, entity_id, month, until, npc, days, kills, losses, "
                        + "ships, systems, members, corporations, alliances, enemies, killers) VALUES (:kind, :id, :month, "
                        + ":until, :npc, :days, :kills, 0, CAST(:ships AS jsonb), '{}', '{}', '{}', '{}', '{}', '{}')")
                .bind("kind", CORPORATION).bind("id", ID).bind("month", month).bind("until", month.plusMonths(1))
                .bind("npc", npc).bind("days", days).bind("kills", kills).bind("ships", ships).execute();
    }

    private static void head(Handle h, LocalDate day, int kills, String head, int floor) {
        h.createUpdate("INSERT INTO entity_daily_heads (entity_kind, entity_id, day, npc, kills, losses, ships_head, "
                        + "ships_floor) VALUES (:kind, :id, :day, false, :kills, 0, CAST(:head AS jsonb), :floor)")
                .bind("kind", CORPORATION).bind("id", ID).bind("day", day).bind("kills", kills).bind("head", head)
                .bind("floor", floor).execute();
    }

    /** The function's answer, as "id:kills" in its order. */
    private static List<String> top(Handle h, LocalDate since, LocalDate until, boolean npc, int limit) {
        return h.createQuery("SELECT entry_id || ':' || kills FROM evedmv_entity_top(:kind, :id, :since, :until, :npc, "
                        + "ARRAY['ships', 'killers'], :limit) WHERE list_name = 'ships' ORDER BY rank")
                .bind("kind", CORPORATION).bind("id", ID).bind("since", since).bind("until", until).bind("npc", npc)
                .bind("limit", limit).mapTo(String.class).list();
    }

    /** The daily lists summed, by count descending then id. */
    private static List<String> plain(Handle h, LocalDate since, LocalDate until, boolean npc, int limit) {
        return h.createQuery("SELECT e.key || ':' || sum(e.value::bigint) FROM entity_daily d "
                        + "CROSS JOIN LATERAL jsonb_each_text(evedmv_list_counts(d.ships)) AS e "
                        + "WHERE d.entity_kind = :kind AND d.entity_id = :id AND d.day >= :since AND d.day < :until "
                        + "AND (NOT d.npc OR :npc) GROUP BY e.key ORDER BY sum(e.value::bigint) DESC, e.key::bigint LIMIT :limit")
                .bind("kind", CORPORATION).bind("id", ID).bind("since", since).bind("until", until).bind("npc", npc)
                .bind("limit", limit).mapTo(String.class).list();
    }
}
