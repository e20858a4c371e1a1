package dev.evedmv.ingest;

import java.util.List;

import dev.evedmv.db.NamedSql;

/**
 * The rollups as SQL: each table's figures recomputed from participants staged in
 * {@code stage_participants}. {@code db verify} compares them with what ingest maintained in
 * memory ({@link RollupDeltas}): two independent implementations of docs/counting-rules.md.
 */
public final class Rollups {
    /** One rollup table and the SELECT that recomputes its rows. */
    public record Rollup(String table, NamedSql select) {
    }

    public static final NamedSql STAGE_ENTITY_KILLMAILS = NamedSql.load(Rollups.class, "stage_entity_killmails");

    /** {@code entity_daily} holds every rollup: totals, hourly kills and the top-list counts of each day. */
    public static final List<Rollup> ALL = List.of(
            new Rollup("entity_daily", NamedSql.load(Rollups.class, "rollup_daily_select")));

    private Rollups() {
    }
}
