package dev.evedmv.cache;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.health.Health;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import redis.embedded.RedisServer;

/**
 * The shared cache on a real Redis: one process's answer serves another without a query, an
 * invalidation evicts it from Redis, and with Redis stopped answers keep coming from the database.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisCacheTest {
    static final long ALICE = 95_000_001L, BOB = 95_000_002L;

    private TestDatabase db;
    private RedisServer redis;
    private RedisCache sharedA;
    private RedisCache sharedB;
    private QueryCache processA;
    private QueryCache processB;

    @BeforeAll
    void start(TestDatabase db) throws IOException {
        this.db = db;
        Instant hourAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                killmail(3001, hourAgo.toString()).victim(victim(BOB, 98_000_020L, null, 587))
                        .attacker(attacker(ALICE, 98_000_010L, null, 587, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        int port = freePort();
        redis = startRedis(port);
        String url = "redis://127.0.0.1:" + port;
        IntelQueries intel = new IntelQueries(db.database());
        sharedA = RedisCache.connect(url, Duration.ofMillis(50), Clock.systemUTC(), Metrics.newRegistry());
        sharedB = RedisCache.connect(url, Duration.ofMillis(50), Clock.systemUTC(), Metrics.newRegistry());
        processA = QueryCache.create(intel, db.config().cache(), sharedA, Metrics.newRegistry());
        processB = QueryCache.create(intel, db.config().cache(), sharedB, Metrics.newRegistry());
    }

    /** The bundled binary; failing that Debian's {@code /usr/bin/redis-server}; never a silent skip. */
    static RedisServer startRedis(int port) throws IOException {
        try {
            RedisServer server = new RedisServer(port);
            server.start();
            return server;
        } catch (IOException | RuntimeException bundled) {
            File debian = new File("/usr/bin/redis-server");
            if (!debian.canExecute()) {
                throw new IllegalStateException("Redis cannot run here: the embedded-redis binary failed ("
                        + bundled.getMessage() + ") and /usr/bin/redis-server is missing (apt-get install -y redis-server)",
                        bundled);
            }
            RedisServer server = new RedisServer(port, debian);
            server.start();
            return server;
        }
    }

    @AfterAll
    void stop() throws IOException {
        processA.close();
        processB.close();
        sharedA.close();
        sharedB.close();
        if (redis.isActive()) {
            redis.stop();
        }
    }

    private double summaryQueries() {
        MeterRegistry r = db.registry();
        var timer = r.find("evedmv.query").tag("query", "intel.entity_summary").timer();
        return timer == null ? 0 : timer.count();
    }

    private static CacheKey summaryOf(long character) {
        return CacheKey.summary(EntityKind.CHARACTER, character, DateRange.resolve("7d", null, null, Clock.systemUTC()),
                false, IntelQueries.SUMMARY_LIST_DEFAULT);
    }

    @Test
    @Order(1)
    void oneProcessAnswerServesAnotherAndInvalidationEvictsItFromRedis() {
        CacheKey key = summaryOf(ALICE);
        double before = summaryQueries();
        Answer first = processA.get(key, false);
        assertThat(summaryQueries()).isEqualTo(before + 1);
        Answer second = processB.get(key, false);
        assertThat(summaryQueries()).as("process B answered from Redis").isEqualTo(before + 1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.etag()).isEqualTo(first.etag());

        processA.get(summaryOf(BOB), false);
        // what every listener does with an invalidation: one UNLINK per touched entity's hash
        sharedA.evict(Set.of(new Entity(EntityKind.CHARACTER, ALICE)));
        assertThat(sharedB.get(key)).as("gone from Redis").isNull();
        assertThat(sharedB.get(summaryOf(BOB))).as("other entities untouched").isNotNull();
        assertThat(sharedA.health().status()).isEqualTo(Health.Status.OK);
    }

    @Test
    @Order(2)
    void redisStoppedMidTestAnswersKeepComing() throws IOException {
        CacheKey warm = summaryOf(BOB);
        processA.get(warm, false);
        redis.stop();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            CacheKey key = CacheKey.summary(EntityKind.CHARACTER, BOB, DateRange.resolve("30d", null, null,
                    Clock.systemUTC()), false, 1 + i);
            Answer a = processB.get(key, false);
            assertThat(a).isNotNull();
            assertThat(new String(a.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"kills\"");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        }
        assertThat(processA.get(warm, false)).as("local cache still serves").isNotNull();
        Health.Check check = sharedB.health();
        assertThat(check.status()).isEqualTo(Health.Status.WARN);
        assertThat(check.detail()).contains("Redis unavailable");
        dev.evedmv.health.Health health = new dev.evedmv.ops.HealthChecks(db.database(),
                new dev.evedmv.health.Readiness(db.database(), List.of()), Clock.systemUTC(),
                dev.evedmv.ops.HealthChecks.Thresholds.DEFAULT).with(sharedB::health).run();
        assertThat(health.checks()).filteredOn(c -> c.name().equals("shared_cache"))
                .extracting(Health.Check::status).containsExactly(Health.Status.WARN);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
