package dev.evedmv.sde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds {@code src/main/resources/dev/evedmv/sde/bundled-sde.zip}, the static data shipped in the
 * jar, from the real files in {@code testdata/sde}. The bundle holds real-format files the
 * loader reads like any other source:
 * <ul>
 *   <li>{@code mapRegions.jsonl, mapConstellations.jsonl, mapSystems.jsonl}: every region,
 *       constellation and system of zKillboard's data files, reduced to the fields the loader reads;</li>
 *   <li>{@code invCategories.csv, invGroups.csv}: every category and group of cjkilman/eve-sde-dump,
 *       plus each group of items.json missing there as "Group &lt;id&gt;" in category 0, unpublished
 *       (the two are different SDE builds and items.json has no category);</li>
 *   <li>{@code items.json}: every type of items.json whose group is in a category killmails carry
 *       ({@link #KILLMAIL_CATEGORIES}).</li>
 *   <li>{@code crpNPCCorporations.csv, chrFactions.csv}: every NPC corporation and faction of
 *       cjkilman/eve-sde-dump, reduced to id, name and faction (executor corporation for factions).</li>
 * </ul>
 * Run from the project folder (arguments default to {@code testdata} and the resource path):
 * <pre>
 * ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" dev.evedmv.sde.BundledSdeBuilder
 * </pre>
 * The output is byte-for-byte reproducible (fixed entry order and dates).
 */
public final class BundledSdeBuilder {
    /**
     * Ship 6, module 7, charge 8, drone 18, implant 20, deployable 22, starbase 23, subsystem 32,
     * sovereignty structure 40, orbital 46, structure 65, structure module 66, fighter 87.
     */
    static final Set<Integer> KILLMAIL_CATEGORIES = Set.of(6, 7, 8, 18, 20, 22, 23, 32, 40, 46, 65, 66, 87);
    /** Entry dates: the last change of zKillboard's map files, the newest of the sources. */
    private static final LocalDate SOURCE_DATE = LocalDate.of(2026, 5, 23);

    private BundledSdeBuilder() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "testdata");
        Path out = Path.of(args.length > 1 ? args[1] : "src/main/resources/dev/evedmv/sde/" + StaticDataBootstrap.BUNDLE);
        byte[] zip = build(data);
        Files.write(out, zip);
        System.out.println("wrote " + out + " (" + zip.length + " bytes)");
    }

    static byte[] build(Path data) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        SdeReader reader = new SdeReader(mapper);
        SdeSet zkillboard = reader.read(data.resolve("sde/zkillboard"));
        SdeSet csv = reader.read(data.resolve("sde/cjkilman-eve-sde-dump"));

        Map<Integer, SdeSet.Group> groups = new TreeMap<>();
        csv.<SdeSet.Group>rows(SdeTable.GROUPS).forEach(g -> groups.put(g.groupId(), g));
        List<SdeSet.Type> types = zkillboard.rows(SdeTable.TYPES);
        for (SdeSet.Type t : types) {
            groups.computeIfAbsent(t.groupId(), id -> new SdeSet.Group(id, 0, "Group " + id, false));
        }
        List<SdeSet.Type> bundledTypes = types.stream()
                .filter(t -> KILLMAIL_CATEGORIES.contains(groups.get(t.groupId()).categoryId()))
                .sorted(Comparator.comparingInt(SdeSet.Type::typeId))
                .collect(Collectors.toList());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "invCategories.csv", csv(List.of("categoryID", "categoryName", "published"),
                    csv.<SdeSet.Category>rows(SdeTable.CATEGORIES),
                    c -> List.of(c.categoryId(), c.name(), c.published() ? 1 : 0)));
            entry(zip, "invGroups.csv", csv(List.of("groupID", "categoryID", "groupName", "published"),
                    List.copyOf(groups.values()),
                    g -> List.of(g.groupId(), g.categoryId(), g.name(), g.published() ? 1 : 0)));
            entry(zip, "mapRegions.jsonl", jsonl(mapper, zkillboard.<SdeSet.Region>rows(SdeTable.REGIONS),
                    (r, g) -> {
                        g.writeNumberField("id", r.regionId());
                        g.writeStringField("regionName", r.name());
                    }));
            entry(zip, "mapConstellations.jsonl", jsonl(mapper,
                    zkillboard.<SdeSet.Constellation>rows(SdeTable.CONSTELLATIONS), (c, g) -> {
                        g.writeNumberField("id", c.constellationId());
                        g.writeStringField("constellationName", c.name());
                        g.writeNumberField("regionID", c.regionId());
                    }));
            entry(zip, "mapSystems.jsonl", jsonl(mapper, zkillboard.<SdeSet.SolarSystem>rows(SdeTable.SYSTEMS),
                    (s, g) -> {
                        g.writeNumberField("id", s.systemId());
                        g.writeStringField("name", s.name());
                        g.writeNumberField("constellationID", s.constellationId());
                        g.writeNumberField("securityStatus", s.security());
                        g.writeStringField("securityClass", s.securityClass());
                    }));
            entry(zip, "crpNPCCorporations.csv", csv(List.of("corporationID", "corporationName", "factionID"),
                    csv.<SdeSet.NpcCorporation>rows(SdeTable.NPC_CORPORATIONS),
                    c -> List.of(c.corporationId(), c.name(), orEmpty(c.factionId()))));
            entry(zip, "chrFactions.csv", csv(List.of("factionID", "factionName", "corporationID"),
                    csv.<SdeSet.Faction>rows(SdeTable.FACTIONS),
                    f -> List.of(f.factionId(), f.name(), orEmpty(f.corporationId()))));
            ByteArrayOutputStream items = new ByteArrayOutputStream();
            try (JsonGenerator g = mapper.getFactory().createGenerator(items)) {
                g.writeStartArray();
                for (SdeSet.Type t : bundledTypes) {
                    g.writeRaw('\n');
                    g.writeStartObject();
                    g.writeNumberField("typeID", t.typeId());
                    g.writeNumberField("groupID", t.groupId());
                    g.writeStringField("name", t.name());
                    g.writeEndObject();
                }
                g.writeRaw('\n');
                g.writeEndArray();
            }
            entry(zip, "items.json", items.toByteArray());
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(SOURCE_DATE.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    private static <T> byte[] csv(List<String> header, List<T> rows, Function<T, List<Object>> cells) {
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (T row : rows) {
            out.append(cells.apply(row).stream().map(BundledSdeBuilder::csvCell).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An absent id as an empty CSV cell, which the reader takes as null. */
    private static Object orEmpty(Integer id) {
        return id == null ? "" : id;
    }

    private static String csvCell(Object value) {
        String text = String.valueOf(value);
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    @FunctionalInterface
    private interface FieldWriter<T> {
        void write(T row, JsonGenerator g) throws IOException;
    }

    private static <T> byte[] jsonl(ObjectMapper mapper, List<T> rows, FieldWriter<T> fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (T row : rows) {
            writeLine(mapper, out, row, fields);
        }
        return out.toByteArray();
    }

    private static <T> void writeLine(ObjectMapper mapper, OutputStream out, T row, FieldWriter<T> fields)
            throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            fields.write(row, g);
            g.writeEndObject();
        }
        out.write('\n');
    }
}
