package dev.evedmv.intel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import dev.evedmv.CountMap;
import dev.evedmv.db.NamedSql;

/**
 * A character's associates (docs/counting-rules.md §3): the other player characters among the attackers of its
 * kills, by the number of those kills they were on, then by id. The database lists each kill's
 * player attackers ({@code associate_kills.sql}); all but the character itself are counted here,
 * each once per kill, in an unboxed map: for a pilot with thousands of kills in fleets of a hundred,
 * that is hundreds of thousands of pairs, which counted in SQL need a sort and group of them all,
 * the most of the query's work.
 */
final class Associates {
    static final NamedSql KILLS = NamedSql.load(Associates.class, "associate_kills");
    private static final NamedSql NAMES = NamedSql.load(Associates.class, "summary_names");
    /** Orders entries best last, so that a bounded queue's head is the one to drop. */
    private static final Comparator<long[]> WORST_FIRST = Comparator.<long[]>comparingLong(e -> e[1])
            .thenComparing(Comparator.<long[]>comparingLong(e -> e[0]).reversed());

    private Associates() {
    }

    static List<EntitySummary.Associate> of(Handle h, long characterId, DateRange range, boolean includeNpc, int limit) {
        CountMap shared = new CountMap();
        long[] ids = new long[64];
        for (Long[] kill : KILLS.query(h).bind("id", characterId).bind("since", range.since())
                .bind("until", range.until()).bind("include_npc", includeNpc)
                .map((rs, ctx) -> (Long[]) rs.getArray(1).getArray())) {
            if (kill.length > ids.length) {
                ids = new long[Integer.highestOneBit(kill.length) * 2];
            }
            for (int i = 0; i < kill.length; i++) {
                ids[i] = kill[i];
            }
            Arrays.sort(ids, 0, kill.length); // stored lists are sorted already; those read from participants not
            for (int i = 0; i < kill.length; i++) {
                if ((i == 0 || ids[i] != ids[i - 1]) && ids[i] != characterId) { // each other one once per kill
                    shared.add(ids[i], 1);
                }
            }
        }
        List<long[]> top = top(shared, limit);
        Map<Long, String> names = names(h, top);
        List<EntitySummary.Associate> out = new ArrayList<>(top.size());
        for (long[] e : top) {
            out.add(new EntitySummary.Associate(e[0], names.get(e[0]), e[1]));
        }
        return out;
    }

    /** The {@code limit} best entries as {id, count}: by count descending, then id ascending. */
    private static List<long[]> top(CountMap counts, int limit) {
        PriorityQueue<long[]> best = new PriorityQueue<>(limit + 1, WORST_FIRST);
        counts.forEach((id, count) -> {
            long[] entry = {id, count};
            if (best.size() < limit) {
                best.add(entry);
            } else if (WORST_FIRST.compare(entry, best.peek()) > 0) {
                best.poll();
                best.add(entry);
            }
        });
        List<long[]> out = new ArrayList<>(best);
        out.sort(WORST_FIRST.reversed());
        return out;
    }

    private static Map<Long, String> names(Handle h, List<long[]> entries) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        Long[] ids = entries.stream().map(e -> e[0]).toArray(Long[]::new);
        return NAMES.query(h).bindArray("ships", Integer.class, List.of()).bindArray("systems", Integer.class, List.of())
                .bindArray("regions", Integer.class, List.of()).bindArray("names", Long.class, (Object[]) ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("name")))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }
}
