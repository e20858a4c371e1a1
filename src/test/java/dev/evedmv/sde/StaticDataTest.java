package dev.evedmv.sde;

import dev.evedmv.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** The bundled bootstrap and the in-memory read model. */
@ExtendWith(PostgresExtension.class)
class StaticDataTest {
    private final TestDatabase db;

    StaticDataTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptyTables() {
        db.jdbi().useHandle(h -> h.execute("TRUNCATE sde_categories, sde_groups, sde_types, sde_regions, "
                + "sde_constellations, sde_systems, sde_loads"));
    }

    @Test
    void bootstrapLoadsTheBundleOnceIntoAnEmptyDatabase() {
        Optional<SdeLoadResult> first = StaticDataBootstrap.ensureLoaded(db.database());

        assertThat(first).isPresent();
        assertThat(first.get().source()).isEqualTo("bundled:bundled-sde.zip");
        assertThat(first.get().tables()).containsOnlyKeys(SdeTable.values());
        assertThat(StaticDataBootstrap.ensureLoaded(db.database())).isEmpty();

        DatabaseStaticData data = DatabaseStaticData.load(db.database());
        assertThat(data.systemCount()).isEqualTo(8490);
        assertThat(data.regionCount()).isEqualTo(114);
        assertThat(data.typeCount()).isEqualTo(first.get().tables().get(SdeTable.TYPES).sourceRows());
        assertThat(data.type(587)).isEqualTo(new StaticData.TypeInfo(587, "Rifter", 25, 6, true));
        assertThat(data.type(670).groupId()).isEqualTo(StaticData.GROUP_CAPSULE);
        assertThat(data.type(670).categoryId()).isEqualTo(StaticData.CATEGORY_SHIP);
        assertThat(data.type(34)).as("minerals are not in the bundle").isNull();
        assertThat(data.system(30000142)).isEqualTo(new StaticData.SystemInfo(30000142, "Jita", 20000020, 10000002, 0.945913));
        assertThat(data.system(31000005).regionId()).isEqualTo(11000031);
        assertThat(data.regionName(10000002)).isEqualTo("The Forge");
        assertThat(data.system(1)).isNull();
        assertThat(data.regionName(-5)).isNull();
    }

    @Test
    void bootstrapFillsOnlyEmptyTables() {
        new SdeLoader(db.database(), new ObjectMapper()).load(SharedData.sde("sergiyshpak-2018"));

        SdeLoadResult result = StaticDataBootstrap.ensureLoaded(db.database()).orElseThrow();

        assertThat(result.tables()).doesNotContainKey(SdeTable.TYPES);
        DatabaseStaticData data = DatabaseStaticData.load(db.database());
        assertThat(data.typeCount()).as("the hand-loaded full types are kept").isEqualTo(33735);
        assertThat(data.type(34)).isEqualTo(new StaticData.TypeInfo(34, "Tritanium", 18, 4, true));
        assertThat(data.systemCount()).isEqualTo(8490);
    }

    @Test
    void refreshSeesTheNextLoadAndUnknownGroupsHaveCategoryZero(@TempDir Path dir) throws IOException {
        SdeLoader loader = new SdeLoader(db.database(), new ObjectMapper());
        loader.load(SdeReaderTest.ccpFixture());
        DatabaseStaticData data = DatabaseStaticData.load(db.database());
        assertThat(data.type(587).name()).isEqualTo("Rifter");
        assertThat(data.type(670).published()).isFalse();

        Files.writeString(dir.resolve("invTypes.csv"), """
                typeID,groupID,typeName,mass,volume,basePrice,published,marketGroupID
                587,25,Rifter Navy Issue,1067000,27289,,1,64
                99999,424242,Mystery Box,1,1,,0,
                """);
        loader.load(dir);
        assertThat(data.type(587).name()).as("not yet refreshed").isEqualTo("Rifter");

        data.refresh();
        assertThat(data.type(587).name()).isEqualTo("Rifter Navy Issue");
        assertThat(data.type(99999)).isEqualTo(new StaticData.TypeInfo(99999, "Mystery Box", 424242, 0, false));
        assertThat(data.type(670)).isNull();
        assertThat(data.typeCount()).isEqualTo(2);
    }
}
