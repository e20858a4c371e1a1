package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The heads of long lists (evedmv_list_head) and the top entries of lists summed from their heads
 * (evedmv_top_counts): the heads' answer when they can tell it, null when they cannot, and never an
 * answer that differs from the whole lists'; and the ids of the heads that may still rank among the top
 * (evedmv_top_contenders), whose counts a summary looks up when the heads alone cannot tell.
 */
@ExtendWith(PostgresExtension.class)
class ListHeadsTest {
    private static final String TOP = "SELECT CAST(evedmv_top_counts(CAST(:lists AS jsonb[]), CAST(CAST(:floors AS text) AS integer[]), :top) AS text)";

    @Test
    void aHeadIsTheBestEntriesAndTheCountNoneOfTheRestExceeds(TestDatabase db) {
        db.jdbi().useHandle(h -> {
            assertThat(head(h, "{\"7\": 1, \"3\": 5, \"9\": 5, \"4\": 2, \"8\": 2}", 2))
                    .containsExactly("{\"3\": 5, \"9\": 5}", "2");
            assertThat(head(h, "{\"7\": 1, \"3\": 5, \"9\": 5, \"4\": 2, \"8\": 2}", 3))
                    .as("ties cut by id").containsExactly("{\"3\": 5, \"4\": 2, \"9\": 5}", "2");
            assertThat(head(h, "{\"7\": 1, \"3\": 5}", 2)).as("short lists have none").containsExactly(null, null);
            assertThat(head(h, "{}", 2)).containsExactly(null, null);
        });
    }

