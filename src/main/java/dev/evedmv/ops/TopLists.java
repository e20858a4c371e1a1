package dev.evedmv.ops;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * Reads the materialized top lists: entities of one kind over the last 7 or 30 days, by kills
 * or by ISK destroyed, non-npc killmails only, as of the last refresh (see
 * {@link MaterializedViews}). Pass a replica's {@link Database} to keep these reads off the primary.
 */
public final class TopLists {
    /** Window of a materialized view. */
    public enum Window { D7, D30 }

    /** Order of a top list. */
    public enum By { KILLS, ISK_DESTROYED }

    /** One entry: the entity (kind as in entity_daily) with its figures. */
    public record Entry(long entityId, long kills, BigDecimal iskDestroyed) {
    }

    private static final Map<String, NamedSql> QUERIES = Map.of(
            "D7_KILLS", NamedSql.load(TopLists.class, "top_entities_7d_kills"),
            "D7_ISK_DESTROYED", NamedSql.load(TopLists.class, "top_entities_7d_isk_destroyed"),
            "D30_KILLS", NamedSql.load(TopLists.class, "top_entities_30d_kills"),
            "D30_ISK_DESTROYED", NamedSql.load(TopLists.class, "top_entities_30d_isk_destroyed"));

    private final Database database;

    public TopLists(Database database) {
        this.database = database;
    }

    /** The query that serves {@code window} and {@code by}, for db explain and for callers that want it named. */
    public static NamedSql query(Window window, By by) {
        return QUERIES.get(window.name() + "_" + by.name());
    }

    /** Top {@code limit} entities of {@code kind} (1 character … 6 region), ordered by count descending, then id. */
    public List<Entry> fromView(int kind, Window window, By by, int limit) {
        if (kind < 1 || kind > 6) {
            throw new EveDmvException("entity kind must be 1 to 6, got " + kind);
        }
        if (limit < 1 || limit > 1000) {
            throw new EveDmvException("limit must be 1 to 1000, got " + limit);
        }
        return database.jdbi().withHandle(h -> query(window, by).query(h).bind("kind", kind).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("entity_id"), rs.getLong("kills"), rs.getBigDecimal("isk_destroyed")))
                .list());
    }
}
