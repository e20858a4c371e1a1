package dev.evedmv.battles;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.ActivityCursor;

/**
 * The battle answers (docs/battles.md), from the stored rows: a battle by id, a killmail's battle,
 * a page of the list and a battle's killmails for its page. Names are joined when read: a side is
 * named after its lead group.
 */
public final class BattleQueries {
    private static final NamedSql BY_ID = NamedSql.load(BattleQueries.class, "battle_by_id");
    private static final NamedSql OF_KILLMAIL = NamedSql.load(BattleQueries.class, "battle_of_killmail");
    private static final NamedSql LIST = NamedSql.load(BattleQueries.class, "battles_list");
    private static final NamedSql NAMES = NamedSql.load(BattleQueries.class, "battle_names");
    private static final NamedSql KILLMAILS = NamedSql.load(BattleQueries.class, "battle_killmail_list");
    private static final NamedSql STORED = NamedSql.load(BattleQueries.class, "killmail_stored");
    private static final TypeReference<List<Sides.Side>> SIDES = new TypeReference<>() {
    };

    private final Database database;

    public BattleQueries(Database database) {
        this.database = database;
    }

    /** The battle {@code id}, if there is one. */
    public Optional<Battle> battle(long id) {
        return database.jdbi().withHandle(h -> {
            List<Row> rows = BY_ID.query(h).bind("id", id).map((rs, ctx) -> row(rs)).list();
            return named(h, rows).stream().findFirst();
        });
    }

    /** Why a killmail has no battle, or its battle. */
    public sealed interface OfKillmail {
    }

    /** The killmail's battle. */
    public record Found(Battle battle) implements OfKillmail {
    }

    /** The killmail is stored and in no battle. */
    public record InNone() implements OfKillmail {
    }

    /** No such killmail is stored. */
    public record UnknownKillmail() implements OfKillmail {
    }

    /** The battle holding killmail {@code killmailId}, or why there is none. */
    public OfKillmail ofKillmail(long killmailId) {
        return database.jdbi().withHandle(h -> {
            List<Row> rows = OF_KILLMAIL.query(h).bind("id", killmailId).map((rs, ctx) -> row(rs)).list();
            if (!rows.isEmpty()) {
                return new Found(named(h, rows).get(0));
            }
            boolean stored = STORED.query(h).bind("id", killmailId).mapTo(Boolean.class).one();
            return stored ? new InNone() : new UnknownKillmail();
        });
    }

    /** A page of the battle list, newest first. */
    public Battle.Page list(BattleList q) {
        return database.jdbi().withHandle(h -> {
            List<Row> rows = LIST.query(h).bind("since", q.sinceInstant().toString())
                    .bind("until", q.untilInstant().toString()).bind("before_time", q.before().time().toString())
                    .bind("before_id", q.before().killmailId()).bind("system_id", q.systemId())
                    .bind("region_id", q.regionId()).bind("min_killmails", q.minKillmails()).bind("limit", q.limit())
                    .map((rs, ctx) -> row(rs)).list();
            String next = null;
            if (rows.size() > q.limit()) {
                rows = rows.subList(0, q.limit());
                Row last = rows.get(rows.size() - 1);
                next = new ActivityCursor(last.battle().start(), last.battle().id()).encode();
            }
            return new Battle.Page(named(h, rows), next);
        });
    }

    /** The stored killmails of battle {@code id} with the sides of each victim and final blow, if the battle exists. */
    public Optional<Battle.Killmails> killmails(long id) {
        return database.jdbi().withHandle(h -> {
            List<Row> rows = BY_ID.query(h).bind("id", id).map((rs, ctx) -> row(rs)).list();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            List<Sides.Side> sides = rows.get(0).sides();
            List<Battle.Kill> kills = KILLMAILS.query(h).bind("id", id).map((rs, ctx) -> {
                Sides.Participant victim = new Sides.Participant(true, (Long) rs.getObject("victim_character_id"),
                        (Long) rs.getObject("victim_corporation_id"), (Long) rs.getObject("victim_alliance_id"),
                        (Integer) rs.getObject("victim_ship_type_id"));
                Sides.Participant finalBlow = new Sides.Participant(false,
                        (Long) rs.getObject("final_blow_character_id"), (Long) rs.getObject("final_blow_corporation_id"),
                        (Long) rs.getObject("final_blow_alliance_id"), null);
                return new Battle.Kill(rs.getLong("killmail_id"),
                        rs.getObject("killmail_time", OffsetDateTime.class).toInstant(), sideOf(victim, sides),
                        sideOf(finalBlow, sides),
                        (Integer) rs.getObject("victim_ship_type_id"), rs.getString("ship_name"),
                        rs.getBigDecimal("total_value"));
            }).list();
            return Optional.of(new Battle.Killmails(kills));
        });
    }

