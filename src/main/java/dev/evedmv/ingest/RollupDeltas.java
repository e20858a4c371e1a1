package dev.evedmv.ingest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.NamedSql;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.Victim;

/**
 * The rollup increments of a batch of new killmails, computed in memory and added to
 * {@code entity_daily} with one COPY and one upsert: per entity, day and npc flag the totals, the
 * hour-by-hour kills and the top-list counts ({@code {"id": count}} objects for ships, systems and
 * members, merged key by key on conflict). The rules are those of the SELECTs in
 * {@code rollup_*_select.sql}, which {@code db verify} runs over the stored participants: the two
 * are independent implementations of DESIGN §5 checked against each other.
 */
final class RollupDeltas {
    static final short CHARACTER = 1, CORPORATION = 2, ALLIANCE = 3, SHIP = 4, SYSTEM = 5, REGION = 6;

    private static final NamedSql CREATE_STAGE = NamedSql.load(RollupDeltas.class, "create_rollup_stage");
    private static final NamedSql UPSERT_DAILY = NamedSql.load(RollupDeltas.class, "upsert_daily_deltas");
    /** A backfill writes many batches in one transaction, so ON COMMIT DELETE ROWS is not enough. */
    private static final NamedSql EMPTY_STAGE = NamedSql.of("ingest.empty_rollup_stage", "TRUNCATE stage_daily");

    record DayKey(short kind, long id, int epochDay, boolean npc) {
    }

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
        /** Top-list counts of the day: ship type, solar system, member character id to kills. */
        final Map<Long, int[]> ships = new HashMap<>();
        final Map<Long, int[]> systems = new HashMap<>();
        final Map<Long, int[]> members = new HashMap<>();

        void add(Daily o) {
            kills += o.kills;
            losses += o.losses;
            soloKills += o.soloKills;
            soloLosses += o.soloLosses;
            finalBlows += o.finalBlows;
            iskDestroyed = iskDestroyed.add(o.iskDestroyed);
            iskLost = iskLost.add(o.iskLost);
            attackersOnKills += o.attackersOnKills;
            for (int h = 0; h < hourly.length; h++) {
                hourly[h] += o.hourly[h];
            }
            addCounts(ships, o.ships);
            addCounts(systems, o.systems);
            addCounts(members, o.members);
        }

