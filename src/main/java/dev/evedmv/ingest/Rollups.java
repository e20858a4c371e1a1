package dev.evedmv.ingest;

import java.util.List;

import dev.evedmv.db.NamedSql;

/**
 * The rollup statements: each figure's SELECT over the batch's staged (entity, killmail) rows,
 * and the upsert that adds it to its table. {@code db verify} runs the same SELECTs over all
 * participants, so what ingest adds and what a recomputation gives cannot drift apart.
 */
public final class Rollups {
    /** One rollup table: its figures' SELECT and the upsert around it. */
    public record Rollup(String table, NamedSql select, NamedSql upsert) {
    }

    public static final NamedSql STAGE_ENTITY_KILLMAILS = NamedSql.load(Rollups.class, "stage_entity_killmails");

    public static final List<Rollup> ALL = List.of(
            rollup("entity_daily", "daily"),
            rollup("entity_daily_ships", "ships"),
            rollup("entity_daily_systems", "systems"),
            rollup("entity_daily_members", "members"));

    private Rollups() {
    }

    private static Rollup rollup(String table, String name) {
        NamedSql select = NamedSql.load(Rollups.class, "rollup_" + name + "_select");
        NamedSql upsertTemplate = NamedSql.load(Rollups.class, "rollup_" + name + "_upsert");
        String marker = "/*ROLLUP_" + name.toUpperCase(java.util.Locale.ROOT) + "_SELECT*/";
        if (!upsertTemplate.sql().contains(marker)) {
            throw new IllegalStateException(upsertTemplate.name() + " lacks " + marker);
        }
        NamedSql upsert = NamedSql.of(upsertTemplate.name(), upsertTemplate.sql().replace(marker, select.sql()));
        return new Rollup(table, select, upsert);
    }
}
