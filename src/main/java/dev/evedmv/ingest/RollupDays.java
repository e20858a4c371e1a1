package dev.evedmv.ingest;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;

/**
 * The entity kinds and days one write put {@code entity_daily} rows of, each with its leaders (the
 * 50 players with the most non-npc kills, and with the most ISK destroyed, among those rows as they
 * now are), recorded in {@code rollup_days} in the same transaction: the day's version raised, its
 * leaders merged. The top rankings rely on it: a ranking is stale once a version of its days moved
 * (unless the change was logged in {@code late_rollup_deltas}, see {@link RollupDeltas#logLate}),
 * and on a day it leaves out no entity outside the leaders gained more than the last of them.
 */
final class RollupDays {
    /** How many leaders a day keeps by each figure; the SQL reads it as evedmv_day_leaders() (CountingRuleFunctionsTest). */
    static final int LEADERS = 50;

    private static final NamedSql RECORD = NamedSql.load(RollupDays.class, "record_rollup_days");

    /** Kind in the high half and day in the low, so that the map's order is the key order of rollup_days. */
    private final Map<Long, String[]> leaders = new TreeMap<>();

    private RollupDays() {
    }

    /** The days of the rows upsert_daily_deltas.sql returns, with their leaders as it worked them out. */
    static RollupDays fromUpsert(ResultSet rs) throws SQLException {
        RollupDays days = new RollupDays();
        while (rs.next()) {
            days.leaders.put(key(rs.getInt("entity_kind"), rs.getObject("day", LocalDate.class).toEpochDay()),
                    new String[] {rs.getString("kill_leaders"), rs.getString("isk_leaders")});
        }
        return days;
    }

    /** The days of rows inserted whole, their leaders worked out here. */
    static RollupDays ofInserted(Map<RollupDeltas.DayKey, RollupDeltas.Daily> rows) {
        Map<Long, Leaders> byDay = new TreeMap<>();
        rows.forEach((k, x) -> {
            Leaders l = byDay.computeIfAbsent(key(k.kind(), k.epochDay()), d -> new Leaders());
            if (!k.npc() && isPlayer(k.kind(), k.id())) {
                l.offer(k.id(), BigDecimal.valueOf(x.kills), x.iskDestroyed);
            }
        });
        RollupDays days = new RollupDays();
        byDay.forEach((day, l) -> days.leaders.put(day, new String[] {l.kills.json(), l.isk.json()}));
        return days;
    }

    /**
     * Merges the leaders of the days in and raises their versions, within the caller's transaction;
     * not those of days before {@code loggedBefore} (null: none), whose changes the caller logged in
     * {@code late_rollup_deltas}.
     */
    void record(Handle h, LocalDate loggedBefore) {
        if (leaders.isEmpty()) {
            return;
        }
        int n = leaders.size();
        int[] kinds = new int[n];
        String[] dates = new String[n];
        boolean[] bump = new boolean[n];
        String[] killLeaders = new String[n];
        String[] iskLeaders = new String[n];
        int i = 0;
        for (Map.Entry<Long, String[]> e : leaders.entrySet()) {
            LocalDate day = LocalDate.ofEpochDay((int) (long) e.getKey());
            kinds[i] = (int) (e.getKey() >>> 32);
            dates[i] = day.toString();
            bump[i] = loggedBefore == null || !day.isBefore(loggedBefore);
            killLeaders[i] = e.getValue()[0];
            iskLeaders[i] = e.getValue()[1];
            i++;
        }
        RECORD.update(h).bind("kinds", kinds).bind("days", dates).bind("bump", bump).bind("kill_leaders", killLeaders)
                .bind("isk_leaders", iskLeaders).execute();
    }

    /** counting-rules.md §1: NPC characters and corporations are not ranked. */
    static boolean isPlayer(int kind, long id) {
        return EntityKind.fromCode(kind).isPlayer(id);
    }

    private static long key(int kind, long epochDay) {
        return ((long) kind << 32) | (epochDay & 0xFFFF_FFFFL);
    }

    /** The leaders of one day by kills and by ISK destroyed. */
    private static final class Leaders {
        final Top kills = new Top();
        final Top isk = new Top();

        void offer(long id, BigDecimal killCount, BigDecimal iskDestroyed) {
            kills.offer(id, killCount);
            isk.offer(id, iskDestroyed);
        }
    }

    /** The {@value #LEADERS} largest figures offered, smallest first out. */
    private static final class Top {
        private record Entry(long id, BigDecimal figure) {
        }

        private final PriorityQueue<Entry> heap = new PriorityQueue<>(
                Comparator.comparing(Entry::figure).thenComparing(Comparator.comparingLong(Entry::id).reversed()));

        void offer(long id, BigDecimal figure) {
            heap.add(new Entry(id, figure));
            if (heap.size() > LEADERS) {
                heap.poll();
            }
        }

        /** {@code {"id": figure, …}} */
        String json() {
            StringBuilder b = new StringBuilder(2 + heap.size() * 24).append('{');
            for (Entry e : heap) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(e.id()).append("\":").append(e.figure().toPlainString());
            }
            return b.append('}').toString();
        }
    }
}
