package dev.evedmv.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.intel.IntelQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The intel answers, serialized with their ETags, in one Caffeine cache per query class (each with
 * its own size and time to live), optionally backed by a {@link SharedCache}.
 *
 * <p>An answer computed while an invalidation arrives may predate the ingest it announces, so
 * every load notes the invalidation generation before querying and drops its own entry if the
 * generation moved by the time the entry is in place.
 */
public final class QueryCache {
    private static final int REQUEST_COUNTERS = 10_000;

    private final IntelQueries intel;
    private final Map<CacheKey.QueryClass, Cache<CacheKey, Answer>> caches = new EnumMap<>(CacheKey.QueryClass.class);
    private final Map<CacheKey.QueryClass, Duration> ttls = new EnumMap<>(CacheKey.QueryClass.class);
    private final Cache<CacheKey, LongAdder> requests;
    private final SharedCache shared;
    private final AtomicLong generation = new AtomicLong();
    private final boolean enabled;

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
                return hit;
            }
        }
        long before = generation.get();
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
        if (generation.get() != before && key.changesOnIngest()) {
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
            get(key, true);
        }
    }

    private Answer compute(CacheKey key) {
        Object value = key.compute(intel);
        return value == null ? null : Answer.of(intel.json().write(value));
    }

    /** Drops the answers an ingest touching {@code touched} may have made stale, here and in the shared cache. */
    public void evict(Set<Entity> touched) {
        generation.incrementAndGet();
        for (Cache<CacheKey, Answer> cache : caches.values()) {
            cache.asMap().keySet().removeIf(k -> k.staleAfter(touched));
        }
        if (shared != null) {
            shared.evict(touched);
        }
    }

    /** Drops every answer of this process; with {@code shared}, of the shared cache too. */
    public void evictAll(boolean alsoShared) {
        generation.incrementAndGet();
        caches.values().forEach(Cache::invalidateAll);
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

    public boolean contains(CacheKey key) {
        return caches.get(key.queryClass()).getIfPresent(key) != null;
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
