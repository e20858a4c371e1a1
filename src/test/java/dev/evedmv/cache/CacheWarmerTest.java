package dev.evedmv.cache;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** The warmer's keys come from answered requests only, and a key that fails does not end its run. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheWarmerTest {
    static final long ALICE = 95_000_001L, BOB = 95_000_002L, CORP_X = 98_000_010L, CORP_Y = 98_000_020L;
    static final int RIFTER = 587, JITA = 30000142, THE_FORGE = 10000002;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    static final DateRange DEFAULT_RANGE = DateRange.resolve(null, null, null, CLOCK);

    private final HttpClient client = HttpClient.newHttpClient();
    private TestDatabase db;
    private QueryCache cache;
    private HttpServer server;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        new KillmailWriter(db.database(), CLOCK).write(List.of(killmail(3001, "2026-11-27T09:00:00Z")
                .system(JITA, THE_FORGE).victim(victim(BOB, CORP_Y, null, RIFTER))
                .attacker(attacker(ALICE, CORP_X, null, RIFTER, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO names (id, category, name) VALUES (95000001, 'character', 'Alice Alpha')"));
        cache = QueryCache.create(new IntelQueries(db.database()), db.config().cache(), null, db.registry());
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new IntelRoutes(cache, CLOCK));
    }

    @AfterAll
    void stop() {
        server.close();
        cache.close();
    }

    @BeforeEach
    void emptyCache() {
        cache.evictAll(false);
    }

    private int status(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private CacheKey alice() {
        return CacheKey.summary(EntityKind.CHARACTER, ALICE, DEFAULT_RANGE, false, IntelQueries.SUMMARY_LIST_DEFAULT);
    }

    @Test
    void aRequestAnsweredWith4xxNeverBecomesAWarmKey() throws Exception {
        assertThat(status("/api/v1/search?q=%20%20")).isEqualTo(400);
        assertThat(status("/api/v1/killmails/424242")).isEqualTo(404);
        assertThat(status("/api/v1/search?q=alice")).isEqualTo(200);
        assertThat(status("/api/v1/characters/" + ALICE)).isEqualTo(200);

        assertThat(cache.hottest(100)).contains(CacheKey.search("alice"), alice())
                .doesNotContain(CacheKey.search("  "), CacheKey.killmail(424242));
        try (CacheWarmer warmer = CacheWarmer.start(cache, db.database(), CLOCK, Duration.ofMinutes(10), 100, 50)) {
            assertThat(warmer.keys()).doesNotContain(CacheKey.search("  "), CacheKey.killmail(424242));
            cache.evictAll(false);
            CacheWarmer.Run run = warmer.warm();
            assertThat(run.failed()).isZero();
            assertThat(cache.contains(alice())).isTrue();
        }
    }

    @Test
    void aKeyThatFailsIsCountedAndTheRunGoesOn() {
        CacheKey invalidSearch = CacheKey.search("  ");
        CacheKey invalidLimit = CacheKey.summary(EntityKind.CHARACTER, BOB, DEFAULT_RANGE, false, 0);
        CacheKey top = CacheKey.top(EntityKind.CHARACTER, DEFAULT_RANGE, IntelQueries.TopOrder.KILLS, false,
                IntelQueries.TOP_DEFAULT);
        try (CacheWarmer warmer = CacheWarmer.start(cache, db.database(), CLOCK, Duration.ofMinutes(10), 100, 50)) {
            CacheWarmer.Run run = warmer.warm(List.of(invalidSearch, alice(), invalidLimit, top));
            assertThat(run).isEqualTo(new CacheWarmer.Run(2, 2));
        }
        assertThat(cache.contains(alice())).isTrue();
        assertThat(cache.contains(top)).as("the key after the second failure").isTrue();
        assertThat(cache.contains(invalidSearch) || cache.contains(invalidLimit)).isFalse();
    }
}