        private static void addCounts(Map<Long, int[]> into, Map<Long, int[]> from) {
            for (Map.Entry<Long, int[]> e : from.entrySet()) {
                into.computeIfAbsent(e.getKey(), k -> new int[1])[0] += e.getValue()[0];
            }
        }
    }

    /** One entity's part in one killmail. */
    private static final class Role {
        boolean kill;
        boolean loss;
        boolean finalBlow;
    }

    private final Map<DayKey, Daily> daily = new HashMap<>();

    void add(DerivedKillmail d) {
        Killmail km = d.killmail();
        ZonedDateTime t = km.time().atZone(ZoneOffset.UTC);
        int day = (int) t.toLocalDate().toEpochDay();
        int hour = t.getHour();
        Map<Long, Role>[] roles = rolesOf(km);
        for (short kind = CHARACTER; kind <= SHIP; kind++) {
            for (Map.Entry<Long, Role> e : roles[kind].entrySet()) {
                Role r = e.getValue();
                Daily x = count(d, new DayKey(kind, e.getKey(), day, d.npc()), hour, r.kill, r.loss, r.finalBlow);
                if (r.kill) {
                    addTopLists(x, d, kind, e.getKey());
                }
            }
        }
        Daily system = count(d, new DayKey(SYSTEM, km.solarSystemId(), day, d.npc()), hour, true, false, false);
        addTopLists(system, d, SYSTEM, km.solarSystemId());
        if (d.regionId() != null) {
            Daily region = count(d, new DayKey(REGION, d.regionId(), day, d.npc()), hour, true, false, false);
            addTopLists(region, d, REGION, d.regionId());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Role>[] rolesOf(Killmail km) {
        Map<Long, Role>[] roles = new Map[SHIP + 1];
        for (int k = CHARACTER; k <= SHIP; k++) {
            roles[k] = new HashMap<>();
        }
        Victim v = km.victim();
        role(roles[CHARACTER], v.characterId()).loss = true;
        role(roles[CORPORATION], v.corporationId()).loss = true;
        role(roles[ALLIANCE], v.allianceId()).loss = true;
        role(roles[SHIP], (long) v.shipTypeId()).loss = true;
        for (Attacker a : km.attackers()) {
            Long ship = a.shipTypeId() == null ? null : a.shipTypeId().longValue();
            Long[] ids = {null, a.characterId(), a.corporationId(), a.allianceId(), ship};
            for (int k = CHARACTER; k <= SHIP; k++) {
                if (ids[k] != null) {
                    Role r = role(roles[k], ids[k]);
                    r.kill = true;
                    r.finalBlow |= a.finalBlow();
                }
            }
        }
        return roles;
    }

    private static Role role(Map<Long, Role> map, Long id) {
        return id == null ? new Role() : map.computeIfAbsent(id, k -> new Role());
    }

    private Daily count(DerivedKillmail d, DayKey key, int hour, boolean kill, boolean loss, boolean finalBlow) {
        Daily x = daily.computeIfAbsent(key, k -> new Daily());
        BigDecimal value = d.totalValue();
        if (kill) {
            x.kills++;
            x.soloKills += d.solo() ? 1 : 0;
            x.iskDestroyed = x.iskDestroyed.add(value);
            x.attackersOnKills += d.attackerCount();
            x.hourly[hour]++;
        }
        if (loss) {
            x.losses++;
            x.soloLosses += d.solo() ? 1 : 0;
            x.iskLost = x.iskLost.add(value);
        }
        if (finalBlow) {
            x.finalBlows++;
        }
        return x;
    }

    private static void addTopLists(Daily x, DerivedKillmail d, short kind, long id) {
        Killmail km = d.killmail();
        Set<Long> flown = new HashSet<>();
        Set<Long> memberIds = new HashSet<>();
        for (Attacker a : km.attackers()) {
            boolean own = switch (kind) {
                case CHARACTER -> a.characterId() != null && a.characterId() == id;
                case CORPORATION -> a.corporationId() != null && a.corporationId() == id;
                case ALLIANCE -> a.allianceId() != null && a.allianceId() == id;
                default -> true;
            };
            if (own && a.shipTypeId() != null) {
                flown.add(a.shipTypeId().longValue());
            }
            if (own && (kind == CORPORATION || kind == ALLIANCE) && a.characterId() != null) {
                memberIds.add(a.characterId());
            }
        }
        for (Long ship : flown) {
            x.ships.computeIfAbsent(ship, k -> new int[1])[0]++;
        }
        for (Long member : memberIds) {
            x.members.computeIfAbsent(member, k -> new int[1])[0]++;
        }
        if (kind != SYSTEM) {
            x.systems.computeIfAbsent((long) km.solarSystemId(), k -> new int[1])[0]++;
        }
    }

    /** Entity-days held. */
    int size() {
        return daily.size();
    }

    /** Adds {@code other}'s increments to these. */
    void addAll(RollupDeltas other) {
        for (Map.Entry<DayKey, Daily> e : other.daily.entrySet()) {
            Daily x = daily.get(e.getKey());
            if (x == null) {
                daily.put(e.getKey(), e.getValue());
            } else {
                x.add(e.getValue());
            }
        }
    }

    /** Adds the increments to the rollup tables within the caller's transaction. */
    void write(Handle h) throws SQLException {
        Connection c = h.getConnection();
        CREATE_STAGE.update(h).execute();
        EMPTY_STAGE.update(h).execute();
        CsvCopy rows = new CsvCopy();
        for (Map.Entry<DayKey, Daily> e : daily.entrySet()) {
            DayKey k = e.getKey();
            Daily x = e.getValue();
            rows.value(k.kind()).value(k.id()).text(java.time.LocalDate.ofEpochDay(k.epochDay()).toString())
                    .value(k.npc()).value(x.kills).value(x.losses).value(x.soloKills).value(x.soloLosses)
                    .value(x.finalBlows).value(x.iskDestroyed).value(x.iskLost).value(x.attackersOnKills)
                    .text(intArray(x.hourly)).text(counts(x.ships)).text(counts(x.systems)).text(counts(x.members))
                    .endRow();
        }
        rows.sendTo(c, "COPY stage_daily FROM STDIN (FORMAT csv)");
        UPSERT_DAILY.update(h).execute();
    }

    /** {@code {"id": count, …}}: the jsonb form of a top-list column. */
    private static String counts(Map<Long, int[]> counts) {
        StringBuilder b = new StringBuilder(2 + counts.size() * 16).append('{');
        for (Map.Entry<Long, int[]> e : counts.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":").append(e.getValue()[0]);
        }
        return b.append('}').toString();
    }

    private static String intArray(int[] values) {
        StringBuilder b = new StringBuilder(72).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(values[i]);
        }
        return b.append('}').toString();
    }
}
