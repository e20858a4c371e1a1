package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.cli.Main;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

/** A static-data set without some tables (zKillboard's files: no groups, no categories) still leaves the data complete. */
@ExtendWith(PostgresExtension.class)
class StaticDataCompletenessTest {

    record Run(int code, String out, String err) {
    }

    static Run run(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run ok(TestDatabase db, String... args) {
        Run r = run(db, args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    /** The killmails flagged solo, and every entity-day's solo kills and losses. */
    static List<String> soloFigures(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT 'killmail ' || killmail_id FROM killmails WHERE is_solo
                UNION ALL
                SELECT concat_ws(' ', entity_kind, entity_id, day, npc, solo_kills, solo_losses) FROM entity_daily
                WHERE solo_kills + solo_losses > 0
                ORDER BY 1""").mapTo(String.class).list());
    }

    /**
     * Every real killmail sample but the hand-edited variant of a RedisQ one (its killmail id is the
     * same, and which of the two an import stores first is up to its parallel decoding).
     */
    static String[] samples() {
        return java.util.Arrays.stream(ImportCommandTest.realSamples("import", "--no-progress"))
                .filter(arg -> !arg.endsWith("payload2.json")).toArray(String[]::new);
    }

    @Test
    void zkillboardFilesAloneGiveTheSameSoloFiguresAsBothStaticDataSets(TestDatabase db) {
        Run zkillboard = ok(db, "sde", "load", SharedData.sde("zkillboard").toString());
        ok(db, samples());

        TestDatabase both = db.sibling("both_sets");
        ok(both, "sde", "load", SharedData.sde("zkillboard").toString());
        ok(both, "sde", "load", SharedData.sde("cjkilman-eve-sde-dump").toString());
        ok(both, samples());

        List<String> figures = soloFigures(db);
        assertThat(figures.stream().filter(f -> f.startsWith("killmail "))).as("the samples' solo killmails").hasSize(18);
        assertThat(figures).isEqualTo(soloFigures(both));
        assertThat(zkillboard.out()).contains("categories, groups, factions, npc_corporations: in neither this source "
                + "nor the database: "
                + "filled from the bundled subset", "loaded bundled:bundled-sde.zip");
    }

    @Test
    void statusAndHealthWarnWhileGroupsOrCategoriesAreMissing(TestDatabase db) {
        TestDatabase partial = db.sibling("partial");
        ok(partial, "sde", "load", SharedData.sde("zkillboard").toString());
        Run healthy = run(partial, "health", "--json");
        assertThat(healthy.out()).contains("\"name\" : \"static_data\"", "no static-data table is empty");
        partial.jdbi().useHandle(h -> h.execute("TRUNCATE sde_groups, sde_categories"));

        Run status = ok(partial, "sde", "status");
        assertThat(status.out()).contains("tables: categories 0 groups 0 types 50,365",
                "warning: no categories loaded: no ship type is recognised, so no killmail is flagged solo",
                "warning: no groups loaded: no ship type is recognised");

        Run health = run(partial, "health", "--json");
        assertThat(health.code()).as(health.out()).isEqualTo(1);
        JsonNode check = checkNamed(health.out(), "static_data");
        assertThat(check.get("status").asText()).isEqualTo("warn");
        assertThat(check.toString()).contains("no categories loaded", "no groups loaded");
    }

    @Test
    void statusJsonKeysAreSnakeCase(TestDatabase db) throws Exception {
        TestDatabase fresh = db.sibling("json");
        ok(fresh, "sde", "load", SharedData.sde("cjkilman-eve-sde-dump").toString());
        fresh.jdbi().useHandle(h -> h.execute("TRUNCATE sde_types"));

        JsonNode tree = Json.mapper().readTree(ok(fresh, "sde", "status", "--json").out());
        assertThat(tree.at("/loads/0/load_id").asLong()).isEqualTo(2);
        assertThat(tree.at("/loads/0/source").asText()).isEqualTo("bundled:bundled-sde.zip");
        assertThat(tree.at("/loads/1/row_counts/groups").asInt()).isEqualTo(1578);
        assertThat(tree.at("/loads/1/duration_ms").isNumber()).isTrue();
        assertThat(tree.at("/loads/1/loaded_at").isTextual()).isTrue();
        assertThat(tree.at("/warnings/0").asText()).startsWith("no types loaded");
        List<String> keys = new java.util.ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        tree.at("/loads/0").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).allMatch(k -> k.equals(k.toLowerCase(java.util.Locale.ROOT)), "snake_case");
    }

    private static JsonNode checkNamed(String healthJson, String name) {
        try {
            for (JsonNode c : Json.mapper().readTree(healthJson).get("checks")) {
                if (c.get("name").asText().equals(name)) {
                    return c;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no check " + name + " in " + healthJson);
    }
}
