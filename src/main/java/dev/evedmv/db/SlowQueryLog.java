package dev.evedmv.db;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a named query slower than the threshold at most once per interval, with its duration and
 * its parameters redacted, and captures its generic plan with {@code EXPLAIN (FORMAT JSON)} on a background thread.
 */
public final class SlowQueryLog {
    private static final Logger log = LoggerFactory.getLogger(SlowQueryLog.class);

    /** The last slow run of one query and its plan. */
    public record SlowQuery(String name, Duration elapsed, Instant at, String plan) {
    }

    private final Duration threshold;
    private final Duration interval;
    private final Supplier<Jdbi> jdbi;
    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, SlowQuery> latest = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor explainer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "slow-query-explain");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    /** Statements PREPARE accepts; leading comments and whitespace skipped. */
    private static final java.util.regex.Pattern PLANNABLE = java.util.regex.Pattern.compile(
            "(?is)(\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(SELECT|INSERT|UPDATE|DELETE|MERGE|VALUES|WITH|TABLE)\\b");

    public SlowQueryLog(Duration threshold, Duration interval, Supplier<Jdbi> jdbi) {
        this.threshold = threshold;
        this.interval = interval;
        this.jdbi = jdbi;
    }

    void observe(String name, String parsedSql, int parameters, Duration elapsed) {
        if (elapsed.compareTo(threshold) < 0 || name.startsWith("ops.explain")) {
            return;
        }
        Instant now = Instant.now();
        Instant previous = lastLogged.get(name);
        if (previous != null && previous.plus(interval).isAfter(now)) {
            return;
        }
        lastLogged.put(name, now);
        log.info("Slow query {} took {} ms ({} parameters, values redacted)", name, elapsed.toMillis(), parameters);
        if (!PLANNABLE.matcher(parsedSql).lookingAt()) {
            latest.put(name, new SlowQuery(name, elapsed, now, "no plan: a utility statement (DDL, COPY, …) has none"));
            return;
        }
        explainer.execute(() -> latest.put(name, new SlowQuery(name, elapsed, now, explain(parsedSql, parameters))));
    }

    /** Stops explaining: drops the plans queued and waits a little for the one running. */
    void close() {
        explainer.shutdownNow();
        try {
            explainer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The latest slow run of each query that has been slow, slowest first. */
    public List<SlowQuery> recent() {
        return latest.values().stream().sorted((a, b) -> b.elapsed().compareTo(a.elapsed())).toList();
    }

    /**
     * The generic plan (values unknown, as they are redacted): PREPARE the statement, force the
     * generic plan, EXPLAIN EXECUTE it with NULLs. Works on every supported server version.
     */
    private String explain(String parsedSql, int parameters) {
        try {
            return jdbi.get().inTransaction(h -> {
                h.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                h.execute("PREPARE evedmv_slow_query AS " + positional(parsedSql));
                try {
                    String nulls = parameters == 0 ? "" : "(" + String.join(", ", java.util.Collections.nCopies(parameters, "NULL")) + ")";
                    return h.createQuery("EXPLAIN (FORMAT JSON) EXECUTE evedmv_slow_query" + nulls)
                            .define(QueryTimer.NAME_ATTRIBUTE, "ops.explain_slow_query").mapTo(String.class).one();
                } finally {
                    h.execute("DEALLOCATE evedmv_slow_query");
                }
            });
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            return "no plan: " + m.lines().findFirst().orElse(m);
        }
    }

    /** JDBC's {@code ?} placeholders as PostgreSQL's {@code $n}, outside quoted text. */
    static String positional(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        boolean inString = false;
        boolean inIdentifier = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' && !inIdentifier) {
                inString = !inString;
            } else if (c == '"' && !inString) {
                inIdentifier = !inIdentifier;
            }
            if (c == '?' && !inString && !inIdentifier) {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
