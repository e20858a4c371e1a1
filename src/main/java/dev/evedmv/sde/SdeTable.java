package dev.evedmv.sde;

/** The static data tables a load can fill, in the order they are written. */
public enum SdeTable {
    CATEGORIES("categories", "sde_categories", true),
    GROUPS("groups", "sde_groups", true),
    TYPES("types", "sde_types", true),
    REGIONS("regions", "sde_regions", true),
    CONSTELLATIONS("constellations", "sde_constellations", true),
    SYSTEMS("systems", "sde_systems", true),
    FACTIONS("factions", "sde_factions", false),
    NPC_CORPORATIONS("npc_corporations", "sde_npc_corporations", false);

    private final String key;
    private final String tableName;
    private final boolean derivesKillmails;

    SdeTable(String key, String tableName, boolean derivesKillmails) {
        this.key = key;
        this.tableName = tableName;
        this.derivesKillmails = derivesKillmails;
    }

    /**
     * Whether a killmail's derived facts read this table (types, groups and the map do; factions and
     * NPC corporations only name entities), so that a change to it calls for {@code db rederive}.
     */
    public boolean derivesKillmails() {
        return derivesKillmails;
    }

    /** The name used in {@code sde_loads} counts, output and SQL resource files. */
    public String key() {
        return key;
    }

    public String tableName() {
        return tableName;
    }
}
