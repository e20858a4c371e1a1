package dev.evedmv.battles;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.db.NamedSql;
import dev.evedmv.killmail.Derivation;

/**
 * Keeps {@code battles} and {@code battle_killmails} current (docs/battles.md). After killmails
 * land in a system, the clusters between the last gap of more than 15 minutes before the earliest
 * new one and the first such gap after the latest are recomputed and replace the battles that start
 * there: a gap starts a new cluster whatever came before it, so nothing outside that span changes.
 * Exact whatever order killmails arrive in. Writers of battles take one transaction-scoped
 * advisory lock, so two never recompute a span at once and each sees what the other committed.
 */
public final class BattleMaintenance {
    private static final NamedSql LOCK = NamedSql.of("battles.lock",
            "SELECT 1 FROM pg_advisory_xact_lock(hashtext('evedmv_battles'))");
    private static final NamedSql SPANS = NamedSql.load(BattleMaintenance.class, "battle_spans");
    private static final NamedSql PARTICIPANTS = NamedSql.load(BattleMaintenance.class, "battle_participants");
    private static final NamedSql DELETE = NamedSql.load(BattleMaintenance.class, "battle_delete");
    private static final NamedSql INSERT = NamedSql.load(BattleMaintenance.class, "battle_insert");
    private static final NamedSql RANGE_SYSTEMS = NamedSql.load(BattleMaintenance.class, "battle_range_systems");
    /** Systems recomputed in one transaction when a whole range is. */
    static final int RANGE_CHUNK_SYSTEMS = 500;

    private BattleMaintenance() {
    }

    /** Killmails stored in a system between two times (both included). */
    public record Touched(int systemId, Instant first, Instant last) {
        /** This and {@code other} (of the same system) as one. */
        Touched with(Touched other) {
            return new Touched(systemId, first.isBefore(other.first) ? first : other.first,
                    last.isAfter(other.last) ? last : other.last);
        }
    }

    /** The span of a system that was recomputed. */
    record Span(int systemId, Instant start, Instant end) {
    }

    /** One killmail of a span. */
    record SpanKill(long killmailId, Instant time, Integer regionId, BigDecimal totalValue) implements Clusters.Kill {
    }

    /** A battle as stored. */
    public record StoredBattle(long battleId, int systemId, Integer regionId, Instant start, Instant end,
                               List<Long> killmailIds, BigDecimal iskDestroyed, int pilots, List<Sides.Side> sides) {
    }

    /** What a recomputation found: the spans and the battles in them. */
    record Found(List<Span> spans, List<StoredBattle> battles) {
    }

    /** Collects the systems and times of stored killmails, one {@link Touched} per system. */
    public static final class Collector {
        private final Map<Integer, Touched> bySystem = new TreeMap<>();

        /** A stored killmail; npc ones are in no battle and are left out. */
        public void add(int systemId, Instant time, boolean npc) {
            if (!npc) {
                bySystem.merge(systemId, new Touched(systemId, time, time), Touched::with);
            }
        }

        public Collection<Touched> touched() {
            return bySystem.values();
        }
    }

    /** Recomputes the battles around {@code touched} in {@code h}'s transaction; returns the battles stored. */
    public static int refresh(Handle h, Collection<Touched> touched) {
        if (touched.isEmpty()) {
            return 0;
        }
        LOCK.query(h).mapTo(Integer.class).one();
        Found found = compute(h, touched);
        write(h, found);
        return found.battles().size();
    }

