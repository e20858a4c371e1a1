package dev.evedmv.sde;

import dev.evedmv.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvException;

/** Reading the three formats, without a database. */
class SdeReaderTest {
    private final SdeReader reader = new SdeReader(new ObjectMapper());

    /**
     * {@code src/test/resources/dev/evedmv/sde/ccp-jsonl}: a small SDE in CCP's JSON Lines layout.
     * The layout follows CCP's documentation (developers.eveonline.com/docs/services/static-data/:
     * integer keys as {@code _key}, the build in {@code _sde.jsonl} as {@code buildNumber} and
     * {@code releaseDate}) and the field names used by published loaders and schemas of that
     * export (types: _key, groupID, name{en,…}, published, mass, volume, basePrice, marketGroupID,
     * portionSize; groups: _key, categoryID, name, published; mapSolarSystems: _key, name,
     * regionID, constellationID, securityStatus, securityClass, position; factions: _key, name,
     * corporationID, militiaCorporationID, solarSystemID; npcCorporations: _key, name, factionID,
     * solarSystemID). The values are real ones taken from the zKillboard and Fuzzwork samples in
     * {@code testdata/sde} (factions and NPC corporations from cjkilman/eve-sde-dump's
     * chrFactions.csv and crpNPCCorporations.csv).
     */
    static Path ccpFixture() {
        try {
            return Path.of(SdeReaderTest.class.getResource("ccp-jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsZkillboardFilesWithTheirRealCounts() {
        SdeSet set = reader.read(SharedData.sde("zkillboard"));

        assertThat(set.formats()).containsExactly("zkillboard");
        assertThat(set.sourceRows()).containsEntry(SdeTable.REGIONS, 114).containsEntry(SdeTable.CONSTELLATIONS, 1184)
                .containsEntry(SdeTable.SYSTEMS, 8490).containsEntry(SdeTable.TYPES, 50366);
        assertThat(set.rows(SdeTable.TYPES)).hasSize(50365).as("type 0 is listed twice; the first row is kept")
                .contains(new SdeSet.Type(0, 0, "#System", null, null, null, null, null));
        assertThat(set.typesDetailed()).isFalse();
        assertThat(set.has(SdeTable.GROUPS)).isFalse();
        assertThat(set.<SdeSet.SolarSystem>rows(SdeTable.SYSTEMS)).contains(
                new SdeSet.SolarSystem(30000142, 20000020, null, "Jita", 0.945913, "B"));
    }

    @Test
    void readsCsvByHeaderWithQuotedCells() {
        SdeSet set = reader.read(SharedData.sde("cjkilman-eve-sde-dump"));

        assertThat(set.formats()).containsExactly("fuzzwork-csv");
        assertThat(set.sourceRows()).containsEntry(SdeTable.CATEGORIES, 48).containsEntry(SdeTable.GROUPS, 1578)
                .containsEntry(SdeTable.REGIONS, 113).containsEntry(SdeTable.CONSTELLATIONS, 1175)
                .containsEntry(SdeTable.SYSTEMS, 8437).containsEntry(SdeTable.NPC_CORPORATIONS, 283)
                .containsEntry(SdeTable.FACTIONS, 27);
        assertThat(set.<SdeSet.NpcCorporation>rows(SdeTable.NPC_CORPORATIONS)).hasSize(283)
                .contains(new SdeSet.NpcCorporation(1000125, "CONCORD", 500006),
                        new SdeSet.NpcCorporation(1000001, "Doomheim", null),
                        new SdeSet.NpcCorporation(1000441, "Deathless Wraiths", 500029));
        assertThat(set.<SdeSet.Faction>rows(SdeTable.FACTIONS)).hasSize(27)
                .contains(new SdeSet.Faction(500006, "CONCORD Assembly", 1000137),
                        new SdeSet.Faction(500021, "Unknown", null));
        assertThat(set.<SdeSet.Group>rows(SdeTable.GROUPS))
                .contains(new SdeSet.Group(1587, 66, "Structure Assembly Rig L - Module, Consumable, Drone", false))
                .contains(new SdeSet.Group(25, 6, "Frigate", true));
        assertThat(set.<SdeSet.SolarSystem>rows(SdeTable.SYSTEMS))
                .contains(new SdeSet.SolarSystem(30000142, 20000020, 10000002, "Jita", 0.945913, "B"));
    }

    @Test
    void readsWindows1252CsvWithUpperCaseHeaders() {
        SdeSet set = reader.read(SharedData.sde("sergiyshpak-2018"));

        assertThat(set.sourceRows()).containsOnlyKeys(SdeTable.TYPES).containsEntry(SdeTable.TYPES, 33735);
        List<SdeSet.Type> types = set.rows(SdeTable.TYPES);
        assertThat(types).contains(new SdeSet.Type(587, 25, "Rifter", true, 1067000.0, 27289.0, null, 64),
                new SdeSet.Type(3958, 1083, "GDN-9 \"Nightstalker\" Combat Goggles", true, 0.0, 0.1, null, 1408));
        assertThat(types).filteredOn(t -> t.basePrice() != null && t.basePrice().compareTo(new BigDecimal("1E+11")) == 0)
                .isNotEmpty();
        assertThat(types).as("cp1252 bytes decoded, not replaced")
                .noneMatch(t -> t.name().contains("\uFFFD"))
                .anyMatch(t -> t.name().chars().anyMatch(c -> c > 127));
    }

    @Test
    void readsCcpJsonLinesWithEnglishNamesAndBuild() {
        SdeSet set = reader.read(ccpFixture());

        assertThat(set.formats()).containsExactly("ccp-jsonl");
        assertThat(set.build()).isEqualTo("build 3064089, released 2025-10-21T11:12:13Z");
        assertThat(set.<SdeSet.Type>rows(SdeTable.TYPES)).contains(
                new SdeSet.Type(587, 25, "Rifter", true, 1067000.0, 27289.0, new BigDecimal("140000.0"), 64),
                new SdeSet.Type(670, 29, "Capsule", false, 32000.0, 1000.0, null, null));
        assertThat(set.<SdeSet.Category>rows(SdeTable.CATEGORIES)).contains(new SdeSet.Category(6, "Ship", true));
        assertThat(set.<SdeSet.Group>rows(SdeTable.GROUPS)).contains(new SdeSet.Group(29, 6, "Capsule", true));
        assertThat(set.<SdeSet.Region>rows(SdeTable.REGIONS)).contains(new SdeSet.Region(10000002, "The Forge"));
        assertThat(set.<SdeSet.SolarSystem>rows(SdeTable.SYSTEMS))
                .contains(new SdeSet.SolarSystem(30000142, 20000020, 10000002, "Jita", 0.945913, "B"));
        assertThat(set.<SdeSet.Faction>rows(SdeTable.FACTIONS)).containsExactly(
                new SdeSet.Faction(500006, "CONCORD Assembly", 1000137), new SdeSet.Faction(500010, "Guristas Pirates", 1000127));
        assertThat(set.<SdeSet.NpcCorporation>rows(SdeTable.NPC_CORPORATIONS)).containsExactly(
                new SdeSet.NpcCorporation(1000001, "Doomheim", null), new SdeSet.NpcCorporation(1000125, "CONCORD", 500006),
                new SdeSet.NpcCorporation(1000127, "Guristas", 500010));
        assertThat(set.typesDetailed()).isTrue();
    }

    @Test
    void readsAZipWithAFolderInside(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("eve-online-static-data-3064089-jsonl.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String file : List.of("_sde.jsonl", "types.jsonl", "mapRegions.jsonl")) {
                out.putNextEntry(new ZipEntry("sde/" + file));
                out.write(Files.readAllBytes(ccpFixture().resolve(file)));
                out.closeEntry();
            }
        }
        SdeSet set = reader.read(zip);

        assertThat(set.tables()).containsOnlyKeys(SdeTable.TYPES, SdeTable.REGIONS);
        assertThat(set.build()).startsWith("build 3064089");
    }

    @Test
    void readsBzip2Csv(@TempDir Path dir) throws IOException {
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(dir.resolve("invCategories.csv.bz2")))) {
            out.write("CategoryID,CATEGORYNAME,published\n6,Ship,1\n7,None,0\n".getBytes(StandardCharsets.UTF_8));
        }
        SdeSet set = reader.read(dir);

        assertThat(set.<SdeSet.Category>rows(SdeTable.CATEGORIES))
                .containsExactly(new SdeSet.Category(6, "Ship", true), new SdeSet.Category(7, "", false));
    }

