package dev.evedmv.cache;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.intel.LiveSummary;
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
 * <p>An invalidated answer that was read within {@link #REFRESH_IF_READ_WITHIN} is not dropped at
 * once but worked out again in the background, and served meanwhile until {@link #STALE_BUDGET}
 * after the ingest announced itself (its {@code NOTIFY}, which precedes the commit); past that a
 * reader queries the database itself. This keeps the promise that no answer misses a committed
 * killmail for more than a second, while hot entities that are touched by every other import keep
 * hitting. An answer nobody read for that long is dropped instead, so speculative work stops a
 * minute after readers do. A refresh waits {@link #REFRESH_COALESCE} so that the ingests that touch
 * its key meanwhile join it, then runs on one of {@link #REFRESH_THREADS} threads (half the cores:
 * more only steal the CPU from requests answered from the cache), the most requested keys first.
 * Refreshes and the warmer query through their own {@link IntelQueries} (serve's background pool).
 * Concurrent misses of one key wait for one load (unless an invalidation came after it began).
 *
 * <p>A refreshed summary of a corporation, alliance, ship type, system or region is kept as a
 * {@link LiveSummary} beside its answer: its next refresh reads only the entity's rollup rows of
 * yesterday and today (and the sums of the earlier days, to notice a killmail that landed on them)
 * instead of every day of the range. Those are the summaries that most ingests touch and whose
 * lists are the longest to sum, so a refresh that reads two days instead of the whole range keeps
 * up with the ingests that invalidate them.
 */
public final class QueryCache implements AutoCloseable {
    private static final int REQUEST_COUNTERS = 10_000;
    /** List entries the live summaries may hold in all (a few tens of bytes each). */
    private static final long LIVE_SUMMARY_ENTRIES = 2_000_000;
    /** How long after an ingest's announcement an invalidated answer may still be served while it is refreshed. */
    public static final Duration STALE_BUDGET = Duration.ofMillis(800);
    /**
     * An invalidated answer read this recently is worked out again in the background; one read longer
     * ago is dropped. ("Read since its last refresh" instead would drop a hot answer that two ingests
     * touched between two of its reads, and its next read would miss.)
     */
    public static final Duration REFRESH_IF_READ_WITHIN = Duration.ofMinutes(1);
    private static final long NEVER = Long.MIN_VALUE;
    /** A read marks its entry at most this often (the mark is a volatile write shared by every reader). */
    private static final long READ_MARK_GRANULARITY = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How long a refresh waits before it is queued, so that the ingests that touch its key meanwhile
     * (a fight's killmails touch the same alliances, ships and system one after another) cost one
     * refresh; the rest of {@link #STALE_BUDGET} is left for the queue and the query (docs/performance.md,
     * "Caching", has the hit rates with and without it).
     */
    static final Duration REFRESH_COALESCE = Duration.ofMillis(300);
    private static final int REFRESH_QUEUE = 1024;
    /** Half the cores (one on a 2-core machine): more only take the CPU from requests answered from the cache. */
    private static final int REFRESH_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /**
     * An entry invalidated and not yet refreshed, servable until {@code deadlineNanos} (set by the first
     * invalidation its answer does not reflect); identity marks one refresh. Invalidations that arrive
     * while its refresh works the answer out are noted ({@link #noteLater}) so the refresh knows its
     * result is already behind, and by how much time.
     */
    private static final class Stale {
        final long deadlineNanos;
        private boolean hasLater;
        private long laterDeadlineNanos;
        private boolean closed;

        Stale(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        boolean servable(long now) {
            return now - deadlineNanos < 0;
        }

        /** Notes an invalidation that came after the refresh started; false once the refresh is done with this mark. */
        synchronized boolean noteLater(long deadline) {
            if (closed) {
                return false;
            }
            if (!hasLater) {
                hasLater = true;
                laterDeadlineNanos = deadline;
            }
            return true;
        }

        /** The refresh starts working the answer out: invalidations noted so far are reflected in what it reads. */
        synchronized void start() {
            hasLater = false;
        }

        /** The refresh is done: null when its answer reflects every invalidation, else the first later one's deadline. */
        synchronized Long close() {
            closed = true;
            return hasLater ? laterDeadlineNanos : null;
        }
    }

    /** A cached answer, when it was worked out and when a request last read it ({@link #NEVER}: not yet). */
    private static final class Entry {
        final Answer answer;
        final long loadedNanos;
        volatile long readNanos;

        Entry(Answer answer, long loadedNanos, long readNanos) {
            this.answer = answer;
            this.loadedNanos = loadedNanos;
            this.readNanos = readNanos;
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

    }

    /** Caches {@code answer} for {@code key}, worked out now; the entry it replaces (if any) passes on when it was last read. */
    private static void putKeepingLastRead(Cache<CacheKey, Entry> cache, CacheKey key, Answer answer) {
        Entry previous = cache.policy().getIfPresentQuietly(key);
        cache.put(key, new Entry(answer, System.nanoTime(), previous == null ? NEVER : previous.readNanos));
    }

    /** A queued refresh, ordered by how often its key was requested (most first). */
    private record Refresh(CacheKey key, Stale stale, long requests, QueryCache owner)
            implements Runnable, Comparable<Refresh> {
        @Override
        public void run() {
            owner.refreshStale(key, stale);
        }

        @Override
        public int compareTo(Refresh other) {
            return Long.compare(other.requests, requests);
        }
    }

    private final IntelQueries intel;
    private final IntelQueries background;
    private final Map<CacheKey.QueryClass, Cache<CacheKey, Entry>> caches = new EnumMap<>(CacheKey.QueryClass.class);
    private final Map<CacheKey.QueryClass, Duration> ttls = new EnumMap<>(CacheKey.QueryClass.class);
    private final Cache<CacheKey, LongAdder> requests;
    private final SharedCache shared;
    private static final int STRIPES = 1024;
    private final AtomicLongArray entityGenerations = new AtomicLongArray(STRIPES);
    private final AtomicLong topGeneration = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong();
    private final boolean enabled;
    private final Map<CacheKey, Stale> stale = new ConcurrentHashMap<>();
    private final Map<CacheKey, Loading> loading = new ConcurrentHashMap<>();
    /** Summaries that refreshes keep current by reading only their recent days (see {@link LiveSummary}). */
    private final Cache<CacheKey, LiveSummary> live;
    private final Duration liveMaxAge;
    private final ThreadPoolExecutor refresher;
    private final ScheduledThreadPoolExecutor coalescer;
    private final Counter refreshesQueued;
    private final Counter refreshesOverflowed;
    private final Counter refreshesLate;
    private final Counter refreshesRepeated;

    private QueryCache(IntelQueries intel, IntelQueries background, EveDmvConfig.CacheSettings settings,
                       SharedCache shared, MeterRegistry registry, boolean enabled) {
        this.intel = intel;
        this.background = background;
        this.shared = shared;
        this.enabled = enabled;
        add(CacheKey.QueryClass.SUMMARY, settings.summarySize(), settings.summaryTtl());
        add(CacheKey.QueryClass.ACTIVITY, settings.activitySize(), settings.activityTtl());
        add(CacheKey.QueryClass.TOP, settings.topSize(), settings.topTtl());
        add(CacheKey.QueryClass.KILLMAIL, settings.killmailSize(), settings.killmailTtl());
        add(CacheKey.QueryClass.SEARCH, settings.searchSize(), settings.searchTtl());
        this.requests = Caffeine.newBuilder().maximumSize(REQUEST_COUNTERS).build();
        this.live = Caffeine.newBuilder().maximumWeight(LIVE_SUMMARY_ENTRIES)
                .weigher((CacheKey k, LiveSummary v) -> v.weight()).expireAfterAccess(settings.summaryTtl()).build();
        this.liveMaxAge = settings.summaryTtl();
        this.refresher = enabled ? new ThreadPoolExecutor(REFRESH_THREADS, REFRESH_THREADS, 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "cache-refresh");
                    t.setDaemon(true);
                    return t;
                }) : null;
        this.coalescer = enabled ? new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cache-refresh-coalescer");
            t.setDaemon(true);
            return t;
        }) : null;
        MeterRegistry meters = registry != null ? registry : new SimpleMeterRegistry();
        this.refreshesQueued = Counter.builder("evedmv_cache_refreshes").tag("result", "queued")
                .description("invalidated answers queued to be worked out again in the background").register(meters);
        this.refreshesOverflowed = Counter.builder("evedmv_cache_refreshes").tag("result", "overflow")
                .description("invalidated answers dropped because the refresh queue was full").register(meters);
        this.refreshesLate = Counter.builder("evedmv_cache_refreshes").tag("result", "late")
                .description("invalidated answers dropped because their refresh did not land before the deadline")
                .register(meters);
        this.refreshesRepeated = Counter.builder("evedmv_cache_refreshes").tag("result", "repeated")
                .description("refreshes run again because an ingest touched the answer while it was worked out")
                .register(meters);
        if (registry != null) {
            caches.forEach((c, cache) -> CaffeineCacheMetrics.monitor(registry, cache, "intel_" + c.label()));
        }
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
        caches.put(c, Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).recordStats().build());
        ttls.put(c, ttl);
    }

    /** A cached answer is servable unless an ingest invalidated it and its refresh is now overdue. */
    private static boolean servable(Stale st) {
        return st == null || st.servable(System.nanoTime());
    }

    /**
     * The answer to {@code key} if the cache holds a servable one, else null; never works anything
     * out. Lets the HTTP layer serve hits without queueing them behind database work.
     */
    public Answer cached(CacheKey key) {
        if (!enabled) {
            return null;
        }
        // quietly: the request's get() that follows is the one the statistics count
        Entry hit = caches.get(key.queryClass()).policy().getIfPresentQuietly(key);
        if (hit == null) {
            return null;
        }
        return servable(stale.get(key)) ? hit.answer : null;
    }

    /**
     * The answer to {@code key}, or null when there is none. With {@code bypass} (a request's
     * {@code Cache-Control: no-cache}) the database answers and the caches take the fresh answer.
     * Only questions that get an answer are counted as requested (see {@link #hottest}): one
     * refused as invalid, or about a killmail not stored, never becomes a key the warmer works out.
     */
    public Answer get(CacheKey key, boolean bypass) {
        if (!enabled) {
            return compute(key, intel);
        }
        Cache<CacheKey, Entry> cache = caches.get(key.queryClass());
        Answer answer = null;
        if (!bypass) {
            Entry hit = cache.getIfPresent(key);
            if (hit != null) {
                Stale st = stale.get(key);
                if (servable(st)) {
                    hit.markRead(System.nanoTime());
                    answer = hit.answer;
                } else {
                    // its refresh has not landed in time: this answer may miss a committed killmail
                    cache.invalidate(key);
                    if (stale.remove(key, st)) {
                        refreshesLate.increment();
                    }
                }
            }
            if (answer == null) {
                answer = loadOnce(key);
            }
        } else {
            answer = load(key, true, true);
        }
        if (answer != null) {
            requests.get(key, k -> new LongAdder()).increment();
        }
        return answer;
    }

    /**
     * A miss: joins the load of {@code key} that another request started, or starts one others may
     * join. A load started before an invalidation that this reader has seen is not joined (its
     * answer may miss the new killmail): the reader loads on its own.
     */
    private Answer loadOnce(CacheKey key) {
        Loading mine = new Loading(generation(key), new CompletableFuture<>());
        Loading running = loading.putIfAbsent(key, mine);
        if (running != null) {
            if (running.generation() != mine.generation()) {
                return load(key, false, true);
            }
            try {
                return running.answer().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Answer answer = load(key, false, true);
            mine.answer().complete(answer);
            return answer;
        } catch (RuntimeException | Error e) { // whatever ends the load, its waiters must not wait forever
            mine.answer().completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** A load of one key that concurrent misses of it wait for; {@code generation} as it began. */
    private record Loading(long generation, CompletableFuture<Answer> answer) {
    }

    /** Works out (or fetches from the shared cache) and caches the answer; {@code read}: for a request. */
    private Answer load(CacheKey key, boolean bypass, boolean read) {
        Cache<CacheKey, Entry> cache = caches.get(key.queryClass());
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
            answer = compute(key, read ? intel : background);
            if (answer == null) {
                return null;
            }
        }
        if (read) {
            long now = System.nanoTime();
            cache.put(key, new Entry(answer, now, now));
        } else {
            putKeepingLastRead(cache, key, answer);
        }
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

    /**
     * The warmer's refresh: works the answer out and caches it unless the cache holds one that stays
     * servable for {@code horizon} or more (fresh answers need no work: ingests invalidate what they
     * change) or one that is being refreshed; true when it worked the answer out.
     */
    public boolean warm(CacheKey key, Duration horizon) {
        if (!enabled) {
            return false;
        }
        Entry cached = caches.get(key.queryClass()).policy().getIfPresentQuietly(key);
        if (cached != null) {
            long expiresIn = cached.loadedNanos + ttls.get(key.queryClass()).toNanos() - System.nanoTime();
            if (stale.containsKey(key) || expiresIn >= horizon.toNanos()) {
                return false;
            }
        }
        load(key, true, false);
        return true;
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

    /**
     * Works out an invalidated answer again. When ingests touch the key meanwhile, what was worked out
     * reflects everything up to the refresh's start: it replaces the old answer, servable until the
     * deadline of the first of those ingests, and the refresh runs again (so a hot key touched by
     * every other import keeps a recent answer instead of never landing one). A refresh whose
     * deadline passed before it ran drops the entry instead (the next reader queries the database).
     */
    private void refreshStale(CacheKey key, Stale st) {
        Cache<CacheKey, Entry> cache = caches.get(key.queryClass());
        if (stale.get(key) != st) {
            return; // given up on meanwhile (deadline passed, or a flush)
        }
        if (!st.servable(System.nanoTime())) {
            refreshesLate.increment();
            giveUp(cache, key, st);
            return;
        }
        long epochBefore = epoch.get();
        st.start();
        Answer answer;
        try {
            answer = refreshed(key);
        } catch (RuntimeException e) {
            st.close();
            giveUp(cache, key, st);
            return;
        }
        Long later = st.close();
        if (answer == null) {
            giveUp(cache, key, st);
            return;
        }
        putKeepingLastRead(cache, key, answer);
        if (epoch.get() != epochBefore) {
            cache.invalidate(key); // everything was flushed meanwhile
            stale.remove(key, st);
            return;
        }
        if (later == null) {
            stale.remove(key, st);
            if (shared != null) {
                shared.put(key, answer.body(), ttls.get(key.queryClass()));
            }
            return;
        }
        Stale next = new Stale(later);
        if (stale.replace(key, st, next)) {
            refreshesRepeated.increment();
            enqueue(new Refresh(key, next, requestCount(key), this));
        } else {
            cache.invalidate(key); // given up on meanwhile: what was put misses a later ingest
        }
    }

    private void giveUp(Cache<CacheKey, Entry> cache, CacheKey key, Stale st) {
        if (stale.remove(key, st)) {
            cache.invalidate(key);
        }
    }

    /** Queues {@code r} after {@link #REFRESH_COALESCE}: the ingests that touch its key meanwhile join it. */
    private void enqueue(Refresh r) {
        coalescer.schedule(() -> refresher.execute(r), REFRESH_COALESCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long requestCount(CacheKey key) {
        LongAdder n = requests.getIfPresent(key);
        return n == null ? 0 : n.sum();
    }

    /**
     * Marks {@code key} stale and queues its refresh; false when the queue is full. A key whose
     * refresh is already queued is not queued twice: that refresh runs after this invalidation; one
     * already running notes it and runs again.
     */
    private boolean scheduleRefresh(CacheKey key, long deadline) {
        while (true) {
            Stale existing = stale.get(key);
            if (existing == null) {
                Stale st = new Stale(deadline);
                if (stale.putIfAbsent(key, st) != null) {
                    continue;
                }
                if (refresher.getQueue().size() + coalescer.getQueue().size() >= REFRESH_QUEUE) {
                    refreshesOverflowed.increment();
                    stale.remove(key, st);
                    return false;
                }
                enqueue(new Refresh(key, st, requestCount(key), this));
                refreshesQueued.increment();
                return true;
            }
            if (existing.noteLater(deadline)) {
                return true;
            }
            Thread.onSpinWait(); // its refresh is just replacing or removing the mark
        }
    }

    /** Works an invalidated answer out again; a summary of a kind {@link LiveSummary} supports reads only its recent days. */
    private Answer refreshed(CacheKey key) {
        if (key instanceof CacheKey.Summary s && LiveSummary.supports(s.entity().kind())) {
            IntelQueries.LiveAnswer a = background.liveSummary(live.getIfPresent(key), s.entity().kind(),
                    s.entity().id(), new DateRange(s.since(), s.until()), s.includeNpc(), s.limit(),
                    LocalDate.now(ZoneOffset.UTC), liveMaxAge);
            live.put(key, a.state());
            return Answer.of(background.json().write(a.summary()));
        }
        return compute(key, background);
    }

    private static Answer compute(CacheKey key, IntelQueries queries) {
        Object value = key.compute(queries);
        return value == null ? null : Answer.of(queries.json().write(value));
    }

    /** Drops the answers an ingest touching {@code touched}, announced just now, may have made stale. */
    public void evict(Set<Entity> touched) {
        evict(touched, Duration.ZERO);
    }

    /**
     * Drops (or refreshes in the background, see the class comment) the answers an ingest touching
     * {@code touched} may have made stale, here and in the shared cache; the ingest announced itself
     * {@code sinceAnnounced} ago.
     */
    public void evict(Set<Entity> touched, Duration sinceAnnounced) {
        for (Entity e : touched) {
            entityGenerations.incrementAndGet(stripe(e));
        }
        topGeneration.incrementAndGet();
        long now = System.nanoTime();
        long deadline = now + STALE_BUDGET.toNanos() - Math.max(0, sinceAnnounced.toNanos());
        // keys already being refreshed: their refresh must learn of this ingest, whatever the cache holds now
        for (CacheKey k : stale.keySet()) {
            if (k.staleAfter(touched)) {
                scheduleRefresh(k, deadline);
            }
        }
        for (Cache<CacheKey, Entry> cache : caches.values()) {
            for (Map.Entry<CacheKey, Entry> e : cache.asMap().entrySet()) {
                CacheKey k = e.getKey();
                if (!k.staleAfter(touched) || stale.containsKey(k)) {
                    continue;
                }
                if (!(e.getValue().readWithin(now, REFRESH_IF_READ_WITHIN) && scheduleRefresh(k, deadline))) {
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
        live.invalidateAll();
        if (alsoShared && shared != null) {
            shared.evictAll();
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

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            coalescer.shutdownNow();
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
