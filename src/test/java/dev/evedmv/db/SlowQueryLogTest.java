package dev.evedmv.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

@ExtendWith(PostgresExtension.class)
class SlowQueryLogTest {

    @Test
    void slowNamedQueriesAreTimedLoggedAndExplained(TestDatabase db) throws Exception {
        EveDmvConfig config = EveDmvConfig.from(Map.of("EVEDMV_DB_URL", db.jdbcUrl(), "EVEDMV_HOME",
                db.home().toString(), "EVEDMV_SLOW_QUERY_THRESHOLD", "20ms"));
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        NamedSql slow = NamedSql.of("test.slow_lookup",
                "SELECT count(*) FROM names, pg_sleep(0.05) WHERE id > ? AND name <> '?'");
        NamedSql fast = NamedSql.of("test.fast_lookup", "SELECT 1");
        try (Database database = Database.open("slow", DatabaseUrls.toJdbc(db.jdbcUrl()), config, registry)) {
            database.jdbi().useHandle(h -> {
                h.createQuery(slow.sql()).define("evedmv.query", slow.name()).bind(0, 5L).mapTo(Long.class).one();
                fast.query(h).mapTo(Integer.class).one();
            });
            long deadline = System.currentTimeMillis() + 5000;
            while (named(database, "test.slow_lookup").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            // on a loaded machine other statements (a connection's set-up, even SELECT 1) may pass the threshold too
            assertThat(named(database, "test.slow_lookup")).singleElement().satisfies(q -> {
                assertThat(q.elapsed().toMillis()).isGreaterThanOrEqualTo(50);
                assertThat(q.plan()).contains("\"Plan\"", "names");
            });
        }
        assertThat(registry.scrape()).contains("evedmv_query_seconds_count{application=\"eve-dmv\",outcome=\"ok\",query=\"test.fast_lookup\"} 1");
        assertThat(SlowQueryLog.positional("a = ? AND b = '?' AND \"c?\" = ?")).isEqualTo("a = $1 AND b = '?' AND \"c?\" = $2");
    }

    @Test
    void aSlowUtilityStatementIsLoggedWithoutAPlan(TestDatabase db) {
        EveDmvConfig config = EveDmvConfig.from(Map.of("EVEDMV_DB_URL", db.jdbcUrl(), "EVEDMV_HOME",
                db.home().toString(), "EVEDMV_SLOW_QUERY_THRESHOLD", "20ms"));
        NamedSql ddl = NamedSql.of("test.slow_ddl", "-- a comment first\nCREATE TABLE slow_ddl AS SELECT 1 AS x FROM pg_sleep(0.05)");
        try (Database database = Database.open("slow-ddl", DatabaseUrls.toJdbc(db.jdbcUrl()), config, Metrics.newRegistry())) {
            database.jdbi().useHandle(h -> ddl.update(h).execute());
            assertThat(named(database, "test.slow_ddl")).singleElement().satisfies(q -> {
                assertThat(q.plan()).startsWith("no plan: a utility statement");
            });
        }
    }

    private static List<SlowQueryLog.SlowQuery> named(Database database, String name) {
        return database.slowQueries().recent().stream().filter(q -> q.name().equals(name)).toList();
    }
}