    /**
     * Recomputes the battles of every system with killmails or battles in [since, until), some
     * systems per transaction of {@code h}; returns the battles stored.
     */
    public static int refreshRange(Handle h, Instant since, Instant until) {
        List<Touched> all = h.inTransaction(t -> RANGE_SYSTEMS.query(t).bind("since", since.toString())
                .bind("until", until.toString())
                .map((rs, ctx) -> new Touched(rs.getInt("system_id"),
                        rs.getObject("first_time", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_time", OffsetDateTime.class).toInstant())).list());
        int stored = 0;
        for (int i = 0; i < all.size(); i += RANGE_CHUNK_SYSTEMS) {
            List<Touched> chunk = all.subList(i, Math.min(all.size(), i + RANGE_CHUNK_SYSTEMS));
            stored += h.inTransaction(t -> {
                t.execute("SET LOCAL statement_timeout = 0");
                return refresh(t, chunk);
            });
        }
        return stored;
    }

    /** The spans around {@code touched} and the battles the definition finds in them, from the stored killmails. */
    static Found compute(Handle h, Collection<Touched> touched) {
        int n = touched.size();
        int[] systems = new int[n];
        String[] firsts = new String[n];
        String[] lasts = new String[n];
        int i = 0;
        for (Touched t : touched) {
            systems[i] = t.systemId();
            firsts[i] = t.first().toString();
            lasts[i] = t.last().toString();
            i++;
        }
        Map<Span, List<SpanKill>> spans = new LinkedHashMap<>();
        SPANS.query(h).bind("systems", systems).bind("firsts", firsts).bind("lasts", lasts).map((rs, ctx) -> {
            Span span = new Span(rs.getInt("system_id"), rs.getObject("span_start", OffsetDateTime.class).toInstant(),
                    rs.getObject("span_end", OffsetDateTime.class).toInstant());
            List<SpanKill> kills = spans.computeIfAbsent(span, s -> new ArrayList<>());
            long id = rs.getLong("killmail_id");
            if (!rs.wasNull()) {
                kills.add(new SpanKill(id, rs.getObject("killmail_time", OffsetDateTime.class).toInstant(),
                        (Integer) rs.getObject("region_id"), rs.getBigDecimal("total_value")));
            }
            return span;
        }).forEach(s -> { });
        List<List<SpanKill>> clusters = new ArrayList<>();
        List<Integer> clusterSystems = new ArrayList<>();
        for (Map.Entry<Span, List<SpanKill>> e : spans.entrySet()) {
            for (List<SpanKill> c : Clusters.battles(e.getValue())) {
                clusters.add(c);
                clusterSystems.add(e.getKey().systemId());
            }
        }
        Map<Long, List<Sides.Participant>> participants = participants(h, clusters);
        List<StoredBattle> battles = new ArrayList<>();
        for (int c = 0; c < clusters.size(); c++) {
            battles.add(battle(clusterSystems.get(c), clusters.get(c), participants));
        }
        return new Found(List.copyOf(spans.keySet()), battles);
    }

    private static Map<Long, List<Sides.Participant>> participants(Handle h, List<List<SpanKill>> clusters) {
        List<SpanKill> all = clusters.stream().flatMap(List::stream).toList();
        Map<Long, List<Sides.Participant>> byKillmail = new java.util.HashMap<>();
        if (all.isEmpty()) {
            return byKillmail;
        }
        long[] ids = new long[all.size()];
        String[] times = new String[all.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = all.get(i).killmailId();
            times[i] = all.get(i).time().toString();
        }
        PARTICIPANTS.query(h).bind("ids", ids).bind("times", times).map((rs, ctx) -> {
            byKillmail.computeIfAbsent(rs.getLong("killmail_id"), k -> new ArrayList<>()).add(new Sides.Participant(
                    rs.getBoolean("is_victim"), (Long) rs.getObject("character_id"),
                    (Long) rs.getObject("corporation_id"), (Long) rs.getObject("alliance_id"),
                    (Integer) rs.getObject("ship_type_id")));
            return 1;
        }).forEach(x -> { });
        return byKillmail;
    }

    private static StoredBattle battle(int systemId, List<SpanKill> kills,
                                       Map<Long, List<Sides.Participant>> participants) {
        List<Sides.KillmailParts> parts = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        BigDecimal isk = BigDecimal.ZERO;
        Set<Long> pilots = new HashSet<>();
        for (SpanKill k : kills) {
            List<Sides.Participant> ps = participants.getOrDefault(k.killmailId(), List.of());
            parts.add(new Sides.KillmailParts(k.killmailId(), k.totalValue(), ps));
            ids.add(k.killmailId());
            isk = isk.add(k.totalValue());
            for (Sides.Participant p : ps) {
                if (Derivation.isPlayerCharacter(p.characterId())) {
                    pilots.add(p.characterId());
                }
            }
        }
        ids.sort(null);
        SpanKill first = kills.get(0);
        return new StoredBattle(first.killmailId(), systemId, first.regionId(), first.time(),
                kills.get(kills.size() - 1).time(), List.copyOf(ids), isk, pilots.size(), Sides.of(parts));
    }

    private static void write(Handle h, Found found) {
        int n = found.spans().size();
        int[] systems = new int[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        for (int i = 0; i < n; i++) {
            Span s = found.spans().get(i);
            systems[i] = s.systemId();
            starts[i] = s.start().toString();
            ends[i] = s.end().toString();
        }
        DELETE.update(h).bind("systems", systems).bind("starts", starts).bind("ends", ends).execute();
        if (!found.battles().isEmpty()) {
            INSERT.update(h).bind("battles", rows(found.battles())).execute();
        }
    }

    /** The battles as the JSON rows battle_insert.sql reads. */
    static String rows(List<StoredBattle> battles) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredBattle b : battles) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("battle_id", b.battleId());
            row.put("solar_system_id", b.systemId());
            row.put("region_id", b.regionId());
            row.put("start_time", b.start().toString());
            row.put("end_time", b.end().toString());
            row.put("killmails", b.killmailIds().size());
            row.put("killmail_ids", b.killmailIds());
            row.put("isk_destroyed", b.iskDestroyed());
            row.put("pilots", b.pilots());
            row.put("sides", b.sides());
            rows.add(row);
        }
        try {
            return Json.mapper().writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new EveDmvException("cannot write battles as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
