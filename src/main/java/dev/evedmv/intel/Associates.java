package dev.evedmv.intel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import dev.evedmv.CountMap;
import dev.evedmv.IdBytes;
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
    /** Room for the distinct associates of a pilot of some hundred kills before the map grows. */
    private static final int INITIAL_CAPACITY = 1 << 12;
    /** Orders entries best last, so that a bounded queue's head is the one to drop. */
    private static final Comparator<long[]> WORST_FIRST = Comparator.<long[]>comparingLong(e -> e[1])
            .thenComparing(Comparator.<long[]>comparingLong(e -> e[0]).reversed());

    private Associates() {
    }

    static List<EntitySummary.Associate> of(Handle h, long characterId, DateRange range, boolean includeNpc, int limit) {
        CountMap shared = new CountMap(INITIAL_CAPACITY);
        for (byte[] kill : KILLS.query(h).bind("id", characterId).bind("since", range.since())
                .bind("until", range.until()).bind("include_npc", includeNpc)
                .map((rs, ctx) -> rs.getBytes(1))) {
            for (long id : IdBytes.read(kill)) { // ascending, each once: each other one counted once per kill
                if (id != characterId) {
                    shared.add(id, 1);
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
            if (best.size() < limit) {
                best.add(new long[] {id, count});
                return;
            }
            long[] worst = best.peek();
            if (count > worst[1] || (count == worst[1] && id < worst[0])) {
                best.poll();
                best.add(new long[] {id, count});
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
