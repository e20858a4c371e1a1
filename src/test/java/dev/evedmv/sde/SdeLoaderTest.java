package dev.evedmv.sde;

import dev.evedmv.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class SdeLoaderTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final TestDatabase db;
    private final SdeLoader loader;

    SdeLoaderTest(TestDatabase db) {
        this.db = db;
        this.loader = new SdeLoader(db.database(), mapper);
    }

    @BeforeEach
    void emptyTables() {
        db.jdbi().useHandle(h -> h.execute("TRUNCATE sde_categories, sde_groups, sde_types, sde_regions, "
                + "sde_constellations, sde_systems, sde_factions, sde_npc_corporations, sde_loads, names"));
    }

    @Test
    void realSetsLoadAloneThenTogetherAndRepeatWithoutChanges() {
        SdeLoadResult zkillboard = loader.load(SharedData.sde("zkillboard"));
        assertThat(inserted(zkillboard)).containsExactlyInAnyOrderEntriesOf(Map.of(SdeTable.TYPES, 50365L,
                SdeTable.REGIONS, 114L, SdeTable.CONSTELLATIONS, 1184L, SdeTable.SYSTEMS, 8490L));
        assertThat(zkillboard.tables().get(SdeTable.TYPES).sourceRows()).isEqualTo(50366);
        assertThat(zkillboard.tables().get(SdeTable.TYPES).duplicates()).isEqualTo(1);
        assertThat(counts()).containsEntry("types", 50365L).containsEntry("systems", 8490L)
                .containsEntry("groups", 0L);
        assertThat(nullRegions()).isZero();
        assertThat(one(Integer.class, "SELECT region_id FROM sde_systems WHERE system_id = 30000142"))
                .isEqualTo(10000002);

        assertThat(loader.load(SharedData.sde("zkillboard")).changedAnything()).isFalse();

        SdeLoadResult csv = loader.load(SharedData.sde("cjkilman-eve-sde-dump"));
        assertThat(csv.tables()).containsOnlyKeys(SdeTable.CATEGORIES, SdeTable.GROUPS, SdeTable.REGIONS,
                SdeTable.CONSTELLATIONS, SdeTable.SYSTEMS, SdeTable.FACTIONS, SdeTable.NPC_CORPORATIONS);
        assertThat(csv.tables().get(SdeTable.NPC_CORPORATIONS).inserted()).isEqualTo(283);
        assertThat(csv.tables().get(SdeTable.FACTIONS).inserted()).isEqualTo(27);
        assertThat(csv.tables().get(SdeTable.CATEGORIES).inserted()).isEqualTo(48);
        assertThat(csv.tables().get(SdeTable.GROUPS).inserted()).isEqualTo(1578);
        assertThat(csv.tables().get(SdeTable.SYSTEMS).sourceRows()).isEqualTo(8437);
        assertThat(csv.tables().get(SdeTable.TYPES)).isNull();
        assertThat(counts()).containsEntry("categories", 48L).containsEntry("groups", 1578L)
                .as("an older map adds nothing and removes nothing").containsEntry("systems", 8490L)
                .containsEntry("types", 50365L);
        assertThat(loader.load(SharedData.sde("cjkilman-eve-sde-dump")).changedAnything()).isFalse();

        SdeLoadResult old = loader.load(SharedData.sde("sergiyshpak-2018"));
        assertThat(old.tables()).containsOnlyKeys(SdeTable.TYPES);
        assertThat(old.tables().get(SdeTable.TYPES).sourceRows()).isEqualTo(33735);
        assertThat(old.tables().get(SdeTable.TYPES).deleted()).as("a full types file removes the types it lacks")
                .isEqualTo(50365 - 33735);
        assertThat(counts()).containsEntry("types", 33735L).containsEntry("groups", 1578L);
        assertThat(loader.load(SharedData.sde("sergiyshpak-2018")).changedAnything()).isFalse();

        assertThat(one(Long.class, "SELECT count(*) FROM sde_loads"))
                .isEqualTo(6);
    }

    @Test
    void oneFolderCombiningTheSamplesLoadsInOneTransaction(@TempDir Path dir) throws IOException {
        for (String file : List.of("items.json", "mapRegions.jsonl", "mapConstellations.jsonl", "mapSystems.jsonl")) {
            Files.createSymbolicLink(dir.resolve(file), SharedData.sde("zkillboard").resolve(file));
        }
        for (String file : List.of("invCategories.csv", "invGroups.csv")) {
            Files.createSymbolicLink(dir.resolve(file), SharedData.sde("cjkilman-eve-sde-dump").resolve(file));
        }

        SdeLoadResult combined = loader.load(dir);

        assertThat(combined.formats()).containsExactlyInAnyOrder("zkillboard", "fuzzwork-csv");
        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("categories", 48L, "groups", 1578L,
                "types", 50365L, "regions", 114L, "constellations", 1184L, "systems", 8490L, "factions", 0L,
                "npc_corporations", 0L));
        assertThat(loader.load(dir).changedAnything()).isFalse();

        Files.createSymbolicLink(dir.resolve("mapRegions.csv"),
                SharedData.sde("cjkilman-eve-sde-dump").resolve("mapRegions.csv"));
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOf(SdeFormatException.class)
                .hasMessageEndingWith("give regions");
    }

    @Test
    void ccpJsonLinesLoadAndANewerBuildUpdatesAndRemoves(@TempDir Path dir) throws IOException {
        SdeLoadResult first = loader.load(SdeReaderTest.ccpFixture());
        assertThat(first.build()).isEqualTo("build 3064089, released 2025-10-21T11:12:13Z");
        assertThat(counts()).containsEntry("categories", 3L).containsEntry("groups", 4L).containsEntry("types", 4L)
                .containsEntry("regions", 2L).containsEntry("constellations", 2L).containsEntry("systems", 3L)
                .containsEntry("factions", 2L).containsEntry("npc_corporations", 3L);
        assertThat(list("SELECT id || ' ' || category || ' ' || name || ' ' || source FROM names ORDER BY id"))
                .containsExactly("500006 faction CONCORD Assembly sde", "500010 faction Guristas Pirates sde",
                        "1000001 corporation Doomheim sde", "1000125 corporation CONCORD sde",
                        "1000127 corporation Guristas sde");
        assertThat(one(String.class, "SELECT name || ' ' || published || ' ' || base_price || ' ' || market_group_id FROM sde_types WHERE type_id = 587")).isEqualTo("Rifter true 140000.00 64");

        for (String file : List.of("_sde.jsonl", "categories.jsonl", "groups.jsonl", "mapRegions.jsonl",
                "mapConstellations.jsonl", "mapSolarSystems.jsonl")) {
            Files.copy(SdeReaderTest.ccpFixture().resolve(file), dir.resolve(file));
        }
        // the next build renames the Rifter, drops the Heavy Pulse Laser II and adds a Slasher
        Files.writeString(dir.resolve("types.jsonl"), """
                {"_key": 34, "basePrice": 2.0, "groupID": 18, "marketGroupID": 1857, "mass": 0.0, "name": {"en": "Tritanium"}, "published": true, "volume": 0.01}
                {"_key": 587, "basePrice": 140000.0, "groupID": 25, "marketGroupID": 64, "mass": 1067000.0, "name": {"en": "Rifter Mk II"}, "published": true, "volume": 27289.0}
                {"_key": 585, "basePrice": 130000.0, "groupID": 25, "marketGroupID": 64, "mass": 1100000.0, "name": {"en": "Slasher"}, "published": true, "volume": 27000.0}
                {"_key": 670, "groupID": 29, "mass": 32000.0, "name": {"en": "Capsule"}, "published": false, "volume": 1000.0}
                """);
        SdeLoadResult newer = loader.load(dir);

        assertThat(newer.tables().get(SdeTable.TYPES)).isEqualTo(new SdeLoadResult.TableChanges(4, 0, 1, 1, 1));
        assertThat(newer.tables().get(SdeTable.SYSTEMS)).isEqualTo(new SdeLoadResult.TableChanges(3, 0, 0, 0, 0));
        assertThat(list("SELECT name FROM sde_types ORDER BY type_id")).containsExactly("Tritanium", "Slasher", "Rifter Mk II", "Capsule");
    }

    @Test
    void npcCorporationsAndFactionsNameIdsWithoutANameAndNeverOverwriteEsi() {
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name, source) VALUES (1000035, 'corporation', 'Caldari Navy (from ESI)', 'esi'),
                    (1000127, 'corporation', 'Guristas (from a names file)', 'file');
                INSERT INTO names (id, category, name, unknown) VALUES (1000134, 'unknown', NULL, true)"""));

        loader.load(SharedData.sde("cjkilman-eve-sde-dump"));

        assertThat(one(Long.class, "SELECT count(*) FROM names WHERE source = 'sde'")).isEqualTo(283 + 27 - 2);
        assertThat(list("SELECT id || ' ' || category || ' ' || name || ' ' || source FROM names "
                + "WHERE id IN (1000125, 500006, 1000035, 1000127, 1000134) ORDER BY id")).containsExactly(
                "500006 faction CONCORD Assembly sde", "1000035 corporation Caldari Navy (from ESI) esi",
                "1000125 corporation CONCORD sde", "1000127 corporation Guristas (from a names file) file",
                "1000134 corporation Blood Raiders sde");
        assertThat(loader.load(SharedData.sde("cjkilman-eve-sde-dump")).changedAnything()).isFalse();
        assertThat(one(Long.class, "SELECT count(*) FROM names")).as("one row per NPC id").isEqualTo(283 + 27);

        // ESI's answer replaces the static data's name, and a later load leaves it
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE names SET name = 'CONCORD (from ESI)', source = 'esi' WHERE id = 1000125"));
        db.jdbi().useHandle(h -> h.execute("DELETE FROM sde_npc_corporations WHERE corporation_id = 1000125"));
        SdeLoadResult again = loader.load(SharedData.sde("cjkilman-eve-sde-dump"));
        assertThat(again.changedAnything()).isTrue();
        assertThat(again.changedKillmailDerivation()).as("NPC corporations only name: no rederive wanted").isFalse();
        assertThat(one(String.class, "SELECT name || ' ' || source FROM names WHERE id = 1000125"))
                .isEqualTo("CONCORD (from ESI) esi");
    }

    @Test
    void aPartialSetTouchesOnlyItsTables(@TempDir Path dir) throws IOException {
        loader.load(SdeReaderTest.ccpFixture());
        Files.writeString(dir.resolve("mapRegions.csv"), "regionID,regionName\n10000002,The Forge (renamed)\n10000001,Derelik\n");

        SdeLoadResult partial = loader.load(dir);

        assertThat(partial.tables()).containsOnlyKeys(SdeTable.REGIONS);
        assertThat(partial.tables().get(SdeTable.REGIONS)).isEqualTo(new SdeLoadResult.TableChanges(2, 0, 1, 1, 0));
        assertThat(counts()).containsEntry("regions", 3L).containsEntry("types", 4L).containsEntry("systems", 3L);
    }

    @Test
    void systemsWithoutRegionTakeItFromStoredConstellations(@TempDir Path dir) throws IOException {
        loader.load(SdeReaderTest.ccpFixture());
        Files.writeString(dir.resolve("mapSystems.jsonl"), """
                {"id":30000145,"name":"New Caldari","constellationID":20000020,"securityStatus":0.953,"securityClass":"A"}
                """);
        loader.load(dir);
        assertThat(one(Integer.class, "SELECT region_id FROM sde_systems WHERE system_id = 30000145"))
                .isEqualTo(10000002);

        Files.writeString(dir.resolve("mapSystems.jsonl"), """
                {"id":30000001,"name":"Tanoo","constellationID":20000001,"securityStatus":0.858324,"securityClass":"B"}
                """);
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOf(SdeFormatException.class)
                .hasMessageContaining("1 solar systems").hasMessageContaining("constellation 20000001");
        assertThat(counts()).containsEntry("systems", 4L);
    }

    @Test
    void aMalformedFileChangesNothing(@TempDir Path dir) throws IOException {
        loader.load(SdeReaderTest.ccpFixture());
        List<String> before = snapshot();

        Files.writeString(dir.resolve("invCategories.csv"), "categoryID,categoryName,published\n6,Ships,1\n");
        Files.writeString(dir.resolve("invTypes.csv"), """
                typeID,groupID,typeName,mass,volume,basePrice,published,marketGroupID
                587,25,Rifter,1067000,27289,,1,64
                588,25,Reaper,1000000,27000,,yes,64
                """);
        assertThatThrownBy(() -> loader.load(dir))
                .hasMessage("invTypes.csv line 3: published is not a boolean (0/1/true/false): yes");

        assertThat(snapshot()).isEqualTo(before);
        assertThat(one(Long.class, "SELECT count(*) FROM sde_loads"))
                .isEqualTo(1);
    }

    @Test
    void aFailureAfterSomeTablesWereWrittenRollsBackTheWholeLoad(@TempDir Path dir) throws IOException {
        loader.load(SdeReaderTest.ccpFixture());
        List<String> before = snapshot();
        Files.writeString(dir.resolve("invTypes.csv"), """
                typeID,groupID,typeName,mass,volume,basePrice,published,marketGroupID
                587,25,Rifter renamed,1067000,27289,,1,64
                """);
        Files.writeString(dir.resolve("mapSolarSystems.csv"), """
                regionID,constellationID,solarSystemID,solarSystemName,security
                10000002,20000020,30000142,Jita renamed,0.9
                """);
        // systems are written last: make that write fail after types were upserted and pruned
        db.jdbi().useHandle(h -> h.execute("""
                CREATE FUNCTION test_refuse_system() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'refused by test trigger'; END $$;
                CREATE TRIGGER test_refuse_system BEFORE UPDATE ON sde_systems
                   FOR EACH ROW EXECUTE FUNCTION test_refuse_system();
                """));
        try {
            assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("refused by test trigger");
        } finally {
            db.jdbi().useHandle(h -> h.execute("DROP FUNCTION test_refuse_system() CASCADE"));
        }

        assertThat(snapshot()).isEqualTo(before).anyMatch(row -> row.contains("Rifter"));
        assertThat(one(Long.class, "SELECT count(*) FROM sde_loads")).isEqualTo(1);
    }

    private List<String> snapshot() {
        return list("""
                SELECT 'c' || row(c.*)::text FROM sde_categories c UNION ALL
                SELECT 'g' || row(g.*)::text FROM sde_groups g UNION ALL
                SELECT 't' || row(t.*)::text FROM sde_types t UNION ALL
                SELECT 'r' || row(r.*)::text FROM sde_regions r UNION ALL
                SELECT 'k' || row(k.*)::text FROM sde_constellations k UNION ALL
                SELECT 's' || row(s.*)::text FROM sde_systems s ORDER BY 1
                """);
    }

    private long nullRegions() {
        return one(Long.class, "SELECT count(*) FROM sde_systems s LEFT JOIN sde_constellations c USING (constellation_id) "
                + "WHERE c.region_id IS DISTINCT FROM s.region_id");
    }

    private <T> T one(Class<T> type, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(type).one());
    }

    private List<String> list(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private Map<String, Long> counts() {
        return SdeStatus.read(db.database(), mapper, 1).tables();
    }

    private static Map<SdeTable, Long> inserted(SdeLoadResult result) {
        Map<SdeTable, Long> inserted = new java.util.EnumMap<>(SdeTable.class);
        result.tables().forEach((t, c) -> inserted.put(t, c.inserted()));
        return inserted;
    }
}
