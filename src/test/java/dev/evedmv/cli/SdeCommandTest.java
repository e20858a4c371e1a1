package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class SdeCommandTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void loadTwiceThenACorruptFileLeavesStatusAsItWas(TestDatabase db, @TempDir Path dir) throws IOException {
        Path csv = dev.evedmv.testing.SharedData.sde("cjkilman-eve-sde-dump");
        assertThat(csv).as("real sample next to the repository").isDirectory();

        Run first = run(db, "sde", "load", csv.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("fuzzwork-csv").contains("groups           1,578 rows  inserted 1,578")
                .contains("types: in neither this source nor the database: filled from the bundled subset");

        Run second = run(db, "sde", "load", csv.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains(": no changes").doesNotContain("inserted 1");

        for (String file : List.of("invCategories.csv", "invGroups.csv", "mapRegions.csv", "mapConstellations.csv")) {
            Files.copy(csv.resolve(file), dir.resolve(file));
        }
        List<String> systems = Files.readAllLines(csv.resolve("mapSolarSystems.csv"));
        Files.write(dir.resolve("mapSolarSystems.csv"), List.of(systems.get(0), systems.get(1),
                systems.get(2).substring(0, 40)));
        Run corrupt = run(db, "sde", "load", dir.toString());
        assertThat(corrupt.exitCode()).isNotZero();
        assertThat(corrupt.err().strip()).startsWith("eve-dmv: mapSolarSystems.csv line 3: expected 29 columns, found")
                .doesNotContain("\n");

        Run status = run(db, "sde", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).containsPattern("tables: categories 48 groups 1,578 types [1-9][\\d,]+ regions 113 "
                        + "constellations 1,175 systems 8,437")
                .contains("load 3 at", "load 2 at", "load 1 at").doesNotContain("load 4", "warning");

        Run json = run(db, "sde", "status", "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.at("/tables/systems").asLong()).isEqualTo(8437);
        assertThat(tree.at("/loads/0/load_id").asLong()).isEqualTo(3);
        assertThat(tree.at("/loads/0/row_counts/groups").asInt()).isEqualTo(1578);
        assertThat(tree.at("/loads/0/changes/groups/inserted").asLong()).isZero();
        assertThat(tree.at("/loads/1/source").asText()).isEqualTo("bundled:bundled-sde.zip");
        assertThat(tree.at("/loads/2/changes/groups/inserted").asLong()).isEqualTo(1578);
        assertThat(tree.at("/warnings").isEmpty()).isTrue();
        assertThat(tree.at("/loads/0/format").asText()).isEqualTo("fuzzwork-csv");
    }

    @Test
    void aMissingPathIsAOneLineError(TestDatabase db) {
        Run run = run(db, "sde", "load", "/nonexistent/sde");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).isEqualTo("eve-dmv: SDE source /nonexistent/sde does not exist");
    }
}
