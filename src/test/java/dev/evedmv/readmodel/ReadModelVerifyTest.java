package dev.evedmv.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.cli.Main;
import dev.evedmv.intel.MonthlyLists;
import dev.evedmv.intel.TopRankings;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * {@code db verify --json}: every table of the schema listed once with its kind; every derived
 * table built as the background refresh builds it and equal to its recomputation; a row deleted
 * from, or altered in, any derived table (and killmails' derived column) reported in that table;
 * a table the registry does not know refused by name; a range of days; and archived months left
 * out. Data: 4,000 generated killmails over
 * 2026-02-27 … 2026-03-02 (dense enough for long lists with heads), "today" 2026-03-05.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadModelVerifyTest {
    private static final LocalDate FROM = LocalDate.of(2026, 2, 27);
    private static final LocalDate TO = LocalDate.of(2026, 3, 2);
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 5);
    private static final Clock CLOCK = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    private TestDatabase db;

    @BeforeAll
    void importAndBuildEverything(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        assertThat(GeneratedKillmails.importInto(db, dir, 4_000, 23, FROM, TO)).isEqualTo(4_000);
        db.jdbi().useHandle(h -> {
            TopRankings.refreshStale(h, TODAY);
            MonthlyLists.refreshStale(h, TODAY, Duration.ofHours(1));
        });
        for (String table : List.of("entity_daily", "rollup_days", "top_rankings", "entity_monthly_lists",
                "entity_daily_heads")) {
            assertThat(count("SELECT count(*) FROM " + table)).as("rows of " + table + " to delete and alter")
                    .isPositive();
        }
    }

    @Test
    void listsEveryTableOfTheSchemaOnceAndFindsNoDifference() {
        // a partition, and a month detached by an archive in progress, are folded under their parent
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE participants_2031_05 (LIKE participants)"));
        try {
            Run run = verify("--json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode json = json(run.out());
            assertThat(json.get("ok").asBoolean()).isTrue();
            List<String> listed = new ArrayList<>();
            Map<String, String> kinds = new HashMap<>();
            for (JsonNode t : json.get("tables")) {
                assertThat(t.fieldNames()).toIterable()
                        .containsExactly("table", "kind", "rows_checked", "differences");
                listed.add(t.get("table").asText());
                kinds.put(t.get("table").asText(), t.get("kind").asText());
                assertThat(t.get("differences").asLong()).as(t.get("table").asText()).isZero();
            }
            List<String> schema = db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT relname FROM pg_class
                    WHERE relnamespace = to_regnamespace(current_schema())::oid AND relkind IN ('r', 'p', 'm')
                      AND NOT relispartition AND relname <> 'participants_2031_05'""").mapTo(String.class).list());
            assertThat(listed).as("every table of the schema once").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(schema);
            assertThat(listed).contains("killmails", "participants", "databasechangelog")
                    .doesNotContain("participants_2031_05", "killmails_2026_03");
            assertThat(kinds).containsEntry("participants", "base").containsEntry("killmails", "base")
                    .containsEntry("entity_daily", "derived").containsEntry("top_rankings", "derived")
                    .containsEntry("entity_daily_heads", "derived")
                    .containsEntry("top_ranking_builds", "bookkeeping").containsEntry("late_rollup_deltas", "bookkeeping")
                    .containsEntry("databasechangeloglock", "bookkeeping");
            for (JsonNode t : json.get("tables")) {
                if (t.get("kind").asText().equals("derived")) {
                    assertThat(t.get("rows_checked").asLong()).as("rows checked of " + t.get("table")).isPositive();
                }
            }
            assertThat(run.err()).contains("verify: 1/2 2026-02-27..2026-02-28, 2,000 killmails")
                    .contains("verify: top_rankings characters").contains("verify: entity_daily_heads");
        } finally {
            db.jdbi().useHandle(h -> h.execute("DROP TABLE participants_2031_05"));
        }
        Run human = verify();
        assertThat(human.code()).as(human.err()).isZero();
        assertThat(human.out()).contains("top_rankings: ").endsWith("every derived table equals a recomputation\n");
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                // table, key, the row picked, an alteration
                Arguments.of("entity_daily", "entity_kind, entity_id, day, npc", "entity_kind = 2 AND kills > 0",
                        "kills = kills + 1"),
                Arguments.of("killmails", "killmail_id, killmail_time", "length(player_attacker_ids) > 0",
                        "player_attacker_ids = ''"),
                Arguments.of("rollup_days", "entity_kind, day", "entity_kind = 1 AND kill_leaders <> '{}'",
                        "kill_leaders = '{}'"),
                Arguments.of("top_rankings", "window_days, entity_kind, by_isk, rank",
                        "window_days = 7 AND entity_kind = 1 AND NOT by_isk AND rank = 2", "entity_id = entity_id + 1"),
                Arguments.of("entity_monthly_lists", "entity_kind, entity_id, month, npc", "entity_kind = 3",
                        "ships = ships || '{\"1\": 1}'"),
                Arguments.of("entity_daily_heads", "entity_kind, entity_id, day, npc", "true",
                        "members_floor = coalesce(members_floor, 0) + 1, ships_floor = coalesce(ships_floor, 0) + 1, "
                                + "systems_floor = coalesce(systems_floor, 0) + 1"));
    }

    @ParameterizedTest(name = "a row deleted from {0}")
    @MethodSource("changes")
    void aDeletedRowIsADifferenceInItsTable(String table, String key, String pick, String alteration) {
        assertChangeFound(table, key, pick, "DELETE FROM " + table + " WHERE (" + key + ") IN (SELECT " + key
                + " FROM verify_saved)");
    }

    @ParameterizedTest(name = "a row of {0} altered")
    @MethodSource("changes")
    void anAlteredRowIsADifferenceInItsTable(String table, String key, String pick, String alteration) {
        assertChangeFound(table, key, pick, "UPDATE " + table + " SET " + alteration + " WHERE (" + key
                + ") IN (SELECT " + key + " FROM verify_saved)");
    }

    @Test
    void aDeletedHeadIsFoundWhileItsEntitysMonthlyRowHoldsThoughTheMonthMovedSince() {
        // the month's build record no longer holds (as after a late killmail elsewhere in the month)
        db.jdbi().useHandle(h -> h.execute("UPDATE entity_monthly_builds SET writes_sum = writes_sum + 1"));
        try {
            assertThat(verify("--json").code()).as("a month that moved since its build is no difference").isZero();
            long withMonthlyRow = count("""
                    SELECT count(*) FROM entity_daily_heads h
                    JOIN entity_monthly_lists m ON (m.entity_kind, m.entity_id, m.npc) = (h.entity_kind, h.entity_id, h.npc)
                     AND m.month = date_trunc('month', h.day) AND h.day < m.until""");
            assertThat(withMonthlyRow).as("heads of entities with a monthly row").isPositive();
            assertChangeFound("entity_daily_heads", "entity_kind, entity_id, day, npc", """
                    EXISTS (SELECT 1 FROM entity_monthly_lists m
                            WHERE (m.entity_kind, m.entity_id, m.npc) = (entity_daily_heads.entity_kind,
                                  entity_daily_heads.entity_id, entity_daily_heads.npc)
                              AND m.month = date_trunc('month', entity_daily_heads.day)
                              AND entity_daily_heads.day < m.until)""",
                    "DELETE FROM entity_daily_heads WHERE (entity_kind, entity_id, day, npc) IN "
                            + "(SELECT entity_kind, entity_id, day, npc FROM verify_saved)", false);
        } finally {
            db.jdbi().useHandle(h -> h.execute("UPDATE entity_monthly_builds SET writes_sum = writes_sum - 1"));
        }
    }

    @Test
    void aParticipantRowStoredTwiceIsADifferenceOfItsKillmail() {
        try (Handle h = db.jdbi().open()) {
            long id = h.createQuery("SELECT min(killmail_id) FROM killmails WHERE attacker_count = 1").mapTo(Long.class).one();
            assertThat(h.execute("INSERT INTO participants SELECT * FROM participants WHERE killmail_id = ? AND slot = 1",
                    id)).isOne();
            try {
                Run run = verify();
                assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
                assertThat(run.out()).contains("killmails: ").contains(id + " has 3 participant rows in 2 slots, attacker_count 1");
                assertThat(run.err()).contains("derived data differs from a recomputation in killmails");
            } finally {
                h.execute("CREATE TEMP TABLE verify_saved AS SELECT DISTINCT * FROM participants WHERE killmail_id = ?", id);
                h.execute("DELETE FROM participants WHERE killmail_id = ?", id);
                h.execute("INSERT INTO participants SELECT * FROM verify_saved");
                h.execute("DROP TABLE verify_saved");
            }
        }
        assertThat(verify("--json").code()).as("the killmail's rows put back").isZero();
    }

    @Test
    void aTableTheRegistryDoesNotKnowFailsVerifyNamingIt() {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE answer_shortcuts (entity_id bigint PRIMARY KEY)"));
        try {
            Run run = verify("--json");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("answer_shortcuts").contains("read-model registry");
            assertThat(run.out()).isEmpty();
        } finally {
            db.jdbi().useHandle(h -> h.execute("DROP TABLE answer_shortcuts"));
        }
        assertThat(verify("--json").code()).isZero();
    }

    @Test
    void aRangeOfDaysVerifiesItsDaysAlone() {
        Run run = verify("--since", "2026-03-01", "--until", "2026-03-02", "--json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("verify: 1/1 2026-03-01..2026-03-01, ").doesNotContain("2026-02-27")
                .contains("verify: rollup_days 2026-03").doesNotContain("verify: rollup_days 2026-02");
        assertThat(verify("--since", "2026-03-02", "--until", "2026-03-01").err())
                .contains("--until (2026-03-01) must be after --since (2026-03-02)");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void archivedMonthsAreLeftOutNotReportedAsDifferences(@TempDir Path archive) {
        Run archived = run("partitions", "archive", "--before", "2026-03", "--to", archive.toString());
        assertThat(archived.code()).as(archived.out() + archived.err()).isZero();
        assertThat(count("SELECT count(*) FROM participants")).isPositive();

        Run run = verify("--json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(json(run.out()).get("ok").asBoolean()).isTrue();
        assertThat(run.err()).contains("verify: archived months left out (their participants are in files): 2026-02")
                .contains("verify: 1/1 2026-03-01..2026-03-02, 2,000 killmails");
    }

    /** Saves the row picked, changes it, sees verify report a difference in its table, and puts the row back. */
    private void assertChangeFound(String table, String key, String pick, String change) {
        assertChangeFound(table, key, pick, change, true);
    }

    private void assertChangeFound(String table, String key, String pick, String change, boolean okAfter) {
        try (Handle h = db.jdbi().open()) {
            h.execute("CREATE TEMP TABLE verify_saved AS SELECT * FROM " + table + " WHERE " + pick + " ORDER BY "
                    + key + " LIMIT 1");
            assertThat(h.createQuery("SELECT count(*) FROM verify_saved").mapTo(Long.class).one()).isOne();
            try {
                assertThat(h.execute(change)).isOne();
                Run run = verify("--json");
                assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
                JsonNode json = json(run.out());
                assertThat(json.get("ok").asBoolean()).isFalse();
                Map<String, Long> differences = new HashMap<>();
                json.get("tables").forEach(t -> differences.put(t.get("table").asText(), t.get("differences").asLong()));
                assertThat(differences.get(table)).as("differences in " + table).isPositive();
                assertThat(run.err()).contains("derived data differs from a recomputation in").contains(table);
            } finally {
                h.execute("DELETE FROM " + table + " WHERE (" + key + ") IN (SELECT " + key + " FROM verify_saved)");
                h.execute("INSERT INTO " + table + " SELECT * FROM verify_saved");
                h.execute("DROP TABLE verify_saved");
            }
        }
        if (okAfter) {
            assertThat(verify("--json").code()).as("the row put back").isZero();
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run verify(String... options) {
        return run(Stream.concat(Stream.of("db", "verify"), Stream.of(options)).toArray(String[]::new));
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