    @ParameterizedTest(name = "{0} with floors {1}, top {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // whole lists (no floors): summed, by count descending then id
        "{\"1\": 3, \"2\": 3} ; {\"2\": 1, \"5\": 9} | null | 2 | [[5, 9], [2, 4]]",
        "{} | null | 10 | []",
        "'' | null | 10 | []",
        // 1 is 10 + 5 exactly; 2 at most 8 + 2, 3 at most 7 + 3, an id in neither head at most 3 + 2
        "{\"1\": 10, \"2\": 8} ; {\"1\": 5, \"3\": 7} | {3, 2} | 1 | [[1, 15]]",
        // 2 is 8, or as much as 10: the heads cannot rank it
        "{\"1\": 10, \"2\": 8} ; {\"1\": 5, \"3\": 7} | {3, 2} | 2 | null",
        // the second list whole: 2 is exactly 8, 3 at most 4 + 3
        "{\"1\": 10, \"2\": 8} ; {\"1\": 5, \"3\": 4, \"2\": 0} | {3, null} | 2 | [[1, 15], [2, 8]]",
        // an id in no head has at most 4 + 4: below 9, but it could tie with 8 and rank first by id
        "{\"1\": 5, \"9\": 4} ; {\"1\": 4, \"9\": 4} | {4, 4} | 1 | [[1, 9]]",
        "{\"1\": 5, \"9\": 4} ; {\"1\": 4, \"9\": 4} | {4, 4} | 2 | null",
        // 5 may reach 6 + 3 = 9, 10's count, and would rank before it by id; 50 would rank after it
        "{\"10\": 9, \"5\": 6} ; {\"10\": 0} | {1, 3} | 1 | null",
        "{\"10\": 9, \"50\": 6} ; {\"10\": 0} | {1, 3} | 1 | [[10, 9]]",
        // fewer entries known than asked for, while some are left out
        "{\"1\": 9} | {2} | 2 | null",
    })
    void topCountsFromHeads(String lists, String floors, int top, String expected, TestDatabase db) {
        Object[] each = lists.isBlank() ? new Object[0] : lists.split(" ; ");
        String answer = db.jdbi().withHandle(h -> h.createQuery(TOP).bindArray("lists", String.class, each)
                .bind("floors", floors).bind("top", top).mapTo(String.class).one());
        assertThat(answer).isEqualTo(expected);
    }

    /**
     * Random lists of skewed counts, cut to heads of random sizes: whenever the heads answer, it is
     * the whole lists' answer, and they answer often enough to be worth keeping.
     */
    @Test
    void theHeadsNeverAnswerOtherwiseThanTheWholeLists(TestDatabase db) {
        SplittableRandom random = new SplittableRandom(5);
        int told = 0;
        int contended = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            int parts = 1 + random.nextInt(5);
            int headSize = 1 + random.nextInt(12);
            int top = 1 + random.nextInt(headSize + 2);
            List<String> lists = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                TreeMap<Integer, Integer> counts = new TreeMap<>();
                int entries = random.nextInt(40);
                for (int e = 0; e < entries; e++) {
                    int id = 1 + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 60); // low ids busier
                    counts.merge(id, 1 + random.nextInt(1 + 60 / id), Integer::sum);
                }
                StringBuilder json = new StringBuilder("{");
                counts.forEach((id, n) -> json.append(json.length() > 1 ? ", " : "").append('"').append(id).append("\": ").append(n));
                lists.add(json.append('}').toString());
            }
            String[] answers = db.jdbi().withHandle(h -> h.createQuery("""
                    WITH parts AS (SELECT l.list, h.head, h.floor
                                   FROM unnest(CAST(:lists AS jsonb[])) AS l(list)
                                   LEFT JOIN LATERAL evedmv_list_head(l.list, :head_size) AS h ON true),
                    whole AS (SELECT e.key::bigint AS id, sum(e.value::bigint) AS total
                              FROM parts CROSS JOIN LATERAL jsonb_each_text(parts.list) AS e GROUP BY 1),
                    best AS (SELECT id, total FROM whole ORDER BY total DESC, id LIMIT :top),
                    contenders AS (SELECT * FROM evedmv_top_contenders((SELECT array_agg(coalesce(head, list)) FROM parts),
                                                                       (SELECT array_agg(floor) FROM parts), :top))
                    SELECT (SELECT CAST(evedmv_top_counts(array_agg(coalesce(head, list)), array_agg(floor), :top) AS text) FROM parts),
                           (SELECT CAST(evedmv_top_counts(array_agg(list), NULL, :top) AS text) FROM parts),
                           (SELECT count(*) FROM contenders),
                           -- contenders whose known count is more than theirs, or exact and not theirs
                           (SELECT count(*) FROM contenders c JOIN whole w ON w.id = c.id
                            WHERE c.known > w.total OR (c.exact AND c.known <> w.total)),
                           -- top ids that the floors do not bound and that are no contenders
                           (SELECT count(*) FROM best b
                            WHERE b.total > (SELECT coalesce(sum(floor), 0) FROM parts)
                              AND b.id NOT IN (SELECT id FROM contenders))""")
                    .bindArray("lists", String.class, lists.toArray()).bind("head_size", headSize).bind("top", top)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)}).one());
            assertThat(answers[1]).isNotNull();
            if (answers[0] != null) {
                assertThat(answers[0]).as("lists %s, heads of %d, top %d", lists, headSize, top).isEqualTo(answers[1]);
                told++;
            }
            String trial = String.format("lists %s, heads of %d, top %d", lists, headSize, top);
            assertThat(answers[3]).as("contenders whose count is wrong: " + trial).isEqualTo("0");
            if (!"0".equals(answers[2])) {
                assertThat(answers[4]).as("top ids above the floors that are no contenders: " + trial).isEqualTo("0");
                contended++;
            }
        }
        assertThat(told).as("trials the heads answered").isBetween(trials / 4, trials - 1);
        assertThat(contended).as("trials with contenders").isGreaterThan(trials / 2);
    }

    private static List<String> head(Handle h, String list, int size) {
        return h.createQuery("SELECT CAST(head AS text), floor FROM evedmv_list_head(CAST(:list AS jsonb), :size)")
                .bind("list", list).bind("size", size)
                .map((rs, ctx) -> Arrays.asList(rs.getString(1), rs.getString(2))).one();
    }
}
