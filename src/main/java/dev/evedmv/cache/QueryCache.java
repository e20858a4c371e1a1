package dev.evedmv.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.intel.IntelQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The intel answers, serialized with their ETags, in one Caffeine cache per query class (each with
 * its own size and time to live), filled from an {@link AnswerSource} (the database, or Redis in
 * front of it).
 *
 * <p>Concurrent misses of one key wait for one load (the cache holds the load's future). Ingests
 * invalidate through {@link #evict}: the {@link InvalidationIndex} names the keys of the entities
 * touched and the top lists. A load still running is dropped (its answer may predate the ingest).
 * A cached answer read within {@link #REFRESH_IF_READ_WITHIN} is refreshed with Caffeine's
 * {@code refresh}, which serves the old answer until the new one lands; the old one is marked
 * behind and expires {@link #STALE_BUDGET} after the ingest announced itself (its {@code NOTIFY},
 * which precedes the commit), so no answer misses a committed killmail for more than a second. An
 * ingest touching an answer whose refresh runs marks it again (any write discards Caffeine's
 * in-flight refresh, which may predate that ingest) and starts another; the first deadline stands.
 * An answer nobody read for that long is dropped instead. Refreshes run on their own threads and
 * query through their own {@link IntelQueries} (serve's background pool), as the warmer does.
 */
public final class QueryCache implements AutoCloseable {
    private static final int REQUEST_COUNTERS = 10_000;
    /** How long after an ingest's announcement an invalidated answer may still be served while it is refreshed. */
    public static final Duration STALE_BUDGET = Duration.ofMillis(800);
    /** An invalidated answer read this recently is refreshed in the background; one read longer ago is dropped. */
    public static final Duration REFRESH_IF_READ_WITHIN = Duration.ofMinutes(1);
    private static final long NEVER = Long.MIN_VALUE;
    /** A read marks its entry at most this often (the mark is a volatile write shared by every reader). */
    private static final long READ_MARK_GRANULARITY = TimeUnit.MILLISECONDS.toNanos(100);
    /** Refreshes waiting beyond this many are not started: their answers are dropped instead. */
    private static final int REFRESH_QUEUE = 1024;
    /** Half the cores (one on a 2-core machine): more only take the CPU from requests answered from the cache. */
    private static final int REFRESH_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /**
     * A cached answer, when a request last read it ({@link #NEVER}: not yet), and, once an ingest
     * touched it, until when it may still be served ({@code behind}) while its refresh runs.
     */
    static final class Entry {
        final Answer answer;
        final boolean behind;
        final long deadlineNanos;
        volatile long readNanos;

        Entry(Answer answer, long readNanos, boolean behind, long deadlineNanos) {
            this.answer = answer;
            this.readNanos = readNanos;
            this.behind = behind;
            this.deadlineNanos = deadlineNanos;
        }

        void markRead(long now) {
            long last = readNanos;
            if (last == NEVER || now - last > READ_MARK_GRANULARITY) {
                readNanos = now;
            }
        }

        boolean readWithin(long now, Duration window) {
            long last = readNanos;
            return last != NEVER && now - last < window.toNanos();
        }

        /** This answer, servable until {@code deadline} or the first deadline it already had. */
        Entry behind(long deadline) {
            return new Entry(answer, readNanos, true, behind ? deadlineNanos : deadline);
        }
    }

    /** Entries live their query class's time to live; one marked behind until its deadline. */
    private record Lifetime(long ttlNanos) implements Expiry<CacheKey, Entry> {
        private long of(Entry e, long now) {
            return e.behind ? Math.max(0, e.deadlineNanos - now) : ttlNanos;
        }

        @Override
        public long expireAfterCreate(CacheKey key, Entry e, long now) {
            return of(e, now);
        }

        @Override
        public long expireAfterUpdate(CacheKey key, Entry e, long now, long current) {
            return of(e, now);
        }

        @Override
        public long expireAfterRead(CacheKey key, Entry e, long now, long current) {
            return current;
        }
    }

    private final IntelQueries intel;
    private final IntelQueries background;
    private final AnswerSource source;
    private final Map<CacheKey.QueryClass, AsyncLoadingCache<CacheKey, Entry>> caches = new EnumMap<>(CacheKey.QueryClass.class);
    private final Map<CacheKey.QueryClass, Duration> ttls = new EnumMap<>(CacheKey.QueryClass.class);
    private final InvalidationIndex index = new InvalidationIndex();
    private final Cache<CacheKey, LongAdder> requests;
    private final boolean enabled;
    private final ThreadPoolExecutor refresher;
    private final Counter refreshesStarted;
    private final Counter refreshesOverflowed;
    private final Counter refreshesLate;
    private final Counter refreshesRepeated;

    private QueryCache(IntelQueries intel, IntelQueries background, EveDmvConfig.CacheSettings settings,
                       SharedCache shared, MeterRegistry registry, boolean enabled) {
        this.intel = intel;
        this.background = background;
        this.enabled = enabled;
        this.refresher = enabled ? new ThreadPoolExecutor(REFRESH_THREADS, REFRESH_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "cache-refresh");
                    t.setDaemon(true);
                    return t;
                }) : null;
        MeterRegistry meters = registry != null ? registry : new SimpleMeterRegistry();
        this.refreshesStarted = refreshes(meters, "queued", "invalidated answers refreshed in the background");
        this.refreshesOverflowed = refreshes(meters, "overflow", "invalidated answers dropped because too many refreshes waited");
        this.refreshesLate = refreshes(meters, "late", "invalidated answers that expired before their refresh landed");
        this.refreshesRepeated = refreshes(meters, "repeated", "refreshes started again because an ingest touched the answer meanwhile");
        add(CacheKey.QueryClass.SUMMARY, settings.summarySize(), settings.summaryTtl());
        add(CacheKey.QueryClass.ACTIVITY, settings.activitySize(), settings.activityTtl());
        add(CacheKey.QueryClass.TOP, settings.topSize(), settings.topTtl());
        add(CacheKey.QueryClass.KILLMAIL, settings.killmailSize(), settings.killmailTtl());
        add(CacheKey.QueryClass.SEARCH, settings.searchSize(), settings.searchTtl());
        this.source = shared == null ? AnswerSource.database()
                : new SharedAnswers(shared, AnswerSource.database(), ttls::get);
        this.requests = Caffeine.newBuilder().maximumSize(REQUEST_COUNTERS).build();
        if (registry != null) {
            caches.forEach((c, cache) -> CaffeineCacheMetrics.monitor(registry, cache, "intel_" + c.label()));
        }
    }

    private static Counter refreshes(MeterRegistry meters, String result, String description) {
        return Counter.builder("evedmv_cache_refreshes").tag("result", result).description(description).register(meters);
    }

    /** Caches sized and timed by {@code settings}, their statistics bound to {@code registry}; {@code shared} may be null. */
    public static QueryCache create(IntelQueries intel, EveDmvConfig.CacheSettings settings, SharedCache shared,
                                    MeterRegistry registry) {
        return create(intel, intel, settings, shared, registry);
    }

    /**
     * As {@link #create(IntelQueries, EveDmvConfig.CacheSettings, SharedCache, MeterRegistry)}, with the
     * background refreshes and the warmer's work querying through {@code background} (serve's own
     * pool for them) while requests query through {@code intel}.
     */
    public static QueryCache create(IntelQueries intel, IntelQueries background, EveDmvConfig.CacheSettings settings,
                                    SharedCache shared, MeterRegistry registry) {
        return new QueryCache(intel, background, settings, shared, registry, true);
    }

    /** Every answer straight from the database (still with an ETag). */
    public static QueryCache uncached(IntelQueries intel) {
        EveDmvConfig.CacheSettings none = new EveDmvConfig.CacheSettings(0, Duration.ofSeconds(1), 0,
                Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofMillis(50));
        return new QueryCache(intel, intel, none, null, null, false);
    }

    private void add(CacheKey.QueryClass c, long size, Duration ttl) {
        ttls.put(c, ttl);
        // Caffeine's upkeep runs on the calling threads: no pool of its own outlives serve
        caches.put(c, Caffeine.newBuilder().executor(Runnable::run).maximumSize(size)
                .expireAfter(new Lifetime(ttl.toNanos())).recordStats()
                .evictionListener((CacheKey key, Entry e, RemovalCause cause) -> {
                    index.forget(key);
                    if (cause == RemovalCause.EXPIRED && e != null && e.behind) {
                        refreshesLate.increment();
                    }
                })
                .buildAsync(new Reloader()));
    }

    /** Caffeine's loads for {@code refresh}: through the background queries, on the refresh threads. */
    private final class Reloader implements AsyncCacheLoader<CacheKey, Entry> {
        @Override
        public CompletableFuture<Entry> asyncLoad(CacheKey key, java.util.concurrent.Executor executor) {
            index.note(key);
            return CompletableFuture.supplyAsync(() -> loaded(key, null), refresher);
        }

        @Override
        public CompletableFuture<Entry> asyncReload(CacheKey key, Entry old, java.util.concurrent.Executor executor) {
            index.note(key);
            return CompletableFuture.supplyAsync(() -> reloaded(key, old), refresher);
        }
    }

    private AsyncLoadingCache<CacheKey, Entry> cache(CacheKey key) {
        return caches.get(key.queryClass());
    }

    /** The completed entry the cache holds for {@code key}, read without counting as a request, or null. */
    private Entry present(CacheKey key) {
        CompletableFuture<Entry> f = cache(key).asMap().get(key);
        return f == null || !f.isDone() || f.isCompletedExceptionally() ? null : f.getNow(null);
    }

    /**
     * The answer to {@code key} if the cache holds a servable one, else null; never works anything
     * out. Lets the HTTP layer serve hits without queueing them behind database work.
     */
    public Answer cached(CacheKey key) {
        if (!enabled) {
            return null;
        }
        Entry e = present(key);
        return e == null ? null : e.answer;
    }

    /**
     * The answer to {@code key}, or null when there is none. With {@code bypass} (a request's
     * {@code Cache-Control: no-cache}) the database answers and the cache takes the fresh answer.
     * Only questions that get an answer are counted as requested (see {@link #hottest}): one
     * refused as invalid, or about a killmail not stored, never becomes a key the warmer works out.
     */
    public Answer get(CacheKey key, boolean bypass) {
        if (!enabled) {
            return source.answer(key, intel, true);
        }
        Entry e;
        if (bypass) {
            CompletableFuture<Entry> mine = new CompletableFuture<>();
            cache(key).put(key, mine);
            e = load(key, mine, intel, true);
        } else {
            @SuppressWarnings("unchecked")
            CompletableFuture<Entry>[] mine = new CompletableFuture[1];
            CompletableFuture<Entry> f = cache(key).get(key, (k, executor) -> mine[0] = new CompletableFuture<>());
            e = mine[0] != null ? load(key, mine[0], intel, false) : join(f);
        }
        if (e == null) {
            return null;
        }
        e.markRead(System.nanoTime());
        requests.get(key, k -> new LongAdder()).increment();
        return e.answer;
    }

    /**
     * Works out the answer to {@code key} on this thread and completes {@code mine}, the future the
     * cache holds for it (which concurrent misses wait for). Noted in the index before the query
     * starts, so an ingest announced meanwhile drops the load; its answer then leaves a second level too.
     */
    private Entry load(CacheKey key, CompletableFuture<Entry> mine, IntelQueries queries, boolean fresh) {
        index.note(key);
        try {
            Answer a = source.answer(key, queries, fresh);
            Entry e = a == null ? null : new Entry(a, NEVER, false, 0);
            mine.complete(e);
            if (e != null && key.changesOnIngest() && cache(key).asMap().get(key) != mine) {
                source.withdraw(key);
            }
            return e;
        } catch (RuntimeException | Error t) { // whatever ends the load, its waiters must not wait forever
            mine.completeExceptionally(t);
            throw t;
        }
    }

    private static Entry join(CompletableFuture<Entry> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A load that {@code refresh} started for a key the cache did not hold. */
    private Entry loaded(CacheKey key, Entry old) {
        Answer a = source.answer(key, background, true);
        return a == null ? null : new Entry(a, old == null ? NEVER : old.readNanos, false, 0);
    }

    /**
     * A refresh: skipped when the entry it would replace is no longer in the cache (an ingest marked
     * it again, or it was dropped: Caffeine discards this refresh's result either way), else worked
     * out from the database; its answer leaves a second level again if the entry moved meanwhile.
     */
    private Entry reloaded(CacheKey key, Entry old) {
        if (present(key) != old) {
            return old;
        }
        Entry e = loaded(key, old);
        if (e != null && key.changesOnIngest() && present(key) != old) {
            source.withdraw(key);
        }
        return e;
    }

    /**
     * The warmer's refresh: works the answer out and caches it unless the cache holds one that stays
     * servable for {@code horizon} or more (fresh answers need no work: ingests invalidate what they
     * change) or one that is being loaded or refreshed; true when it worked the answer out.
     */
    public boolean warm(CacheKey key, Duration horizon) {
        if (!enabled) {
            return false;
        }
        AsyncLoadingCache<CacheKey, Entry> cache = cache(key);
        CompletableFuture<Entry> f = cache.asMap().get(key);
        if (f != null) {
            Entry e = f.isDone() && !f.isCompletedExceptionally() ? f.getNow(null) : null;
            if (e == null || e.behind) {
                return false;
            }
            long expiresIn = cache.synchronous().policy().expireVariably().orElseThrow()
                    .getExpiresAfter(key, TimeUnit.NANOSECONDS).orElse(0L);
            if (expiresIn >= horizon.toNanos()) {
                return false;
            }
            join(cache.synchronous().refresh(key));
            return true;
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        if (cache.asMap().putIfAbsent(key, mine) != null) {
            return false;
        }
        load(key, mine, background, true);
        return true;
    }

    /** Drops the answers an ingest touching {@code touched}, announced just now, may have made stale. */
    public void evict(Set<Entity> touched) {
        evict(touched, Duration.ZERO);
    }

    /**
     * Refreshes (see the class comment) or drops the answers an ingest touching {@code touched} may
     * have made stale, here and in a second level; the ingest announced itself {@code sinceAnnounced}
     * ago. Returns how many cached keys it looked at: the keys of those entities and the top lists.
     */
    public int evict(Set<Entity> touched, Duration sinceAnnounced) {
        if (!enabled) {
            return 0;
        }
        long now = System.nanoTime();
        long deadline = now + STALE_BUDGET.toNanos() - Math.max(0, sinceAnnounced.toNanos());
        List<CacheKey> keys = index.take(touched);
        for (CacheKey k : keys) {
            invalidate(k, now, deadline);
        }
        source.evict(touched);
        return keys.size();
    }

    private void invalidate(CacheKey key, long now, long deadline) {
        AsyncLoadingCache<CacheKey, Entry> cache = cache(key);
        boolean[] refresh = {false, false};
        cache.asMap().computeIfPresent(key, (k, f) -> {
            Entry e = f.isDone() && !f.isCompletedExceptionally() ? f.getNow(null) : null;
            if (e == null || !e.readWithin(now, REFRESH_IF_READ_WITHIN)) {
                return null;
            }
            if (refresher.getQueue().size() >= REFRESH_QUEUE) {
                refreshesOverflowed.increment();
                return null;
            }
            refresh[0] = true;
            refresh[1] = e.behind;
            return CompletableFuture.completedFuture(e.behind(deadline));
        });
        if (!refresh[0]) {
            return;
        }
        (refresh[1] ? refreshesRepeated : refreshesStarted).increment();
        cache.synchronous().refresh(key);
    }

    /** Drops every answer of this process; with {@code alsoShared}, of the second level too. */
    public void evictAll(boolean alsoShared) {
        if (!enabled) {
            return;
        }
        index.clear();
        caches.values().forEach(c -> c.synchronous().invalidateAll());
        if (alsoShared) {
            source.evictAll();
        }
    }

    /** The {@code n} keys asked for most (and answered), most first. */
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
        return cached(key) != null;
    }

    /** True when {@code key}'s answer is served while its refresh runs (an ingest touched it). */
    boolean behind(CacheKey key) {
        Entry e = enabled ? present(key) : null;
        return e != null && e.behind;
    }

    /** The index of the keys ingests can make stale. */
    InvalidationIndex index() {
        return index;
    }

    /** Runs Caffeine's pending maintenance now (evictions beyond the sizes), as it would soon on its own. */
    void cleanUp() {
        caches.values().forEach(c -> c.synchronous().cleanUp());
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

    public long estimatedSize(CacheKey.QueryClass c) {
        return caches.get(c).synchronous().estimatedSize();
    }
}
