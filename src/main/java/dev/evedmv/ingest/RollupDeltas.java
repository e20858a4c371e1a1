package dev.evedmv.ingest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import dev.evedmv.CountMap;
import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;

/**
 * The rollup increments of new killmails: their {@link KillmailRollup} parts added up per entity,
 * day and npc flag (the totals, the hour-by-hour kills and the top-list counts of ships, systems, members,
 * corporations, alliances, enemies and killers, and the killmails of characters, corporations, alliances and ship
 * types with their second of the day and the side taken, written as text lists: {@link #list}), and added to
 * {@code entity_daily} with one COPY and one upsert that merges id by id on conflict — or, for a backfilled month
 * whose days hold no row yet, one COPY of new rows. The rules are those of
 * {@code rollup_daily_select.sql}, which {@code db verify} runs over the stored participants:
 * the two are independent implementations of docs/counting-rules.md checked against each other.
 */
final class RollupDeltas {
    static final short CHARACTER = code(EntityKind.CHARACTER), CORPORATION = code(EntityKind.CORPORATION),
            ALLIANCE = code(EntityKind.ALLIANCE), SHIP = code(EntityKind.SHIP), SYSTEM = code(EntityKind.SYSTEM),
            REGION = code(EntityKind.REGION);

    private static final NamedSql CREATE_STAGE = NamedSql.load(RollupDeltas.class, "create_rollup_stage");
    private static final NamedSql UPSERT_DAILY = NamedSql.load(RollupDeltas.class, "upsert_daily_deltas");
    private static final String LOG_LATE =
            "COPY late_rollup_deltas (entity_kind, entity_id, day, kills, isk_destroyed) FROM STDIN (FORMAT csv)";
    /** A backfill writes many batches in one transaction, so ON COMMIT DELETE ROWS is not enough. */
    private static final NamedSql EMPTY_STAGE = NamedSql.of("ingest.empty_rollup_stage", "TRUNCATE stage_daily");

    record DayKey(short kind, long id, int epochDay, boolean npc) {
    }

    private static final Comparator<DayKey> PRIMARY_KEY_ORDER = Comparator.comparingInt(DayKey::kind)
            .thenComparingLong(DayKey::id).thenComparingInt(DayKey::epochDay).thenComparing(DayKey::npc);

    static final class Daily {
        int kills;
        int losses;
        int soloKills;
        int soloLosses;
        int finalBlows;
        BigDecimal iskDestroyed = BigDecimal.ZERO;
        BigDecimal iskLost = BigDecimal.ZERO;
        long attackersOnKills;
        final int[] hourly = new int[24];
        /** Top-list counts of the day: ship type, solar system, member character id to kills; null until counted. */
        CountMap ships;
        CountMap systems;
        CountMap members;
        /** Corporation, alliance, group key ({@link KillmailRollup#groupKey}) to kills; killers: group key to losses. */
        CountMap corporations;
        CountMap alliances;
        CountMap enemies;
        CountMap killers;
        /** Characters, corporations, alliances, ship types: killmail id to its time and sides ({@link #killmailEntry}). */
        CountMap killmailIds;

        /** {@code into} (made if null) with one more kill for each of {@code ids}; null stays null when there are none. */
        private static CountMap count(CountMap into, long... ids) {
            if (ids.length == 0) {
                return into;
            }
            CountMap counts = into == null ? new CountMap() : into;
            for (long id : ids) {
                counts.add(id, 1);
            }
            return counts;
        }
    }

    private final Map<DayKey, Daily> daily = new HashMap<>();

    void add(KillmailRollup r) {
        for (KillmailRollup.Part p : r.parts()) {
            Daily x = daily.computeIfAbsent(new DayKey(p.kind(), p.id(), r.epochDay(), r.npc()), k -> new Daily());
            if (p.kill()) {
                x.kills++;
                x.soloKills += r.solo() ? 1 : 0;
                x.iskDestroyed = x.iskDestroyed.add(r.value());
                x.attackersOnKills += r.attackerCount();
                x.hourly[r.hour()]++;
                x.ships = Daily.count(x.ships, p.ships());
                x.members = Daily.count(x.members, p.members());
                x.corporations = Daily.count(x.corporations, p.corporations());
                x.alliances = Daily.count(x.alliances, p.alliances());
                x.enemies = Daily.count(x.enemies, p.enemies());
                if (p.kind() != SYSTEM) {
                    x.systems = Daily.count(x.systems, r.solarSystemId());
                }
            }
            if (p.loss()) {
                x.losses++;
                x.soloLosses += r.solo() ? 1 : 0;
                x.iskLost = x.iskLost.add(r.value());
                x.killers = Daily.count(x.killers, p.killers());
            }
            if (p.finalBlow()) {
                x.finalBlows++;
            }
            if (p.kind() <= SHIP) {
                if (x.killmailIds == null) {
                    x.killmailIds = new CountMap();
                }
                x.killmailIds.add(r.killmailId(), killmailEntry(r.secondOfDay(), p.kill(), p.loss()));
            }
        }
    }

    /** Entity-days held. */
    int size() {
        return daily.size();
    }

