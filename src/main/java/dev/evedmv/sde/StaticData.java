package dev.evedmv.sde;

/**
 * The in-process read model of the static data that the ingest hot path and the answers need:
 * type → group → category, system → constellation → region and security. Lookups are by
 * primitive id and return null when the id is unknown (no allocation on the hot path).
 */
public interface StaticData {
    /** Category id of ships. */
    int CATEGORY_SHIP = 6;
    int GROUP_CAPSULE = 29;
    int GROUP_SHUTTLE = 31;
    int GROUP_ROOKIE_SHIP = 237;

    record TypeInfo(int typeId, String name, int groupId, int categoryId, boolean published) {
    }

    record SystemInfo(int systemId, String name, int constellationId, int regionId, double security) {
    }

    /** The type, or null when unknown. */
    TypeInfo type(int typeId);

    /** The solar system, or null when unknown. */
    SystemInfo system(int systemId);

    /** Name of a region, or null when unknown. */
    String regionName(int regionId);

    /** Number of types and systems known, for status lines. */
    int typeCount();

    int systemCount();
}
