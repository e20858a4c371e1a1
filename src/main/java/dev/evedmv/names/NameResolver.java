package dev.evedmv.names;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The background worker that fills the names table: ids seen on recent killmails without a name,
 * then names older than the TTL, resolved through {@link EsiNames} in batches and stored with
 * {@link NameStore}. Answers never wait for it: a name not resolved yet is null.
 */
public final class NameResolver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NameResolver.class);
    private static final NamedSql UNNAMED = NamedSql.load(NameResolver.class, "unnamed_ids");
    private static final NamedSql STALE = NamedSql.load(NameResolver.class, "stale_names");
    static final int SCAN_DAYS = 7;
    private static final int PER_ROUND = 5 * EsiNames.MAX_IDS;

    private final Database database;
    private final EsiNames esi;
    private final NameStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Set<Long> queue = new LinkedHashSet<>();
    /** Failed rounds in a row: the first is logged as a warning, the rest at debug, the recovery at info. */
    private volatile int failuresInARow;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "names-resolver");
        t.setDaemon(true);
        return t;
    });

    public NameResolver(Database database, EsiNames esi, Clock clock, Duration ttl, MeterRegistry registry) {
        this.database = database;
        this.esi = esi;
        this.store = new NameStore(database);
        this.clock = clock;
        this.ttl = ttl;
        Gauge.builder("evedmv_names_queue", this, NameResolver::queued)
                .description("ids waiting for a name from ESI").register(registry);
    }

    /** Runs a round every {@code interval} until closed. */
    public NameResolver start(Duration interval) {
        executor.scheduleWithFixedDelay(this::roundQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for names of {@code ids} in the next round. */
    public void enqueue(Collection<Long> ids) {
        synchronized (queue) {
            queue.addAll(ids);
        }
    }

    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** One round: finds the ids needing names, resolves up to {@value #PER_ROUND} of them; returns how many it resolved. */
    public int round() {
        LocalDate since = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(SCAN_DAYS);
        List<Long> found = database.jdbi().withHandle(h -> {
            List<Long> ids = new ArrayList<>(UNNAMED.query(h).bind("since", since).bind("limit", PER_ROUND)
                    .mapTo(Long.class).list());
            ids.addAll(STALE.query(h).bind("ttl_seconds", (double) ttl.toSeconds()).bind("limit", PER_ROUND)
                    .mapTo(Long.class).list());
            return ids;
        });
        enqueue(found);
        List<Long> batch = new ArrayList<>();
        synchronized (queue) {
            var it = queue.iterator();
            while (it.hasNext() && batch.size() < PER_ROUND) {
                batch.add(it.next());
                it.remove();
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            EsiNames.Result r = esi.resolve(batch);
            store.storeResolved(r.names(), r.unknown());
            return batch.size();
        } catch (RuntimeException e) {
            enqueue(batch);
            throw e;
        }
    }

    /** Whether the last round failed (ESI unreachable or refusing, say). */
    public boolean failing() {
        return failuresInARow > 0;
    }

    /** One round of the worker: a failure is logged once, then its recovery, not every round of an outage. */
    void roundQuietly() {
        try {
            int n = round();
            if (n > 0) {
                log.debug("Resolved {} names", n);
            }
            if (failuresInARow > 0) {
                log.info("Name resolution works again after {} failed round{}", failuresInARow,
                        failuresInARow == 1 ? "" : "s");
                failuresInARow = 0;
            }
        } catch (RuntimeException e) {
            if (failuresInARow++ == 0) {
                log.warn("Name resolution failed: {} (retried every round; logged again when it works)", e.getMessage());
            } else {
                log.debug("Name resolution still failing: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
