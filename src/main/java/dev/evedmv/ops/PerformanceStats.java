package dev.evedmv.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import com.zaxxer.hikari.HikariPoolMXBean;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.ingest.FeedState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * The performance summary of {@code stats} and {@code GET /api/v1/ops/stats}: per-table activity,
 * top and slow statements (when the server has {@code pg_stat_statements}; otherwise it says so),
 * the pool, ingest and feeds.
 */
public final class PerformanceStats {
    private static final NamedSql TABLES = NamedSql.load(PerformanceStats.class, "stats_tables");
    private static final NamedSql HAS_STATEMENTS = NamedSql.load(PerformanceStats.class, "stats_statements_available");
    private static final NamedSql TOP = NamedSql.load(PerformanceStats.class, "stats_top_statements");
    private static final NamedSql SLOW = NamedSql.load(PerformanceStats.class, "stats_slow_statements");
    private static final NamedSql INGEST = NamedSql.load(PerformanceStats.class, "stats_ingest");
    private static final NamedSql STORAGE = NamedSql.load(PerformanceStats.class, "stats_storage");

    private final Database database;
    private final MeterRegistry registry;

    public PerformanceStats(Database database, MeterRegistry registry) {
        this.database = database;
        this.registry = registry;
    }

    /** The summary as the JSON the API returns (snake_case keys). */
    public Map<String, Object> collect(int statementLimit) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Handle h = database.jdbi().open()) {
            out.put("tables", TABLES.query(h).mapToMap().list());
            out.put("storage", storage(h));
            boolean available = HAS_STATEMENTS.query(h).mapTo(Boolean.class).one();
            Map<String, Object> statements = new LinkedHashMap<>();
            statements.put("available", available);
            if (available) {
                statements.put("top", TOP.query(h).bind("limit", statementLimit).mapToMap().list());
                statements.put("slow", SLOW.query(h).bind("limit", statementLimit).mapToMap().list());
            } else {
                statements.put("reason", "pg_stat_statements is not installed in this database "
                        + "(needs shared_preload_libraries=pg_stat_statements and CREATE EXTENSION pg_stat_statements)");
            }
            out.put("statements", statements);
            out.put("ingest", INGEST.query(h).mapToMap().one());
            out.put("feeds", FeedState.all(h).stream().map(FeedState::toJson).toList());
        }
        out.put("pool", pool());
        out.put("queries", queryTimers());
        out.put("slow_queries", database.slowQueries().recent().stream().map(q -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("query", q.name());
            m.put("elapsed_ms", q.elapsed().toMillis());
            m.put("at", q.at().toString());
            m.put("plan", q.plan());
            return m;
        }).toList());
        return out;
    }

    /**
     * The database's bytes per stored killmail: {@code killmails} (rows of {@code killmails}),
     * {@code total_bytes}, {@code bytes_per_killmail} (null while none is stored), and per table
     * (partitions summed under their parent) its {@code table_bytes} (heap and TOAST),
     * {@code index_bytes}, {@code total_bytes} and {@code bytes_per_killmail}, largest first.
     */
    public static Map<String, Object> storage(Handle h) {
        List<Map<String, Object>> rows = STORAGE.query(h).mapToMap().list();
        long killmails = rows.isEmpty() ? 0 : ((Number) rows.get(0).get("killmails")).longValue();
        long total = rows.stream().mapToLong(r -> ((Number) r.get("total_bytes")).longValue()).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("killmails", killmails);
        out.put("total_bytes", total);
        out.put("bytes_per_killmail", killmails == 0 ? null : Math.round(total * 10.0 / killmails) / 10.0);
        out.put("tables", rows.stream().map(r -> {
            Map<String, Object> t = new LinkedHashMap<>(r);
            t.remove("killmails");
            return t;
        }).toList());
        return out;
    }

    private Map<String, Object> pool() {
        Map<String, Object> pool = new LinkedHashMap<>();
        HikariPoolMXBean bean = database.pool().getHikariPoolMXBean();
        pool.put("max", database.pool().getMaximumPoolSize());
        if (bean != null) {
            pool.put("active", bean.getActiveConnections());
            pool.put("idle", bean.getIdleConnections());
            pool.put("pending", bean.getThreadsAwaitingConnection());
        }
        double timeouts = Search.in(registry).name("hikaricp.connections.timeout").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        pool.put("timeouts", (long) timeouts);
        return pool;
    }

    /** The application's named query timers in this process: calls, mean and max in milliseconds. */
    private List<Map<String, Object>> queryTimers() {
        return Search.in(registry).name("evedmv.query").timers().stream()
                .filter(t -> t.count() > 0)
                .sorted((a, b) -> Double.compare(b.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS),
                        a.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)))
                .map(t -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("query", t.getId().getTag("query"));
                    m.put("outcome", t.getId().getTag("outcome"));
                    m.put("calls", t.count());
                    m.put("mean_ms", Math.round(t.mean(java.util.concurrent.TimeUnit.MICROSECONDS)) / 1000.0);
                    m.put("max_ms", Math.round(t.max(java.util.concurrent.TimeUnit.MICROSECONDS)) / 1000.0);
                    return m;
                }).toList();
    }
}
