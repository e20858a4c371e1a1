package dev.evedmv.sde;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * CCP's JSON Lines SDE (developers.eveonline.com/docs/services/static-data/): one object per
 * line, integer keys as {@code _key}, names as localized maps of which the English entry is used.
 * Fields read, as in CCP's export and the community schemas built from it:
 * <ul>
 *   <li>categories: _key, name, published</li>
 *   <li>groups: _key, categoryID, name, published</li>
 *   <li>types: _key, groupID, name, published, and when present mass, volume, basePrice, marketGroupID</li>
 *   <li>mapRegions: _key, name</li>
 *   <li>mapConstellations: _key, regionID, name</li>
 *   <li>mapSolarSystems: _key, constellationID, regionID, name, securityStatus, and securityClass when present</li>
 *   <li>factions: _key, name, and corporationID (its executor corporation) when present</li>
 *   <li>npcCorporations: _key, name, and factionID when present</li>
 * </ul>
 */
final class CcpJsonlReader {
    static final String FORMAT = "ccp-jsonl";
    static final List<String> FILES = List.of("categories.jsonl", "groups.jsonl", "types.jsonl",
            "mapregions.jsonl", "mapconstellations.jsonl", "mapsolarsystems.jsonl", "factions.jsonl",
            "npccorporations.jsonl");

    private CcpJsonlReader() {
    }

    static void read(JsonRecords json, String name, String display, InputStream in, SdeReader.Tables tables)
            throws IOException {
        switch (name) {
            case "categories.jsonl" -> {
                TableSink<SdeSet.Category> sink = tables.sink(SdeTable.CATEGORIES, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.Category(r.requiredInt("_key"), r.name("name"), r.requiredBoolean("published")))));
            }
            case "groups.jsonl" -> {
                TableSink<SdeSet.Group> sink = tables.sink(SdeTable.GROUPS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.Group(r.requiredInt("_key"), r.requiredInt("categoryID"), r.name("name"),
                                r.requiredBoolean("published")))));
            }
            case "types.jsonl" -> {
                TableSink<SdeSet.Type> sink = tables.sink(SdeTable.TYPES, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.Type(r.requiredInt("_key"), r.requiredInt("groupID"), r.name("name"),
                                r.requiredBoolean("published"), r.optionalDouble("mass"), r.optionalDouble("volume"),
                                r.optionalDecimal("basePrice"), r.optionalInt("marketGroupID")))));
            }
            case "mapregions.jsonl" -> {
                TableSink<SdeSet.Region> sink = tables.sink(SdeTable.REGIONS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.Region(r.requiredInt("_key"), r.name("name")))));
            }
            case "mapconstellations.jsonl" -> {
                TableSink<SdeSet.Constellation> sink = tables.sink(SdeTable.CONSTELLATIONS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.Constellation(r.requiredInt("_key"), r.requiredInt("regionID"), r.name("name")))));
            }
            case "factions.jsonl" -> {
                TableSink<SdeSet.Faction> sink = tables.sink(SdeTable.FACTIONS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.Faction(r.requiredInt("_key"), r.name("name"), r.optionalInt("corporationID")))));
            }
            case "npccorporations.jsonl" -> {
                TableSink<SdeSet.NpcCorporation> sink = tables.sink(SdeTable.NPC_CORPORATIONS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.NpcCorporation(r.requiredInt("_key"), r.name("name"), r.optionalInt("factionID")))));
            }
            default -> {
                TableSink<SdeSet.SolarSystem> sink = tables.sink(SdeTable.SYSTEMS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("_key"),
                        new SdeSet.SolarSystem(r.requiredInt("_key"), r.requiredInt("constellationID"),
                                r.requiredInt("regionID"), r.name("name"), r.requiredDouble("securityStatus"),
                                r.optionalText("securityClass")))));
            }
        }
    }
}
