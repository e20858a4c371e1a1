package dev.evedmv.sde;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows read from one SDE source, ready to be loaded. A table is present only when the
 * source had a file for it; absent tables are left untouched by the load.
 *
 * @param source      where the rows came from (a path, or the bundled resource)
 * @param formats     the formats of the files read, e.g. {@code [fuzzwork-csv]}
 * @param build       CCP's build number and release date when known, else the newest file date
 * @param tables      rows per present table, each list holding one record type of this class
 * @param sourceRows  rows per present table as counted in the files, duplicates included
 * @param typesDetailed false when the types file had only id, group and name (zKillboard's
 *                      items.json): then published, mass, volume, price and market group of
 *                      existing rows are kept and new rows get the column defaults
 */
public record SdeSet(String source, Set<String> formats, String build, Map<SdeTable, List<?>> tables,
                     Map<SdeTable, Integer> sourceRows, boolean typesDetailed) {

    public record Category(int categoryId, String name, boolean published) {
    }

    public record Group(int groupId, int categoryId, String name, boolean published) {
    }

    public record Type(int typeId, int groupId, String name, Boolean published, Double mass, Double volume,
                       BigDecimal basePrice, Integer marketGroupId) {
    }

    public record Region(int regionId, String name) {
    }

    public record Constellation(int constellationId, int regionId, String name) {
    }

    /** A solar system; {@code regionId} is null when the source has none (resolved through the constellation). */
    public record SolarSystem(int systemId, int constellationId, Integer regionId, String name, double security,
                              String securityClass) {
    }

    /** A faction; {@code corporationId} is its executor corporation, null when it has none. */
    public record Faction(int factionId, String name, Integer corporationId) {
    }

    /** An NPC corporation; {@code factionId} is null when it belongs to none. */
    public record NpcCorporation(int corporationId, String name, Integer factionId) {
    }

    public SdeSet {
        tables = Map.copyOf(tables);
        sourceRows = Map.copyOf(sourceRows);
        formats = Set.copyOf(formats);
    }

    public boolean has(SdeTable table) {
        return tables.containsKey(table);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> rows(SdeTable table) {
        List<?> rows = tables.get(table);
        return rows == null ? List.of() : (List<T>) rows;
    }

    /** The same set restricted to {@code keep} (the bootstrap fills only empty tables). */
    public SdeSet only(Set<SdeTable> keep) {
        Map<SdeTable, List<?>> kept = new EnumMap<>(SdeTable.class);
        Map<SdeTable, Integer> counts = new EnumMap<>(SdeTable.class);
        tables.forEach((table, rows) -> {
            if (keep.contains(table)) {
                kept.put(table, rows);
                counts.put(table, sourceRows.get(table));
            }
        });
        return new SdeSet(source, formats, build, kept, counts, typesDetailed);
    }
}