    @Test
    void aTruncatedBzip2NamesFileAndLine(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.bz2");
        // 100 KB blocks, so that the cut falls after the first blocks
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(whole), 1)) {
            List<String> lines = Files.readAllLines(SharedData.sde("cjkilman-eve-sde-dump").resolve("mapSolarSystems.csv"));
            out.write(String.join("\n", lines.subList(0, 1500)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.createDirectory(dir.resolve("cut"));
        Files.write(cut.resolve("mapSolarSystems.csv.bz2"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> reader.read(cut)).isInstanceOf(SdeFormatException.class)
                .hasMessageMatching("mapSolarSystems\\.csv\\.bz2 line [0-9]{3,}: cannot read: .*");
    }

    @Test
    void aMissingColumnNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("invGroups.csv"), "groupID,groupName,published\n25,Frigate,1\n");

        assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(SdeFormatException.class)
                .isInstanceOf(EveDmvException.class).hasMessage("invGroups.csv line 1: missing column categoryID");
    }

    @Test
    void aWrongTypeNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("invGroups.csv"),
                "groupID,categoryID,groupName,published\n25,6,Frigate,1\n\"26\",\"six\",\"Cruiser, T1\",1\n");

        assertThatThrownBy(() -> reader.read(dir))
                .hasMessage("invGroups.csv line 3: categoryID is not an integer: six");
    }

    @Test
    void aQuotedCellAcrossLinesKeepsLineNumbers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("invCategories.csv"),
                "categoryID,categoryName,published\n6,\"Ship\nwith a break\",1\n7,Module,maybe\n");

        assertThatThrownBy(() -> reader.read(dir))
                .hasMessage("invCategories.csv line 4: published is not a boolean (0/1/true/false): maybe");
    }

    @Test
    void aTruncatedRowNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mapRegions.csv"), "regionID,regionName,factionID\n10000001,Derelik,500007\n10000002\n");

        assertThatThrownBy(() -> reader.read(dir)).hasMessage("mapRegions.csv line 3: expected 3 columns, found 1");
    }

    @Test
    void aBadJsonLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mapSystems.jsonl"), """
                {"id":30000001,"name":"Tanoo","constellationID":20000001,"securityStatus":0.858324,"securityClass":"B"}
                {"id":30000002,"name":"Lashesih","constellationID":20000001,"securityStat
                """);

        assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(SdeFormatException.class)
                .hasMessageStartingWith("mapSystems.jsonl line 2: not valid JSON");
    }

    @Test
    void aMissingJsonFieldNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("types.jsonl"), """
                {"_key": 587, "groupID": 25, "name": {"en": "Rifter"}, "published": true}

                {"_key": 588, "name": {"en": "Reaper"}, "published": true}
                """);

        assertThatThrownBy(() -> reader.read(dir)).hasMessage("types.jsonl line 3: missing groupID");
    }

    @Test
    void aCorruptJsonArrayNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("items.json"), "[{\"typeID\":1,\"groupID\":2,\"name\":\"a\"},\n{\"typeID\":\"x\",\"groupID\":2}]");

        assertThatThrownBy(() -> reader.read(dir)).hasMessage("items.json line 2: typeID is not an integer: \"x\"");
    }

    @Test
    void regionsAloneAreToldApartByTheirKeys(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mapRegions.jsonl"), "{\"_key\": 10000002, \"name\": {\"en\": \"The Forge\"}}\n");
        assertThat(reader.read(dir).formats()).containsExactly("ccp-jsonl");

        Files.writeString(dir.resolve("mapRegions.jsonl"), "{\"id\": 10000002, \"regionName\": \"The Forge\"}\n");
        assertThat(reader.read(dir).<SdeSet.Region>rows(SdeTable.REGIONS))
                .containsExactly(new SdeSet.Region(10000002, "The Forge"));
    }

    @Test
    void aTableGivenTwiceIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mapRegions.csv"), "regionID,regionName\n10000002,The Forge\n");
        Files.writeString(dir.resolve("mapRegions.jsonl"), "{\"id\": 10000002, \"regionName\": \"The Forge\"}\n");

        assertThatThrownBy(() -> reader.read(dir)).hasMessageContaining("give regions");
    }

    @Test
    void aFolderWithoutSdeFilesIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "nothing here");

        assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(SdeFormatException.class)
                .hasMessageStartingWith("no SDE files in " + dir);
        assertThatThrownBy(() -> reader.read(dir.resolve("absent"))).hasMessageEndingWith("does not exist");
    }

    @Test
    void cp1252FallbackOnlyWhenNotUtf8(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("mapRegions.csv"), "regionID,regionName\n1,Caf\u00e9\n".getBytes(Charset.forName("windows-1252")));
        assertThat(reader.read(dir).<SdeSet.Region>rows(SdeTable.REGIONS)).containsExactly(new SdeSet.Region(1, "Caf\u00e9"));

        Files.write(dir.resolve("mapRegions.csv"), "regionID,regionName\n1,\u4f2a\u9020\u8005\n".getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(dir).<SdeSet.Region>rows(SdeTable.REGIONS)).containsExactly(new SdeSet.Region(1, "\u4f2a\u9020\u8005"));
    }

    @Test
    void theBundleHoldsEveryMapRowAndTheKillmailCategories() {
        SdeSet set = StaticDataBootstrap.readBundle(new ObjectMapper());

        assertThat(set.formats()).containsExactlyInAnyOrder("zkillboard", "fuzzwork-csv");
        assertThat(set.build()).isEqualTo("files dated 2026-05-23");
        assertThat(set.sourceRows()).containsEntry(SdeTable.REGIONS, 114).containsEntry(SdeTable.CONSTELLATIONS, 1184)
                .containsEntry(SdeTable.SYSTEMS, 8490).containsEntry(SdeTable.CATEGORIES, 48)
                .containsEntry(SdeTable.GROUPS, 1578 + 11).containsEntry(SdeTable.NPC_CORPORATIONS, 283)
                .containsEntry(SdeTable.FACTIONS, 27);
        assertThat(set.<SdeSet.NpcCorporation>rows(SdeTable.NPC_CORPORATIONS))
                .contains(new SdeSet.NpcCorporation(1000125, "CONCORD", 500006));
        assertThat(set.<SdeSet.Group>rows(SdeTable.GROUPS)).contains(new SdeSet.Group(1502, 0, "Group 1502", false));
        List<SdeSet.Type> types = set.rows(SdeTable.TYPES);
        assertThat(types).hasSizeBetween(9000, 12000)
                .contains(new SdeSet.Type(587, 25, "Rifter", null, null, null, null, null))
                .noneMatch(t -> Set.of(34, 0).contains(t.typeId()));
    }
}
