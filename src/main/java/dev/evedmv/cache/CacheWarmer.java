package dev.evedmv.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;

/**
 * Keeps the hottest answers in the cache: every interval it works out the most requested keys, the
 * default summaries of the entities most active over the last day ({@code entity_daily}) and the
 * default top lists when the cache lacks them or they would expire before the next run ends.
 * Answers in the cache are left alone: ingests invalidate (and refresh) what they change.
 */
public final class CacheWarmer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CacheWarmer.class);
    private static final NamedSql MOST_ACTIVE = NamedSql.load(CacheWarmer.class, "most_active_entities");

    private final QueryCache cache;
    private final Database database;
    private final Clock clock;
    private final int hottest;
    private final int active;
    private final Duration horizon;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cache-warmer");
        t.setDaemon(true);
        return t;
    });

    private CacheWarmer(QueryCache cache, Database database, Clock clock, Duration interval, int hottest, int active) {
        this.cache = cache;
        this.database = database;
        this.clock = clock;
        this.hottest = hottest;
        this.active = active;
        this.horizon = interval.plus(interval.dividedBy(2)); // the next run, and time for it to get to the key
    }

    /** Warms every {@code interval} (the first run after one interval) the {@code hottest} requested and {@code active} most active keys. */
    public static CacheWarmer start(QueryCache cache, Database database, Clock clock, Duration interval, int hottest,
                                    int active) {
        CacheWarmer w = new CacheWarmer(cache, database, clock, interval, hottest, active);
        w.executor.scheduleWithFixedDelay(w::warmQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    /** The keys one run refreshes, hottest first. */
    Set<CacheKey> keys() {
        Set<CacheKey> keys = new LinkedHashSet<>(cache.hottest(hottest));
        DateRange range = DateRange.resolve(null, null, null, clock);
        for (EntityKind kind : EntityKind.values()) {
            keys.add(CacheKey.top(kind, range, IntelQueries.TopOrder.KILLS, false, IntelQueries.TOP_DEFAULT));
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        database.jdbi().useHandle(h -> MOST_ACTIVE.query(h).bind("since", today.minusDays(1)).bind("limit", active)
                .map((rs, ctx) -> CacheKey.summary(EntityKind.fromCode(rs.getInt("entity_kind")), rs.getLong("entity_id"), range,
                        false, IntelQueries.SUMMARY_LIST_DEFAULT))
                .forEach(keys::add));
        return keys;
    }

    /** What one run did: answers worked out, and keys whose answer could not be worked out. */
    public record Run(int warmed, int failed) {
    }

    /** One run over the keys of {@link #keys()}. */
    public Run warm() {
        return warm(keys());
    }

    /**
     * One run over {@code keys}: a key whose answer cannot be worked out is logged, counted and
     * passed over, so the keys after it are still warmed; the run names the first failure once.
     */
    Run warm(Collection<CacheKey> keys) {
        int warmed = 0;
        int failed = 0;
        String firstFailure = null;
        for (CacheKey k : keys) {
            try {
                if (cache.warm(k, horizon)) {
                    warmed++;
                }
            } catch (RuntimeException e) {
                failed++;
                log.debug("Cache warming passed over {}", k.text(), e);
                if (firstFailure == null) {
                    firstFailure = k.text() + ": " + e.getMessage();
                }
            }
        }
        if (failed > 0) {
            log.warn("Cache warming: {} of {} keys failed and were passed over (first {})", failed, keys.size(),
                    firstFailure);
        }
        return new Run(warmed, failed);
    }

    private void warmQuietly() {
        try {
            long start = System.nanoTime();
            Run run = warm();
            log.debug("Warmed {} answers in {} ms ({} failed)", run.warmed(), (System.nanoTime() - start) / 1_000_000,
                    run.failed());
        } catch (RuntimeException e) {
            log.warn("Cache warming failed: {}", e.getMessage()); // the keys could not be worked out
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
