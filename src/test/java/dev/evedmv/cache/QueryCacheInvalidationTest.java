package dev.evedmv.cache;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import redis.embedded.RedisServer;

/**
 * The answer cache's invalidation and refresh, in every configuration (with and without Redis as
 * a second level, default and small sizes): an ingest touching one entity looks at that entity's
 * keys and the top lists only, whatever else the cache holds; an answer read recently is refreshed
 * and its old answer served while the refresh runs, until the deadline after the ingest's
 * announcement and not after, and the first deadline stands when another ingest touches it meanwhile.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCacheInvalidationTest {
    static final long ALICE = 95_100_001L, BOB = 95_100_002L, CORP_X = 98_100_010L, CORP_Y = 98_100_020L;
    static final long QUIET = 96_000_000L;
    static final int RIFTER = 587, JITA = 30000142, THE_FORGE = 10000002;
    static final int OTHERS = 40;

    private final ObjectMapper mapper = new ObjectMapper();
    private TestDatabase db;
    private RedisServer redis;
    private String redisUrl;
    private long nextKillmail = 5001;

    /** One way to run the cache. */
    record Config(String name, boolean redis, boolean small) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Config> configs() {
        return Stream.of(new Config("local, default sizes", false, false), new Config("with Redis", true, false),
                new Config("local, small sizes", false, true));
    }

    @BeforeAll
    void start(TestDatabase db) throws IOException {
        this.db = db;
        write();
        int port = RedisCacheTest.freePort();
        redis = RedisCacheTest.startRedis(port);
        redisUrl = "redis://127.0.0.1:" + port;
    }

    @AfterAll
    void stop() throws IOException {
        if (redis.isActive()) {
            redis.stop();
        }
    }

    /** A new killmail: Bob (Y) killed by Alice (X), half an hour ago. */
    private void write() {
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.MINUTES);
        new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                killmail(nextKillmail++, time.toString()).system(JITA, THE_FORGE).victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(attacker(ALICE, CORP_X, null, RIFTER, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
    }

    /** A cache in {@code config}, empty (Redis too), with its own Redis connection when it has one. */
    private Opened open(Config config) {
        EveDmvConfig.CacheSettings settings = config.small()
                ? new EveDmvConfig.CacheSettings(10, Duration.ofMinutes(5), 10, Duration.ofMinutes(5), 2,
                        Duration.ofMinutes(1), 10, Duration.ofHours(1), 10, Duration.ofMinutes(10), Duration.ofSeconds(30),
                        Duration.ofMillis(50))
                : db.config().cache();
        RedisCache shared = config.redis()
                ? RedisCache.connect(redisUrl, Duration.ofMillis(200), Clock.systemUTC(), Metrics.newRegistry()) : null;
        IntelQueries intel = new IntelQueries(db.database());
        QueryCache cache = QueryCache.create(intel, settings, shared, Metrics.newRegistry());
        cache.evictAll(true);
        return new Opened(cache, shared);
    }

    private record Opened(QueryCache cache, RedisCache shared) implements AutoCloseable {
        @Override
        public void close() {
            cache.close();
            if (shared != null) {
                shared.close();
            }
        }
    }

    private static DateRange week() {
        return DateRange.resolve("7d", null, null, Clock.systemUTC());
    }

    private static CacheKey summary(EntityKind kind, long id) {
        return CacheKey.summary(kind, id, week(), false, IntelQueries.SUMMARY_LIST_DEFAULT);
    }

    private static CacheKey activity(long character) {
        return CacheKey.activity(EntityKind.CHARACTER, character, IntelQueries.Side.KILLS, null, false, 10);
    }

    private static CacheKey top(EntityKind kind) {
        return CacheKey.top(kind, week(), IntelQueries.TopOrder.KILLS, false, IntelQueries.TOP_DEFAULT);
    }

    private long kills(Answer a) throws IOException {
        return mapper.readTree(a.body()).get("kills").asLong();
    }

    private long losses(Answer a) throws IOException {
        return mapper.readTree(a.body()).get("losses").asLong();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void anIngestLooksAtTheKeysOfTheEntitiesItTouchedAndTheTopListsOnly(Config config) {
        try (Opened o = open(config)) {
            QueryCache cache = o.cache();
            List<CacheKey> others = new ArrayList<>();
            for (int i = 0; i < OTHERS; i++) {
                others.add(summary(EntityKind.CHARACTER, QUIET + i));
                others.add(activity(QUIET + i));
            }
            List<CacheKey> untouched = List.of(CacheKey.killmail(5001), CacheKey.search("alice"));
            List<CacheKey> alice = List.of(summary(EntityKind.CHARACTER, ALICE), activity(ALICE));
            List<CacheKey> tops = List.of(top(EntityKind.CHARACTER), top(EntityKind.CORPORATION));
            for (List<CacheKey> keys : List.of(others, untouched, alice, tops)) {
                keys.forEach(k -> assertThat(cache.get(k, false)).as(k.text()).isNotNull());
            }
            cache.cleanUp();
            InvalidationIndex index = cache.index();
            Entity aliceEntity = new Entity(EntityKind.CHARACTER, ALICE);
            int aliceKeys = index.keysOf(aliceEntity);
            long cachedIngestKeys = Stream.of(CacheKey.QueryClass.SUMMARY, CacheKey.QueryClass.ACTIVITY,
                    CacheKey.QueryClass.TOP).mapToLong(cache::estimatedSize).sum();
            if (config.small()) {
                assertThat(index.groups()).as("the index forgets what the cache evicted")
                        .isLessThanOrEqualTo((int) cachedIngestKeys).isLessThan(OTHERS);
            } else {
                assertThat(index.groups()).as("each quiet character, Alice and the top lists").isEqualTo(OTHERS + 2);
                assertThat(aliceKeys).isEqualTo(2);
                others.forEach(k -> assertThat(cache.contains(k)).isTrue());
            }

            int looked = cache.evict(Set.of(aliceEntity), Duration.ZERO);

            assertThat(looked).as("Alice's summary and activity page (as cached), and the two top lists")
                    .isEqualTo(aliceKeys + 2);
            for (CacheKey k : others) {
                assertThat(cache.behind(k)).as(k.text()).isFalse();
            }
            untouched.forEach(k -> assertThat(cache.contains(k)).as(k.text()).isTrue());
            for (CacheKey k : alice) {
                assertThat(cache.contains(k) || config.small()).as("%s is refreshed, not dropped: it was read", k.text())
                        .isTrue();
            }
            assertThat(cache.evict(Set.of(new Entity(EntityKind.CHARACTER, QUIET + 999_999)), Duration.ZERO))
                    .as("an entity without cached answers: the top lists alone").isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aRefreshServesTheOldAnswerWhileItRunsUntilTheDeadlineThenTheNewOne(Config config) throws Exception {
        try (Opened o = open(config)) {
            QueryCache cache = o.cache();
            CacheKey key = summary(EntityKind.CORPORATION, CORP_X);
            Answer old = cache.get(key, false);
            write();
            try (Handle locker = db.jdbi().open()) {
                // the refresh's summary query waits on this lock
                locker.begin();
                locker.execute("LOCK TABLE entity_daily IN ACCESS EXCLUSIVE MODE");
                long start = System.nanoTime();
                cache.evict(Set.of(new Entity(EntityKind.CORPORATION, CORP_X)), Duration.ZERO);
                assertThat(cache.behind(key)).isTrue();
                assertThat(cache.get(key, false)).as("served while the refresh waits").isSameAs(old);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the refresh")
                        .isLessThan(QueryCache.STALE_BUDGET);
                locker.commit();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Answer now = cache.cached(key);
            while ((now == null || now == old) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                now = cache.cached(key);
            }
            assertThat(now).as("the refresh landed").isNotNull().isNotSameAs(old);
            assertThat(kills(now)).isEqualTo(kills(old) + 1);
            assertThat(cache.behind(key)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void anAnswerWhoseRefreshDoesNotLandByTheFirstDeadlineIsNoLongerServed(Config config) throws Exception {
        try (Opened o = open(config)) {
            QueryCache cache = o.cache();
            CacheKey key = summary(EntityKind.CORPORATION, CORP_Y);
            Answer old = cache.get(key, false);
            write();
            try (Handle locker = db.jdbi().open()) {
                locker.begin();
                locker.execute("LOCK TABLE entity_daily IN ACCESS EXCLUSIVE MODE");
                Entity corp = new Entity(EntityKind.CORPORATION, CORP_Y);
                // announced 600 ms ago: servable for 200 ms more; a second ingest now would allow 800 ms
                cache.evict(Set.of(corp), QueryCache.STALE_BUDGET.minusMillis(200));
                cache.evict(Set.of(corp), Duration.ZERO);
                Thread.sleep(400);
                assertThat(cache.cached(key)).as("past the first ingest's deadline").isNull();
                locker.commit();
            }
            Answer fresh = cache.get(key, false);
            assertThat(losses(fresh)).as("the next reader works it out").isEqualTo(losses(old) + 1);
        }
    }
}
