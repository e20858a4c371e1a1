package dev.evedmv.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.intel.IntelQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The intel answers, serialized with their ETags, in one Caffeine cache per query class (each with
 * its own size and time to live), optionally backed by a {@link SharedCache}.
 *
 * <p>An answer computed while an invalidation arrives may predate the ingest it announces, so
 * every load notes its entity's invalidation generation (striped counters; one for top lists, one
 * for whole flushes) before querying and drops its own entry if it moved by the time the entry is
 * in place.
 *
 * <p>An invalidated answer that was asked for is not dropped at once but worked out again in the
 * background, and served meanwhile for at most {@link #STALE_GRACE} after the invalidation arrived;
 * past that a reader queries the database itself. With invalidations delivered within
 * milliseconds of the commit this keeps the promise that no answer misses a committed killmail for
 * more than a second, while hot entities that are touched by every other import keep hitting.
 */
public final class QueryCache implements AutoCloseable {
    private static final int REQUEST_COUNTERS = 10_000;
    public static final Duration STALE_GRACE = Duration.ofMillis(500);
    private static final int REFRESH_QUEUE = 1024;

    /** An entry invalidated at {@code sinceNanos} (the first invalidation not yet refreshed); identity marks one refresh. */
    private record Stale(long sinceNanos) {
    }

    private final IntelQueries intel;
    private final Map<CacheKey.QueryClass, Cache<CacheKey, Answer>> caches = new EnumMap<>(CacheKey.QueryClass.class);
    private final Map<CacheKey.QueryClass, Duration> ttls = new EnumMap<>(CacheKey.QueryClass.class);
    private final Cache<CacheKey, LongAdder> requests;
    private final SharedCache shared;
    private static final int STRIPES = 1024;
    private final AtomicLongArray entityGenerations = new AtomicLongArray(STRIPES);
    private final AtomicLong topGeneration = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong();
    private final boolean enabled;
    private final Map<CacheKey, Stale> stale = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor refresher;
    private final Counter refreshesQueued;
    private final Counter refreshesOverflowed;

    private QueryCache(IntelQueries intel, EveDmvConfig.CacheSettings settings, SharedCache shared,
                       MeterRegistry registry, boolean enabled) {
        this.intel = intel;
        this.shared = shared;
        this.enabled = enabled;
        add(CacheKey.QueryClass.SUMMARY, settings.summarySize(), settings.summaryTtl());
        add(CacheKey.QueryClass.ACTIVITY, settings.activitySize(), settings.activityTtl());
        add(CacheKey.QueryClass.TOP, settings.topSize(), settings.topTtl());
        add(CacheKey.QueryClass.KILLMAIL, settings.killmailSize(), settings.killmailTtl());
        add(CacheKey.QueryClass.SEARCH, settings.searchSize(), settings.searchTtl());
        this.requests = Caffeine.newBuilder().maximumSize(REQUEST_COUNTERS).build();
        this.refresher = enabled ? new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(REFRESH_QUEUE), r -> {
                    Thread t = new Thread(r, "cache-refresh");
                    t.setDaemon(true);
                    return t;
                }) : null;
        MeterRegistry meters = registry != null ? registry : new SimpleMeterRegistry();
        this.refreshesQueued = Counter.builder("evedmv_cache_refreshes").tag("result", "queued")
                .description("invalidated answers queued to be worked out again in the background").register(meters);
        this.refreshesOverflowed = Counter.builder("evedmv_cache_refreshes").tag("result", "overflow")
                .description("invalidated answers dropped because the refresh queue was full").register(meters);
        if (registry != null) {
            caches.forEach((c, cache) -> CaffeineCacheMetrics.monitor(registry, cache, "intel_" + c.label()));
        }
    }

    /** Caches sized and timed by {@code settings}, their statistics bound to {@code registry}; {@code shared} may be null. */
    public static QueryCache create(IntelQueries intel, EveDmvConfig.CacheSettings settings, SharedCache shared,
                                    MeterRegistry registry) {
        return new QueryCache(intel, settings, shared, registry, true);
    }

    /** Every answer straight from the database (still with an ETag). */
    public static QueryCache uncached(IntelQueries intel) {
        EveDmvConfig.CacheSettings none = new EveDmvConfig.CacheSettings(0, Duration.ofSeconds(1), 0,
                Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofMillis(50));
        return new QueryCache(intel, none, null, null, false);
    }

    private void add(CacheKey.QueryClass c, long size, Duration ttl) {
        caches.put(c, Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).recordStats().build());
        ttls.put(c, ttl);
    }

    /**
     * The answer to {@code key}, or null when there is none. With {@code bypass} (a request's
     * {@code Cache-Control: no-cache}) the database answers and the caches take the fresh answer.
     */
    public Answer get(CacheKey key, boolean bypass) {
        if (!enabled) {
            return compute(key);
        }
        requests.get(key, k -> new LongAdder()).increment();
        Cache<CacheKey, Answer> cache = caches.get(key.queryClass());
        if (!bypass) {
            Answer hit = cache.getIfPresent(key);
            if (hit != null) {
                Stale st = stale.get(key);
                if (st == null || System.nanoTime() - st.sinceNanos() < STALE_GRACE.toNanos()) {
                    return hit;
                }
                // its refresh has not landed in time: this answer may miss a committed killmail
                cache.invalidate(key);
                stale.remove(key, st);
            }
        }
        return load(key, bypass);
    }

    private Answer load(CacheKey key, boolean bypass) {
        Cache<CacheKey, Answer> cache = caches.get(key.queryClass());
        long before = generation(key);
        Answer answer = null;
        boolean fromShared = false;
        if (!bypass && shared != null) {
            byte[] body = shared.get(key);
            if (body != null) {
                answer = Answer.of(body);
                fromShared = true;
            }
        }
        if (answer == null) {
            answer = compute(key);
            if (answer == null) {
                return null;
            }
        }
        cache.put(key, answer);
        if (shared != null && !fromShared) {
            shared.put(key, answer.body(), ttls.get(key.queryClass()));
        }
        if (generation(key) != before && key.changesOnIngest()) {
            // an invalidation ran while this answer was being worked out: it may miss the new killmail
            cache.invalidate(key);
            if (shared != null) {
                shared.remove(key);
            }
        }
        return answer;
    }

    /** Works the answer out again and caches it (the warmer's refresh). */
    public void refresh(CacheKey key) {
        if (enabled) {
            load(key, true);
        }
    }

    /** Moves whenever an invalidation may concern {@code key}. */
    private long generation(CacheKey key) {
        Entity e = key.entity();
        long own = e != null ? entityGenerations.get(stripe(e)) : topGeneration.get();
        return epoch.get() + own;
    }

    private static int stripe(Entity e) {
        return Math.floorMod(e.hashCode() * 0x9E3779B9, STRIPES);
    }

    private void refreshStale(CacheKey key, Stale st) {
        long before = generation(key);
        try {
            load(key, true);
        } catch (RuntimeException e) {
            caches.get(key.queryClass()).invalidate(key);
            stale.remove(key, st);
            return;
        }
        if (!stale.remove(key, st) && stale.get(key) == null && generation(key) != before) {
            // given up on meanwhile (queue full or grace over): what this refresh put may predate the latest ingest
            caches.get(key.queryClass()).invalidate(key);
        }
    }

    /**
     * Marks {@code key} stale and queues its refresh; false when the queue is full. A key whose
     * refresh is already queued is not queued twice: that refresh runs after this invalidation (or,
     * if already running, {@link #load} sees the generation move and drops what it worked out).
     */
    private boolean scheduleRefresh(CacheKey key, long now) {
        Stale st = new Stale(now);
        if (stale.putIfAbsent(key, st) != null) {
            return true;
        }
        try {
            refresher.execute(() -> refreshStale(key, st));
            refreshesQueued.increment();
            return true;
        } catch (RejectedExecutionException e) {
            refreshesOverflowed.increment();
            stale.remove(key, st);
            return false;
        }
    }

    private boolean requested(CacheKey key) {
        LongAdder n = requests.getIfPresent(key);
        return n != null && n.sum() > 0;
    }

    private Answer compute(CacheKey key) {
        Object value = key.compute(intel);
        return value == null ? null : Answer.of(intel.json().write(value));
    }

    /** Drops the answers an ingest touching {@code touched} may have made stale, here and in the shared cache. */
    public void evict(Set<Entity> touched) {
        for (Entity e : touched) {
            entityGenerations.incrementAndGet(stripe(e));
        }
        topGeneration.incrementAndGet();
        long now = System.nanoTime();
        for (Cache<CacheKey, Answer> cache : caches.values()) {
            for (CacheKey k : cache.asMap().keySet()) {
                if (k.staleAfter(touched) && !(requested(k) && scheduleRefresh(k, now))) {
                    cache.invalidate(k);
                }
            }
        }
        if (shared != null) {
            shared.evict(touched);
        }
    }

    /** Drops every answer of this process; with {@code shared}, of the shared cache too. */
    public void evictAll(boolean alsoShared) {
        epoch.incrementAndGet();
        caches.values().forEach(Cache::invalidateAll);
        stale.clear();
        if (alsoShared && shared != null) {
            shared.evictAll();
        }
    }

    /** The {@code n} keys asked for most, most first. */
    public List<CacheKey> hottest(int n) {
        List<Map.Entry<CacheKey, LongAdder>> all = new ArrayList<>(requests.asMap().entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<CacheKey, LongAdder> e) -> e.getValue().sum()).reversed());
        List<CacheKey> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, all.size()); i++) {
            out.add(all.get(i).getKey());
        }
        return out;
    }

    /** True when a read of {@code key} now would be answered from this process's cache. */
    public boolean contains(CacheKey key) {
        if (caches.get(key.queryClass()).getIfPresent(key) == null) {
            return false;
        }
        Stale st = stale.get(key);
        return st == null || System.nanoTime() - st.sinceNanos() < STALE_GRACE.toNanos();
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Seconds an HTTP client may reuse the answer: at most its TTL, and 1 s for answers ingest changes. */
    public long maxAgeSeconds(CacheKey key) {
        long ttl = Math.max(1, ttls.get(key.queryClass()).toSeconds());
        return key.changesOnIngest() ? Math.min(1, ttl) : ttl;
    }

    public SharedCache shared() {
        return shared;
    }

    public long estimatedSize(CacheKey.QueryClass c) {
        return caches.get(c).estimatedSize();
    }
}
