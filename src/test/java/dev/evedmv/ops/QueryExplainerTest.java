package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.cli.Main;
import dev.evedmv.db.ExplainableQuery;
import dev.evedmv.db.NamedSql;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class QueryExplainerTest {

    @Test
    void flagsLargeSeqScansUnprunedPartitionsAndSpillingSorts(TestDatabase db) {
        db.jdbi().useHandle(h -> {
            h.execute("SELECT evedmv_ensure_month_partition('2026-09-01'), evedmv_ensure_month_partition('2026-10-01')");
            h.execute("INSERT INTO names (id, category, name) SELECT g, 'character', 'pilot ' || g FROM generate_series(1, 20000) g");
            h.execute("ANALYZE names");
        });
        String range = "SELECT count(*) FROM participants WHERE killmail_time >= :since AND killmail_time < :until";
        QueryExplainer explainer = new QueryExplainer(db.database(), 10_000)
                .register(ExplainableQuery.of(NamedSql.of("test.names_scan",
                        "SELECT id FROM names WHERE length(name) > :n"), Map.of("n", 3)))
                .register(new ExplainableQuery("test.two_months", NamedSql.of("test.two_months", range),
                        h -> Map.of("since", OffsetDateTime.parse("2026-09-15T00:00:00Z"),
                                "until", OffsetDateTime.parse("2026-10-15T00:00:00Z")), true))
                .register(new ExplainableQuery("test.one_month", NamedSql.of("test.one_month", range),
                        h -> Map.of("since", OffsetDateTime.parse("2026-09-15T00:00:00Z"),
                                "until", OffsetDateTime.parse("2026-09-20T00:00:00Z")), true))
                .register(ExplainableQuery.of(NamedSql.of("test.big_sort",
                        "SELECT md5(g::text) FROM generate_series(1, :n) g ORDER BY 1"), Map.of("n", 1_500_000)));

        List<QueryExplainer.Result> results = explainer.explain(Optional.empty());
        assertThat(results).extracting(QueryExplainer.Result::query)
                .containsExactly("test.names_scan", "test.two_months", "test.one_month", "test.big_sort");
        assertThat(results.get(0).flags()).singleElement().asString().startsWith("seq scan of names (");
        assertThat(results.get(1).flags()).singleElement().asString()
                .isEqualTo("not pruned: reads 2 partitions (participants_2026_09, participants_2026_10)");
        assertThat(results.get(2).flags()).isEmpty();
        assertThat(results.get(3).flags()).singleElement().asString().startsWith("sort spills to disk (external merge");
        assertThat(results.get(3).executionMs()).isPositive();
    }

    @Test
    void commandExplainsTheApplicationQueries(TestDatabase db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"db", "explain", "--json"}, db.env(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(json).isZero();
        assertThat(json).contains("\"query\" : \"ops.list_partitions\"",
                "\"query\" : \"ops.health_sessions\"", "\"query\" : \"intel.entity_summary(character)\"",
                "\"query\" : \"intel.killmail_detail\"", "\"query\" : \"intel.top_entities\"", "\"flags\" : [ ]");

        ByteArrayOutputStream one = new ByteArrayOutputStream();
        assertThat(Main.execute(new String[] {"db", "explain", "ops.stats_ingest"}, db.env(),
                new PrintStream(one, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(one.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("ops.stats_ingest").endsWith("ok");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.execute(new String[] {"db", "explain", "no.such"}, db.env(), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no explainable query 'no.such'; known: ops.list_partitions");
    }
}
