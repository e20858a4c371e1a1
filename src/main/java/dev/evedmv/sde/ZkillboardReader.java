package dev.evedmv.sde;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * zKillboard's public data files: {@code mapRegions.jsonl} {id, regionName},
 * {@code mapConstellations.jsonl} {id, constellationName, regionID}, {@code mapSystems.jsonl}
 * {id, name, constellationID, securityStatus, securityClass} with no region (the load takes it
 * from the constellation), and {@code items.json}, one array of {typeID, groupID, name} covering
 * every type but carrying no published flag, mass, volume, price or market group.
 */
final class ZkillboardReader {
    static final String FORMAT = "zkillboard";
    static final List<String> FILES = List.of("mapregions.jsonl", "mapconstellations.jsonl", "mapsystems.jsonl",
            "items.json");

    private ZkillboardReader() {
    }

    static void read(JsonRecords json, String name, String display, InputStream in, SdeReader.Tables tables)
            throws IOException {
        switch (name) {
            case "mapregions.jsonl" -> {
                TableSink<SdeSet.Region> sink = tables.sink(SdeTable.REGIONS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("id"),
                        new SdeSet.Region(r.requiredInt("id"), r.name("regionName")))));
            }
            case "mapconstellations.jsonl" -> {
                TableSink<SdeSet.Constellation> sink = tables.sink(SdeTable.CONSTELLATIONS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("id"),
                        new SdeSet.Constellation(r.requiredInt("id"), r.requiredInt("regionID"),
                                r.name("constellationName")))));
            }
            case "mapsystems.jsonl" -> {
                TableSink<SdeSet.SolarSystem> sink = tables.sink(SdeTable.SYSTEMS, display);
                sink.sourceRows(json.forEachLine(display, in, r -> sink.add(r.requiredInt("id"),
                        new SdeSet.SolarSystem(r.requiredInt("id"), r.requiredInt("constellationID"), null,
                                r.name("name"), r.requiredDouble("securityStatus"), r.optionalText("securityClass")))));
            }
            default -> {
                TableSink<SdeSet.Type> sink = tables.sink(SdeTable.TYPES, display);
                sink.sourceRows(json.forEachArrayElement(display, in, r -> sink.add(r.requiredInt("typeID"),
                        new SdeSet.Type(r.requiredInt("typeID"), r.requiredInt("groupID"), r.name("name"),
                                null, null, null, null, null))));
            }
        }
    }
}
