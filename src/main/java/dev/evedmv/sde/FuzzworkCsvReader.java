package dev.evedmv.sde;

import java.util.List;

/**
 * Fuzzwork-style CSV ({@code invTypes.csv}, {@code invGroups.csv}, {@code invCategories.csv},
 * {@code mapRegions.csv}, {@code mapConstellations.csv}, {@code mapSolarSystems.csv},
 * {@code chrFactions.csv}, {@code crpNPCCorporations.csv}), column
 * names as in Fuzzwork's dumps of CCP's tables; extra columns are ignored.
 */
final class FuzzworkCsvReader {
    static final String FORMAT = "fuzzwork-csv";

    private FuzzworkCsvReader() {
    }

    static void categories(CsvFile csv, TableSink<SdeSet.Category> sink) {
        int id = csv.column("categoryID");
        int name = csv.column("categoryName");
        int published = csv.column("published");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "categoryID"),
                new SdeSet.Category(r.requiredInt(id, "categoryID"), orEmpty(r.text(name)), r.bool(published, "published")))));
    }

    static void groups(CsvFile csv, TableSink<SdeSet.Group> sink) {
        int id = csv.column("groupID");
        int category = csv.column("categoryID");
        int name = csv.column("groupName");
        int published = csv.column("published");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "groupID"),
                new SdeSet.Group(r.requiredInt(id, "groupID"), r.requiredInt(category, "categoryID"),
                        orEmpty(r.text(name)), r.bool(published, "published")))));
    }

    static void types(CsvFile csv, TableSink<SdeSet.Type> sink) {
        int id = csv.column("typeID");
        int group = csv.column("groupID");
        int name = csv.column("typeName");
        int published = csv.column("published");
        int mass = csv.column("mass");
        int volume = csv.column("volume");
        int basePrice = csv.column("basePrice");
        int marketGroup = csv.column("marketGroupID");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "typeID"),
                new SdeSet.Type(r.requiredInt(id, "typeID"), r.requiredInt(group, "groupID"), orEmpty(r.text(name)),
                        r.bool(published, "published"), r.optionalDouble(mass, "mass"), r.optionalDouble(volume, "volume"),
                        r.optionalDecimal(basePrice, "basePrice"), r.optionalInt(marketGroup, "marketGroupID")))));
    }

    static void regions(CsvFile csv, TableSink<SdeSet.Region> sink) {
        int id = csv.column("regionID");
        int name = csv.column("regionName");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "regionID"),
                new SdeSet.Region(r.requiredInt(id, "regionID"), orEmpty(r.text(name))))));
    }

    static void constellations(CsvFile csv, TableSink<SdeSet.Constellation> sink) {
        int id = csv.column("constellationID");
        int region = csv.column("regionID");
        int name = csv.column("constellationName");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "constellationID"),
                new SdeSet.Constellation(r.requiredInt(id, "constellationID"), r.requiredInt(region, "regionID"),
                        orEmpty(r.text(name))))));
    }

    static void systems(CsvFile csv, TableSink<SdeSet.SolarSystem> sink) {
        int id = csv.column("solarSystemID");
        int constellation = csv.column("constellationID");
        int region = csv.column("regionID");
        int name = csv.column("solarSystemName");
        int security = csv.column("security");
        int securityClass = csv.optionalColumn("securityClass");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "solarSystemID"),
                new SdeSet.SolarSystem(r.requiredInt(id, "solarSystemID"), r.requiredInt(constellation, "constellationID"),
                        r.requiredInt(region, "regionID"), orEmpty(r.text(name)), r.requiredDouble(security, "security"),
                        r.text(securityClass)))));
    }

    static void factions(CsvFile csv, TableSink<SdeSet.Faction> sink) {
        int id = csv.column("factionID");
        int name = csv.column("factionName");
        int corporation = csv.column("corporationID");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "factionID"),
                new SdeSet.Faction(r.requiredInt(id, "factionID"), orEmpty(r.text(name)),
                        r.optionalInt(corporation, "corporationID")))));
    }

    static void npcCorporations(CsvFile csv, TableSink<SdeSet.NpcCorporation> sink) {
        int id = csv.column("corporationID");
        int name = csv.column("corporationName");
        int faction = csv.column("factionID");
        sink.sourceRows(csv.forEachRow(r -> sink.add(r.requiredInt(id, "corporationID"),
                new SdeSet.NpcCorporation(r.requiredInt(id, "corporationID"), orEmpty(r.text(name)),
                        r.optionalInt(faction, "factionID")))));
    }

    static String orEmpty(String name) {
        return name == null ? "" : name;
    }

    /** File base names (lower case, without .bz2) of this format. */
    static final List<String> FILES = List.of("invcategories.csv", "invgroups.csv", "invtypes.csv",
            "mapregions.csv", "mapconstellations.csv", "mapsolarsystems.csv", "chrfactions.csv", "crpnpccorporations.csv");
}
