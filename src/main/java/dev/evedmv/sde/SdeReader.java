package dev.evedmv.sde;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an SDE source into an {@link SdeSet}, telling the format of each file by its name:
 * <ul>
 *   <li>CCP JSON Lines: {@code categories.jsonl, groups.jsonl, types.jsonl, mapRegions.jsonl,
 *       mapConstellations.jsonl, mapSolarSystems.jsonl, factions.jsonl, npcCorporations.jsonl}, and
 *       {@code _sde.jsonl} for the build;</li>
 *   <li>zKillboard data files: {@code mapRegions.jsonl, mapConstellations.jsonl, mapSystems.jsonl,
 *       items.json};</li>
 *   <li>Fuzzwork CSV: {@code invCategories.csv, invGroups.csv, invTypes.csv, mapRegions.csv,
 *       mapConstellations.csv, mapSolarSystems.csv, chrFactions.csv, crpNPCCorporations.csv}, each
 *       also as {@code .bz2}.</li>
 * </ul>
 * {@code mapRegions.jsonl} and {@code mapConstellations.jsonl} exist in both JSON flavours: the
 * other files of the source decide, or else the first record ({@code _key} is CCP's). A source
 * may mix formats as long as no table is given by two files. Every file is read in full before
 * anything is written, so a malformed file fails the load with nothing changed.
 */
public final class SdeReader {
    private static final String CCP_BUILD_FILE = "_sde.jsonl";
    private static final List<String> CCP_ONLY = List.of("categories.jsonl", "groups.jsonl", "types.jsonl",
            "mapsolarsystems.jsonl", "factions.jsonl", "npccorporations.jsonl", CCP_BUILD_FILE);
    private static final List<String> ZKILLBOARD_ONLY = List.of("items.json", "mapsystems.jsonl");
    private static final List<String> SHARED_JSONL = List.of("mapregions.jsonl", "mapconstellations.jsonl");

    private final ObjectMapper mapper;
    private final JsonRecords json;

    public SdeReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.json = new JsonRecords(mapper);
    }

    /** Reads the folder, zip or single file at {@code path}. */
    public SdeSet read(Path path) {
        return read(SdeFiles.open(path));
    }

    SdeSet read(SdeFiles files) {
        Map<String, SdeFiles.SdeFile> byName = new LinkedHashMap<>();
        for (SdeFiles.SdeFile f : files.files()) {
            byName.putIfAbsent(f.name(), f);
        }
        boolean ccp = CCP_ONLY.stream().anyMatch(byName::containsKey);
        boolean zkillboard = ZKILLBOARD_ONLY.stream().anyMatch(byName::containsKey);
        if (ccp && zkillboard) {
            throw new SdeFormatException(files.source() + " mixes CCP JSON Lines files with zKillboard's data files");
        }
        if (!ccp && !zkillboard) {
            for (String shared : SHARED_JSONL) {
                if (byName.containsKey(shared)) {
                    ccp = firstRecordHasKey(byName.get(shared));
                    zkillboard = !ccp;
                    break;
                }
            }
        }

        Tables tables = new Tables();
        TreeSet<String> formats = new TreeSet<>();
        String build = null;
        Instant newest = Instant.EPOCH;
        for (SdeFiles.SdeFile file : byName.values()) {
            String format = formatOf(file.name(), ccp);
            if (format == null) {
                continue;
            }
            if (file.name().equals(CCP_BUILD_FILE)) {
                build = ccpBuild(file);
            } else {
                readFile(file, format, tables);
                formats.add(format);
            }
            if (file.modified().isAfter(newest)) {
                newest = file.modified();
            }
        }
        if (tables.isEmpty()) {
            throw new SdeFormatException("no SDE files in " + files.source()
                    + " (expected CCP *.jsonl, zKillboard mapSystems.jsonl/items.json or Fuzzwork *.csv[.bz2])");
        }
        if (build == null) {
            build = "files dated " + newest.atZone(ZoneOffset.UTC).toLocalDate();
        }
        return new SdeSet(files.source(), formats, build, tables.rows, tables.sourceRows, tables.typesDetailed);
    }

    /** The format of a file of this source, or null when it is not one the loader reads. */
    private static String formatOf(String name, boolean ccp) {
        if (FuzzworkCsvReader.FILES.contains(name)) {
            return FuzzworkCsvReader.FORMAT;
        }
        if (ccp && (CcpJsonlReader.FILES.contains(name) || name.equals(CCP_BUILD_FILE))) {
            return CcpJsonlReader.FORMAT;
        }
        return !ccp && ZkillboardReader.FILES.contains(name) ? ZkillboardReader.FORMAT : null;
    }

    /** Reads one file into its table. */
    private void readFile(SdeFiles.SdeFile file, String format, Tables tables) {
        String name = file.name();
        String display = file.displayName();
        try (InputStream in = file.open()) {
            switch (format) {
                case FuzzworkCsvReader.FORMAT -> {
                    CsvFile csv = CsvFile.parse(display, readAll(in, display));
                    switch (name) {
                        case "invcategories.csv" -> FuzzworkCsvReader.categories(csv, tables.sink(SdeTable.CATEGORIES, display));
                        case "invgroups.csv" -> FuzzworkCsvReader.groups(csv, tables.sink(SdeTable.GROUPS, display));
                        case "invtypes.csv" -> FuzzworkCsvReader.types(csv, tables.sink(SdeTable.TYPES, display));
                        case "mapregions.csv" -> FuzzworkCsvReader.regions(csv, tables.sink(SdeTable.REGIONS, display));
                        case "mapconstellations.csv" ->
                                FuzzworkCsvReader.constellations(csv, tables.sink(SdeTable.CONSTELLATIONS, display));
                        case "chrfactions.csv" -> FuzzworkCsvReader.factions(csv, tables.sink(SdeTable.FACTIONS, display));
                        case "crpnpccorporations.csv" ->
                                FuzzworkCsvReader.npcCorporations(csv, tables.sink(SdeTable.NPC_CORPORATIONS, display));
                        default -> FuzzworkCsvReader.systems(csv, tables.sink(SdeTable.SYSTEMS, display));
                    }
                }
                case CcpJsonlReader.FORMAT -> CcpJsonlReader.read(json, name, display, in, tables);
                default -> {
                    ZkillboardReader.read(json, name, display, in, tables);
                    if (name.equals("items.json")) {
                        tables.typesDetailed = false;
                    }
                }
            }
            tables.finish();
        } catch (IOException e) {
            // opening a .bz2 decodes its first block: a file cut short can fail here, before line 1 is read
            throw new SdeFormatException(display, 1, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The whole file; a read error (a truncated .bz2) names the line it stopped in. */
    private static byte[] readAll(InputStream in, String display) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            long line = 1;
            for (byte b : out.toByteArray()) {
                if (b == '\n') {
                    line++;
                }
            }
            throw new SdeFormatException(display, line, "cannot read: " + e.getMessage(), e);
        }
    }

    private boolean firstRecordHasKey(SdeFiles.SdeFile file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.open(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    return mapper.readTree(line).has("_key");
                }
            }
            return false;
        } catch (IOException e) {
            throw new SdeFormatException(file.displayName(), 1, "not valid JSON: " + e.getMessage());
        }
    }

    /** CCP's {@code _sde.jsonl}: {"_key": "sde", "buildNumber": …, "releaseDate": …}. */
    private String ccpBuild(SdeFiles.SdeFile file) {
        String[] build = new String[1];
        try (InputStream in = file.open()) {
            json.forEachLine(file.displayName(), in, r -> {
                JsonNode key = r.node().get("_key");
                if (key != null && "sde".equals(key.asText())) {
                    Integer number = r.optionalInt("buildNumber");
                    String released = r.optionalText("releaseDate");
                    build[0] = (number == null ? "build unknown" : "build " + number)
                            + (released == null ? "" : ", released " + released);
                }
            });
        } catch (IOException e) {
            throw new SdeFormatException("cannot read " + file.displayName() + ": " + e.getMessage());
        }
        return build[0];
    }

    /** The tables read so far; a second file for the same table is an error. */
    static final class Tables {
        final Map<SdeTable, List<?>> rows = new EnumMap<>(SdeTable.class);
        final Map<SdeTable, Integer> sourceRows = new EnumMap<>(SdeTable.class);
        private final Map<SdeTable, String> files = new EnumMap<>(SdeTable.class);
        private SdeTable open;
        private TableSink<?> sink;
        boolean typesDetailed = true;

        <T> TableSink<T> sink(SdeTable table, String fileName) {
            String earlier = files.putIfAbsent(table, fileName);
            if (earlier != null) {
                throw new SdeFormatException("both " + earlier + " and " + fileName + " give " + table.key());
            }
            TableSink<T> s = new TableSink<>();
            open = table;
            sink = s;
            return s;
        }

        void finish() {
            if (sink != null) {
                rows.put(open, sink.rows());
                sourceRows.put(open, sink.sourceRowCount());
                sink = null;
                open = null;
            }
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }
    }
}
