package dev.evedmv.sde;

/** The static data tables a load can fill, in the order they are written. */
public enum SdeTable {
    CATEGORIES("categories", "sde_categories"),
    GROUPS("groups", "sde_groups"),
    TYPES("types", "sde_types"),
    REGIONS("regions", "sde_regions"),
    CONSTELLATIONS("constellations", "sde_constellations"),
    SYSTEMS("systems", "sde_systems"),
    FACTIONS("factions", "sde_factions"),
    NPC_CORPORATIONS("npc_corporations", "sde_npc_corporations");

    private final String key;
    private final String tableName;

    SdeTable(String key, String tableName) {
        this.key = key;
        this.tableName = tableName;
    }

    /** The name used in {@code sde_loads} counts, output and SQL resource files. */
    public String key() {
        return key;
    }

    public String tableName() {
        return tableName;
    }
}