    /**
     * Adds the increments to the rollup tables within the caller's transaction; returns the days
     * written, for {@link RollupDays#record} in the same transaction.
     */
    RollupDays write(Handle h) throws SQLException {
        CREATE_STAGE.update(h).execute();
        EMPTY_STAGE.update(h).execute();
        copyRows(h.getConnection(), "COPY stage_daily FROM STDIN (FORMAT csv)");
        return UPSERT_DAILY.query(h).scanResultSet((results, ctx) -> RollupDays.fromUpsert(results.get()));
    }

    /**
     * Logs in {@code late_rollup_deltas} the kills this batch adds to players' rows of days before
     * {@code before} (non-npc, as the top rankings count them), within the caller's transaction.
     */
    void logLate(Handle h, LocalDate before) throws SQLException {
        long beforeDay = before.toEpochDay();
        List<Map.Entry<DayKey, Daily>> late = daily.entrySet().stream()
                .filter(e -> e.getKey().epochDay() < beforeDay && !e.getKey().npc() && e.getValue().kills > 0
                        && RollupDays.isPlayer(e.getKey().kind(), e.getKey().id()))
                .toList();
        if (late.isEmpty()) {
            return;
        }
        CsvCopy rows = new CsvCopy(late.size() * 48);
        for (Map.Entry<DayKey, Daily> e : late) {
            DayKey k = e.getKey();
            rows.value(k.kind()).value(k.id()).text(LocalDate.ofEpochDay(k.epochDay()).toString())
                    .value(e.getValue().kills).value(e.getValue().iskDestroyed).endRow();
        }
        rows.sendTo(h.getConnection(), LOG_LATE);
    }

    /**
     * Inserts the increments as new rows: for a backfill, whose days {@code entity_daily} holds
     * no row of yet. A row that exists already fails the whole COPY with a unique violation.
     */
    RollupDays insertNew(Handle h) throws SQLException {
        copyRows(h.getConnection(), "COPY entity_daily FROM STDIN (FORMAT csv)");
        return RollupDays.ofInserted(daily);
    }

    /**
     * One row per entity-day in {@code entity_daily}'s column order, sent in chunks of a few
     * megabytes, in primary-key order: the index then grows at a few places instead of everywhere.
     */
    private void copyRows(Connection c, String copySql) throws SQLException {
        List<Map.Entry<DayKey, Daily>> entries = new ArrayList<>(daily.entrySet());
        entries.sort(Map.Entry.comparingByKey(PRIMARY_KEY_ORDER));
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            CsvCopy rows = new CsvCopy(1 << 22);
            for (Map.Entry<DayKey, Daily> e : entries) {
                DayKey k = e.getKey();
                Daily x = e.getValue();
                rows.value(k.kind()).value(k.id()).text(LocalDate.ofEpochDay(k.epochDay()).toString())
                        .value(k.npc()).value(x.kills).value(x.losses).value(x.soloKills).value(x.soloLosses)
                        .value(x.finalBlows).value(x.iskDestroyed).value(x.iskLost).value(x.attackersOnKills)
                        .text(hourList(x.hourly)).text(list(x.ships)).text(list(x.systems)).text(list(x.members))
                        .text(list(x.corporations)).text(list(x.alliances)).text(list(x.enemies))
                        .text(list(x.killers)).text(list(x.killmailIds)).endRow();
                if (rows.bytes() >= 1 << 22) {
                    rows.writeTo(copy);
                }
            }
            rows.writeTo(copy);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * A killmail as {@code entity_daily.killmail_ids} lists it for an entity, the count of its entry:
     * {@code 4 * second of the UTC day + side}, the side 1 a kill, 2 a loss, 3 both (a corporation whose member killed
     * a corpmate). Each killmail is added once per entity, so the count is never a sum of two.
     */
    static int killmailEntry(int secondOfDay, boolean kill, boolean loss) {
        return 4 * secondOfDay + (kill ? 1 : 0) + (loss ? 2 : 0);
    }

    private static short code(EntityKind kind) {
        return (short) kind.code();
    }

    /**
     * A top-list column of {@code entity_daily} in the one form {@code evedmv_list_add} keeps: its entries by id
     * ascending, comma-separated, each {@code id} for a count of 1 and {@code id:count} otherwise ({@code 587,11567:2});
     * empty for none.
     */
    static String list(CountMap counts) {
        if (counts == null || counts.size() == 0) {
            return "";
        }
        long[] ids = new long[counts.size()];
        int[] n = {0};
        counts.forEach((id, count) -> {
            if (count != 0) {
                ids[n[0]++] = id;
            }
        });
        Arrays.sort(ids, 0, n[0]);
        StringBuilder b = new StringBuilder(n[0] * 12);
        for (int i = 0; i < n[0]; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ids[i]);
            int count = counts.get(ids[i]);
            if (count != 1) {
                b.append(':').append(count);
            }
        }
        return b.toString();
    }

    /**
     * Kills by hour as {@code entity_daily.hourly_kills} keeps them, a list in the form of {@link #list}: the hours
     * (0–23) with kills, ascending ({@code 17} is one kill at 17:00, {@code 3:2,20} two at 03:00 and one at 20:00).
     */
    static String hourList(int[] hourly) {
        StringBuilder b = new StringBuilder(8);
        for (int hour = 0; hour < hourly.length; hour++) {
            if (hourly[hour] != 0) {
                if (!b.isEmpty()) {
                    b.append(',');
                }
                b.append(hour);
                if (hourly[hour] != 1) {
                    b.append(':').append(hourly[hour]);
                }
            }
        }
        return b.toString();
    }
}
