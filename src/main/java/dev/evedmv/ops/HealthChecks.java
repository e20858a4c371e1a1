package dev.evedmv.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;

import com.zaxxer.hikari.HikariPoolMXBean;

import dev.evedmv.backfill.BackfillRecheck;
import dev.evedmv.db.Database;
import dev.evedmv.db.Databases;
import dev.evedmv.db.NamedSql;
import dev.evedmv.health.Health;
import dev.evedmv.health.Health.Check;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.FeedState;
import dev.evedmv.sde.SdeStatus;

/**
 * The health checks of {@code GET /health} and {@code health}: connection, schema, partitions
 * ahead, indexes, dead tuples and vacuum, transaction-id wraparound, long sessions, pool
 * saturation, replica lag and fallback, feeds, serve's re-check of recent history (backfill), and any check
 * added with {@link #with} (the shared cache, the read model's builds). Each check fails on its own without
 * hiding the others.
 */
public final class HealthChecks {
    private static final NamedSql INVALID_INDEXES = NamedSql.load(HealthChecks.class, "health_invalid_indexes");
    private static final NamedSql DUPLICATE_INDEXES = NamedSql.load(HealthChecks.class, "health_duplicate_indexes");
    private static final NamedSql UNUSED_INDEXES = NamedSql.load(HealthChecks.class, "health_unused_indexes");
    private static final NamedSql DEAD_TUPLES = NamedSql.load(HealthChecks.class, "health_dead_tuples");
    private static final NamedSql WRAPAROUND = NamedSql.load(HealthChecks.class, "health_wraparound");
    private static final NamedSql SESSIONS = NamedSql.load(HealthChecks.class, "health_sessions");

    /** Thresholds, with the defaults of a healthy production service. */
    public record Thresholds(int monthsAhead, Duration longSession, Duration feedStale, long wraparoundWarn,
                             long wraparoundFail) {
        public static final Thresholds DEFAULT = new Thresholds(3, Duration.ofMinutes(5), Duration.ofMinutes(10),
                500_000_000L, 1_200_000_000L);
    }

    private final Database database;
    private final Readiness readiness;
    private final Clock clock;
    private final Thresholds thresholds;
    private final Databases routing;
    private final List<java.util.function.Supplier<Check>> extra = new java.util.concurrent.CopyOnWriteArrayList<>();

    public HealthChecks(Database database, Readiness readiness, Clock clock, Thresholds thresholds) {
        this(database, readiness, clock, thresholds, null);
    }

    private HealthChecks(Database database, Readiness readiness, Clock clock, Thresholds thresholds, Databases routing) {
        this.database = database;
        this.readiness = readiness;
        this.clock = clock;
        this.thresholds = thresholds;
        this.routing = routing;
    }

    /** The same checks, with the replica check reporting the read routing's lag and fallback. */
    public HealthChecks withReplica(Databases readRouting) {
        return new HealthChecks(database, readiness, clock, thresholds, readRouting);
    }

    /** Adds a check of a part outside the database (the shared cache, say); it runs with the others. */
    public HealthChecks with(java.util.function.Supplier<Check> check) {
        extra.add(check);
        return this;
    }

    public Health run() {
        List<Check> checks = new ArrayList<>();
        Readiness.Result ready = readiness.check();
        boolean reachable = ready.database().equals("ok");
        checks.add(reachable ? Check.ok("connection", "database answers")
                : Check.fail("connection", ready.database()));
        if (!reachable) {
            checks.add(Check.fail("schema", "unknown: database unreachable"));
            checks.add(pool());
            extra.forEach(c -> checks.add(c.get()));
            return Health.of(checks);
        }
        checks.add(ready.ready() ? Check.ok("schema", ready.schema()) : Check.fail("schema", ready.schema()));
        checks.add(guard("partitions", this::partitions));
        checks.add(guard("invalid_indexes", h -> listCheck("invalid_indexes", INVALID_INDEXES.query(h)
                .mapTo(String.class).list(), Health.Status.FAIL, "no invalid index")));
        checks.add(guard("duplicate_indexes", h -> listCheck("duplicate_indexes", DUPLICATE_INDEXES.query(h)
                .mapTo(String.class).list(), Health.Status.WARN, "no index duplicates another")));
        checks.add(guard("unused_indexes", h -> listCheck("unused_indexes", UNUSED_INDEXES.query(h)
                .mapTo(String.class).list(), Health.Status.WARN, "no large index unused")));
        checks.add(guard("dead_tuples", h -> listCheck("dead_tuples", DEAD_TUPLES.query(h)
                .mapTo(String.class).list(), Health.Status.WARN, "no table needs vacuum")));
        checks.add(guard("wraparound", this::wraparound));
        checks.add(guard("static_data", HealthChecks::staticData));
        checks.add(guard("long_sessions", h -> listCheck("long_sessions", SESSIONS.query(h)
                .bind("seconds", (double) thresholds.longSession().toSeconds()).mapTo(String.class).list(),
                Health.Status.WARN, "no statement or open transaction older than "
                        + thresholds.longSession().toMinutes() + " min")));
        checks.add(pool());
        checks.add(replica());
        checks.add(guard("feeds", this::feeds));
        checks.add(guard("backfill", HealthChecks::backfill));
        extra.forEach(c -> checks.add(c.get()));
        return Health.of(checks);
    }

