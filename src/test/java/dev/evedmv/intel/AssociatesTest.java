package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Associates counted from the per-kill lists are the associates counted wholly in SQL
 * ({@code count(DISTINCT killmail)} by character), for busy and quiet pilots, with and without NPC
 * kills, over several ranges and list lengths; and the id lists parse as they are written.
 * Data: 2,000 generated killmails over 10 days.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssociatesTest {
    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 11);

    private TestDatabase db;

    @BeforeAll
    void load(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        assertThat(GeneratedKillmails.importInto(db, dir, 2_000, 5, FROM, TO)).isEqualTo(2_000);
    }

    @Test
    void countsAsSqlDoesForBusyAndQuietPilots() {
        List<Long> pilots = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT character_id FROM participants WHERE NOT is_victim AND character_id > 3999999
                GROUP BY character_id ORDER BY count(*) DESC, character_id""").mapTo(Long.class).list());
        assertThat(pilots).hasSizeGreaterThan(200);
        List<Long> chosen = List.of(pilots.get(0), pilots.get(1), pilots.get(5), pilots.get(50), pilots.get(200),
                pilots.get(pilots.size() - 1));
        List<DateRange> ranges = List.of(new DateRange(FROM, TO.plusDays(1)), new DateRange(FROM.plusDays(3), FROM.plusDays(4)),
                new DateRange(FROM.plusDays(2), TO.minusDays(2)));
        int compared = 0;
        for (long pilot : chosen) {
            for (DateRange range : ranges) {
                for (boolean npc : new boolean[] {false, true}) {
                    for (int limit : new int[] {1, 10, 100}) {
                        List<EntitySummary.Associate> counted = db.jdbi().withHandle(h -> Associates.of(h, pilot, range, npc, limit));
                        assertThat(counted).as("pilot %d, %s, npc %s, limit %d", pilot, range, npc, limit)
                                .isEqualTo(inSql(pilot, range, npc, limit));
                        compared += counted.size();
                    }
                }
            }
        }
        assertThat(compared).as("associates compared").isGreaterThan(500);
    }

    @Test
    void aPilotWithoutKillsHasNoAssociates() {
        List<EntitySummary.Associate> none = db.jdbi().withHandle(h -> Associates.of(h, 1, new DateRange(FROM, TO), true, 10));
        assertThat(none).isEmpty();
    }

    @Test
    void parsesIdListsAndCountsThoseThatDoNotFit() {
        long[] ids = new long[2];
        assertThat(Associates.parse("90000001", ids)).isEqualTo(1);
        assertThat(ids[0]).isEqualTo(90000001L);
        assertThat(Associates.parse("2112345678,95000000", ids)).isEqualTo(2);
        assertThat(ids).containsExactly(2112345678L, 95000000L);
        assertThat(Associates.parse("4000001,4000002,4000003", ids)).isEqualTo(3);
    }

    private List<EntitySummary.Associate> inSql(long pilot, DateRange range, boolean includeNpc, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT other.character_id, n.name, count(DISTINCT other.killmail_id) AS shared_kills
                FROM participants mine
                JOIN participants other ON other.killmail_id = mine.killmail_id AND other.killmail_time = mine.killmail_time
                LEFT JOIN names n ON n.id = other.character_id
                WHERE mine.character_id = :id AND NOT mine.is_victim AND (NOT mine.is_npc OR :include_npc)
                  AND mine.killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
                  AND mine.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
                  AND NOT other.is_victim AND other.character_id > 3999999 AND other.character_id <> :id
                GROUP BY other.character_id, n.name
                ORDER BY 3 DESC, 1
                LIMIT :limit""")
                .bind("id", pilot).bind("since", range.since()).bind("until", range.until())
                .bind("include_npc", includeNpc).bind("limit", limit)
                .map((rs, ctx) -> new EntitySummary.Associate(rs.getLong(1), rs.getString(2), rs.getLong(3))).list());
    }
}