    /** The index of the side {@code p}'s group is on, null when none. */
    static Integer sideOf(Sides.Participant p, List<Sides.Side> sides) {
        Sides.Group g = Sides.groupOf(p);
        if (g == null) {
            return null;
        }
        for (int i = 0; i < sides.size(); i++) {
            Sides.Side s = sides.get(i);
            List<Long> ids = switch (g.kind()) {
                case "alliance" -> s.alliances();
                case "corporation" -> s.corporations();
                default -> s.characters();
            };
            if (ids.contains(g.id())) {
                return i;
            }
        }
        return null;
    }

    /** A stored battle with its sides still unnamed. */
    private record Row(Battle battle, List<Sides.Side> sides) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        Array ids = rs.getArray("killmail_ids");
        List<Long> killmailIds = List.of((Long[]) ids.getArray());
        List<Sides.Side> sides;
        try {
            sides = Json.mapper().readValue(rs.getString("sides"), SIDES);
        } catch (JsonProcessingException e) {
            throw new EveDmvException("battle " + rs.getLong("battle_id") + " has unreadable sides: "
                    + e.getOriginalMessage(), e);
        }
        Battle b = new Battle(rs.getLong("battle_id"), rs.getInt("solar_system_id"), rs.getString("system_name"),
                (Integer) rs.getObject("region_id"), rs.getObject("start_time", OffsetDateTime.class).toInstant(),
                rs.getObject("end_time", OffsetDateTime.class).toInstant(), rs.getInt("killmails"), killmailIds,
                rs.getBigDecimal("isk_destroyed"), rs.getInt("pilots"), List.of());
        return new Row(b, sides);
    }

    /** The battles of {@code rows} with their sides named: one query for every name they show. */
    private static List<Battle> named(Handle h, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        TreeSet<Integer> ships = new TreeSet<>();
        TreeSet<Long> leads = new TreeSet<>();
        for (Row r : rows) {
            for (Sides.Side s : r.sides()) {
                if (s.lead() != null) {
                    leads.add(s.lead().id());
                }
                s.ships().forEach(ship -> ships.add(ship.typeId()));
            }
        }
        Map<Integer, String> shipNames = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        NAMES.query(h).bind("ships", ships.stream().mapToInt(Integer::intValue).toArray())
                .bind("names", leads.stream().mapToLong(Long::longValue).toArray()).map((rs, ctx) -> {
                    if (rs.getString("list").equals("ship")) {
                        shipNames.put((int) rs.getLong("id"), rs.getString("name"));
                    } else {
                        names.put(rs.getLong("id"), rs.getString("name"));
                    }
                    return 1;
                }).forEach(x -> { });
        List<Battle> battles = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Battle.Side> sides = new ArrayList<>();
            for (Sides.Side s : r.sides()) {
                List<Battle.Ship> flown = s.ships().stream().map(ship -> new Battle.Ship(ship.typeId(),
                        shipNames.get(ship.typeId()), ship.pilots(), ship.lost())).toList();
                sides.add(new Battle.Side(sideName(s, names), s.alliances(), s.corporations(), s.characters(),
                        s.kills(), s.losses(), s.iskLost(), flown));
            }
            Battle b = r.battle();
            battles.add(new Battle(b.id(), b.solarSystemId(), b.systemName(), b.regionId(), b.start(), b.end(),
                    b.killmails(), b.killmailIds(), b.iskDestroyed(), b.pilots(), sides));
        }
        return battles;
    }

    /** "unaligned", the lead group's name, or its kind and id while its name is unknown. */
    static String sideName(Sides.Side s, Map<Long, String> names) {
        if (s.unaligned()) {
            return "unaligned";
        }
        String name = names.get(s.lead().id());
        return name != null ? name : s.lead().kind() + " " + s.lead().id();
    }
}