    /** serve's latest re-check of its recent days against EVE Ref and zKillboard; warn when days of it failed. */
    private static Check backfill(Handle h) {
        return BackfillRecheck.latest(h).map(r -> {
            String detail = String.format(java.util.Locale.ROOT, "last re-check of %d days at %s: %,d killmails missing, %,d stored",
                    r.days(), r.finishedAt(), r.missing(), r.repaired());
            return r.failedDays() > 0 ? Check.warn("backfill", detail + "; " + r.failedDays() + " days failed: " + r.detail())
                    : Check.ok("backfill", detail);
        }).orElse(Check.ok("backfill", "no re-check of recent days recorded (serve runs one every EVEDMV_BACKFILL_INTERVAL)"));
    }

    private Check partitions(Handle h) {
        List<String> gaps = new PartitionManager(database, clock).gaps(thresholds.monthsAhead());
        return gaps.isEmpty() ? Check.ok("partitions", "every month present through " + thresholds.monthsAhead()
                + " months ahead") : Check.fail("partitions", "missing: " + String.join(", ", gaps)
                + "; 'partitions ensure' lays the months ahead, and a month that held killmails needs its rows back"
                + " ('partitions restore' of its archive, or an import of its killmails)");
    }

    /** Warn, not fail: reads fall back to the primary, so the service still answers. */
    private Check replica() {
        if (routing == null || !routing.status().configured()) {
            return Check.ok("replica", "no replica configured");
        }
        Databases.ReplicaStatus s = routing.status();
        return s.onReplica() ? Check.ok("replica", s.describe()) : Check.warn("replica", s.describe());
    }

    private Check wraparound(Handle h) {
        long age = WRAPAROUND.query(h).mapTo(Long.class).one();
        String detail = String.format(java.util.Locale.ROOT, "oldest unfrozen transaction id is %,d transactions old", age);
        if (age >= thresholds.wraparoundFail()) {
            return Check.fail("wraparound", detail + "; run VACUUM FREEZE now");
        }
        return age >= thresholds.wraparoundWarn() ? Check.warn("wraparound", detail) : Check.ok("wraparound", detail);
    }

    /** Warn, not fail: answers go on, but killmails derived meanwhile get wrong flags (see SdeStatus#gaps). */
    private static Check staticData(Handle h) {
        List<String> gaps = SdeStatus.gaps(h);
        return gaps.isEmpty() ? Check.ok("static_data", "no static-data table is empty")
                : Check.warn("static_data", String.join("; ", gaps));
    }

    /** Warn while a feed fails (its process records it, see FeedHealth) or has made no progress for feedStale. */
    private Check feeds(Handle h) {
        List<FeedState> feeds = FeedState.all(h);
        if (feeds.isEmpty()) {
            return Check.ok("feeds", "no feed has run");
        }
        List<String> wrong = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (FeedState f : feeds) {
            String line = f.describe();
            all.add(line);
            Long idle = f.cursor() != null ? f.cursorSecondsAgo() : f.successSecondsAgo();
            if (f.failing()) {
                wrong.add(line);
            } else if (idle != null && idle > thresholds.feedStale().toSeconds()) {
                wrong.add("no progress: " + line);
            }
        }
        return wrong.isEmpty() ? Check.ok("feeds", String.join("; ", all)) : Check.warn("feeds", String.join("; ", wrong));
    }

    private Check pool() {
        HikariPoolMXBean pool = database.pool().getHikariPoolMXBean();
        if (pool == null) {
            return Check.fail("pool", "pool not running");
        }
        int max = database.pool().getMaximumPoolSize();
        String detail = pool.getActiveConnections() + " active, " + pool.getIdleConnections() + " idle, "
                + pool.getThreadsAwaitingConnection() + " waiting, of " + max;
        if (pool.getThreadsAwaitingConnection() > 0) {
            return Check.warn("pool", "saturated: " + detail);
        }
        return Check.ok("pool", detail);
    }

    private static Check listCheck(String name, List<String> found, Health.Status status, String none) {
        if (found.isEmpty()) {
            return Check.ok(name, none);
        }
        return new Check(name, status, String.join("; ", found));
    }

    private Check guard(String name, Function<Handle, Check> check) {
        try (Handle h = database.jdbi().open()) {
            return check.apply(h);
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            return Check.fail(name, "check failed: " + (nl < 0 ? m : m.substring(0, nl)));
        }
    }
}
