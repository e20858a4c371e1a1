package dev.evedmv.readmodel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.evedmv.EveDmvException;
import dev.evedmv.ingest.RollupVerifier;

/**
 * Every table of the schema, with its kind and why: the one place that says what is a fact, what
 * is derived from the facts (and how it is checked), and what is bookkeeping. {@code db verify}
 * refuses a table of the schema that is not here, so a new table cannot be left out.
 *
 * <p>A derived table is one that can be recomputed from the base tables; one built from another
 * derived table ({@code top_rankings}, the monthly lists and heads, from {@code entity_daily}) is
 * recomputed from that table, which verify itself checks against the base tables.
 */
public final class ReadModel {
    /** A table of the schema: its kind, why, and for derived data how it is checked. */
    public record Table(String name, TableKind kind, String why, Optional<DerivedTable> check) {
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();

    /** The registry of this version of the schema. */
    public static ReadModel standard() {
        return standard(RollupVerifier.DEFAULT_CHUNK_KILLMAILS);
    }

    /** As {@link #standard()}, walking the rollups in chunks of at most {@code chunkKillmails} killmails. */
    public static ReadModel standard(int chunkKillmails) {
        RollupWalk walk = new RollupWalk(chunkKillmails);
        ReadModel m = new ReadModel();
        // facts
        m.base("killmail_directory", "every killmail id stored, with its time: the exactly-once gate; it keeps the ids "
                + "of archived months");
        m.add(new Table("killmails", TableKind.BASE, "the killmails (partitioned by month): their facts are derived "
                + "from the payload at ingest and rewritten by db rederive, not by verify; one column, "
                + "player_attacker_ids, is derived from participants and checked here, with the killmails that have "
                + "participants and no row (rows_checked counts the killmails compared)",
                Optional.of(new PlayerAttackerIds(walk))));
        m.base("killmail_payloads", "the raw ESI JSON and zkb block of every killmail, zstd frames (partitioned by month): what "
                + "everything else can be derived from again");
        m.base("participants", "the victim and attackers of every killmail (partitioned by month): what the rollups "
                + "are recomputed from");
        m.base("names", "entity names, from ESI, a names file or (NPC corporations and factions) the static data");
        m.base("prices", "market prices, loaded by prices load");
        for (String sde : List.of("sde_categories", "sde_groups", "sde_types", "sde_regions", "sde_constellations",
                "sde_systems", "sde_factions", "sde_npc_corporations")) {
            m.base(sde, "static data (CCP's SDE, Fuzzwork or zKillboard files)");
        }
        m.base("rejected_input", "input that could not be stored, with its source and reason: received, not derived");
        // derived, each checked
        m.derived(new EntityDaily(walk));
        m.derived(new RollupDays());
        m.derived(new TopRankingsTable());
        m.derived(MonthlyListsTable.lists());
        m.derived(MonthlyListsTable.dailyHeads());
        m.derived(BattlesTable.battles());
        m.derived(BattlesTable.killmails());
        // bookkeeping
        m.bookkeeping("top_ranking_builds", "what each ranking counted (days, version sum, complete) and how long its "
                + "build took: the claim top_rankings is checked against, not a figure");
        m.bookkeeping("late_rollup_deltas", "a log of pending corrections: kills that late killmails added to days a "
                + "ranking may count, since its build; it exists only relative to a build (the next one deletes it), "
                + "so nothing recomputes it from the facts; top_rankings' check reads it");
        m.bookkeeping("entity_monthly_builds", "what each kind and month of monthly lists was built from (its days, and "
                + "the sum of their rollup_days writes) and when: the claim the monthly lists and daily heads are checked "
                + "against");
        m.bookkeeping("feed_state", "live feed cursors and each feed's health");
        m.bookkeeping("backfill_days", "what backfill learnt of each day of a history source (ETag, Last-Modified, "
                + "size, counts, outcome): the conditional requests of its next run");
        m.bookkeeping("backfill_runs", "serve's re-checks of recent history: when each ran and what it found");
        m.bookkeeping("sde_loads", "which static data was loaded, when and from where");
        m.bookkeeping("archived_partitions", "months archived to files by partitions archive and not restored");
        m.bookkeeping("databasechangelog", "Liquibase: the changesets applied");
        m.bookkeeping("databasechangeloglock", "Liquibase: the lock migrations take");
        return m;
    }

    private void add(Table table) {
        if (tables.putIfAbsent(table.name(), table) != null) {
            throw new IllegalStateException("table " + table.name() + " registered twice");
        }
    }

    private void base(String name, String why) {
        add(new Table(name, TableKind.BASE, why, Optional.empty()));
    }

    private void bookkeeping(String name, String why) {
        add(new Table(name, TableKind.BOOKKEEPING, why, Optional.empty()));
    }

    private void derived(DerivedTable table) {
        add(new Table(table.name(), TableKind.DERIVED, "built from " + table.builtFrom() + "; fresh: "
                + table.freshness(), Optional.of(table)));
    }

    /** Every registered table, in the registry's order. */
    public List<Table> tables() {
        return List.copyOf(tables.values());
    }

    /** The registered table {@code name}, if any. */
    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /**
     * The registered tables among {@code schemaTables}, in the registry's order; fails naming every
     * table of the schema that the registry does not know.
     */
    public List<Table> classify(Collection<String> schemaTables) {
        List<String> unknown = schemaTables.stream().filter(t -> !tables.containsKey(t)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new EveDmvException("the schema has " + (unknown.size() == 1 ? "a table" : "tables") + " that the "
                    + "read-model registry (dev.evedmv.readmodel.ReadModel) does not know: " + String.join(", ", unknown)
                    + "; register " + (unknown.size() == 1 ? "it" : "each") + " as base, derived or bookkeeping");
        }
        List<Table> present = new ArrayList<>();
        for (Table t : tables.values()) {
            if (schemaTables.contains(t.name())) {
                present.add(t);
            }
        }
        return present;
    }
}
