package dev.evedmv.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Read routing: {@link #writer()} is always the primary; {@link #reader()} is the replica of
 * {@code EVEDMV_REPLICA_URL} while it answers and lags at most {@code EVEDMV_REPLICA_MAX_LAG},
 * else the primary. {@link #check()} (run every second by {@link #startMonitor}) measures the
 * lag and moves reads away and back. A replica that is down at start is opened when it returns.
 */
public final class Databases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Databases.class);
    private static final NamedSql LAG = NamedSql.load(Databases.class, "replica_lag");

    /** Where reads go and why; {@code lagSeconds} is null when unknown. */
    public record ReplicaStatus(boolean configured, boolean onReplica, Double lagSeconds, String reason, Instant checkedAt) {
        public String describe() {
            if (!configured) {
                return "no replica configured";
            }
            String lag = lagSeconds == null ? "lag unknown" : String.format(Locale.ROOT, "lag %.1f s", lagSeconds);
            return (onReplica ? "reads on the replica, " + lag : "reads on the primary (fallback): " + reason);
        }
    }

    private final Database primary;
    private final DatabaseUrls.JdbcTarget replicaTarget;
    private final EveDmvConfig config;
    private final MeterRegistry registry;
    private final Duration maxLag;
    private final Clock clock;
    private volatile Database replica;
    private volatile ReplicaStatus status;
    private ScheduledExecutorService monitor;

    private Databases(Database primary, DatabaseUrls.JdbcTarget replicaTarget, EveDmvConfig config,
                      MeterRegistry registry, Clock clock) {
        this.primary = primary;
        this.replicaTarget = replicaTarget;
        this.config = config;
        this.registry = registry;
        this.maxLag = config.replicaMaxLag();
        this.clock = clock;
        this.status = new ReplicaStatus(replicaTarget != null, false, null,
                replicaTarget == null ? "no replica configured" : "not checked yet", clock.instant());
    }

    /** Routing for {@code primary} and the configured replica, if any; checks the replica once. */
    public static Databases open(Database primary, EveDmvConfig config, MeterRegistry registry, Clock clock) {
        DatabaseUrls.JdbcTarget target = config.replicaUrl().map(DatabaseUrls::toJdbc).orElse(null);
        Databases d = new Databases(primary, target, config, registry, clock);
        if (target != null) {
            d.check();
        }
        return d;
    }

    public Database writer() {
        return primary;
    }

    /** The replica while it is healthy and close enough, else the primary. */
    public Database reader() {
        Database r = replica;
        return status.onReplica() && r != null ? r : primary;
    }

    public ReplicaStatus status() {
        return status;
    }

    /** Measures the replica now and routes reads accordingly. */
    public synchronized ReplicaStatus check() {
        if (replicaTarget == null) {
            return status;
        }
        ReplicaStatus next;
        try {
            if (replica == null) {
                replica = Database.open("replica", replicaTarget, config, registry);
            }
            Map<String, Object> row = replica.jdbi().withHandle(h -> LAG.query(h).mapToMap().one());
            boolean recovering = Boolean.TRUE.equals(row.get("in_recovery"));
            Double lag = row.get("lag_seconds") == null ? null : ((Number) row.get("lag_seconds")).doubleValue();
            next = route(recovering, lag, maxLag, clock.instant());
        } catch (RuntimeException e) {
            next = new ReplicaStatus(true, false, null, "replica unreachable: " + rootMessage(e), clock.instant());
        }
        if (next.onReplica() != status.onReplica()) {
            log.info("Read routing: {}", next.describe());
        }
        status = next;
        return next;
    }

    /** The routing decision: on the replica only while it is a standby with a known lag within the limit. */
    static ReplicaStatus route(boolean inRecovery, Double lagSeconds, Duration maxLag, Instant now) {
        if (!inRecovery) {
            return new ReplicaStatus(true, false, lagSeconds, "the replica URL points at a server that is not a standby", now);
        }
        if (lagSeconds == null) {
            return new ReplicaStatus(true, false, null, "replica lag unknown (not streaming)", now);
        }
        if (lagSeconds * 1000 > maxLag.toMillis()) {
            return new ReplicaStatus(true, false, lagSeconds, String.format(Locale.ROOT,
                    "replica lags %.1f s, more than %s", lagSeconds, maxLag), now);
        }
        return new ReplicaStatus(true, true, lagSeconds, "ok", now);
    }

    /** Checks the replica every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void startMonitor(Duration interval) {
        if (replicaTarget == null || monitor != null) {
            return;
        }
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replica-monitor");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the replica pool; the primary belongs to the caller. */
    @Override
    public synchronized void close() {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        if (replica != null) {
            replica.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String s = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
