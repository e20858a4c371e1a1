package dev.evedmv.cache;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.db.Database;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The query cache over HTTP: hits counted by the Caffeine binder, ETag and 304, no-cache bypass,
 * and invalidation by an import in another process (a child JVM) within 1 s of its commit.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCacheTest {
    static final long ALICE = 95_000_001L, BOB = 95_000_002L, CAROL = 95_000_003L;
    static final long CORP_X = 98_000_010L, CORP_Y = 98_000_020L;
    static final int RIFTER = 587, JITA = 30000142, THE_FORGE = 10000002;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private TestDatabase db;
    private QueryCache cache;
    private InvalidationListener listener;
    private HttpServer server;

    @BeforeAll
    void start(TestDatabase db) throws Exception {
        this.db = db;
        StaticDataBootstrap.ensureLoaded(db.database());
        Instant hourAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                killmail(2001, hourAgo.toString()).system(JITA, THE_FORGE).victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(attacker(ALICE, CORP_X, null, RIFTER, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        EveDmvConfig.CacheSettings settings = db.config().cache();
        cache = QueryCache.create(new IntelQueries(db.database()), settings, null, db.registry());
        listener = InvalidationListener.start(db.database().target(), cache, Clock.systemUTC(), db.registry());
        assertThat(listener.awaitListening(Duration.ofSeconds(10))).isTrue();
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new IntelRoutes(cache, Clock.systemUTC()));
    }

    @AfterAll
    void stop() {
        server.close();
        listener.close();
        cache.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of metric {@code name} on the line carrying all {@code labels} (e.g. {@code result="hit"}). */
    private double metric(String name, String... labels) throws Exception {
        for (String l : get("/metrics").body().lines().toList()) {
            if ((l.startsWith(name + "{") || l.startsWith(name + " ")) && List.of(labels).stream().allMatch(l::contains)) {
                return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private long kills(long character) throws Exception {
        HttpResponse<String> r = get("/api/v1/characters/" + character + "?window=7d");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return mapper.readTree(r.body()).get("kills").asLong();
    }

    @Test
    void secondRequestIsServedFromTheCacheWithEtagAndRevalidation() throws Exception {
        String[] hit = {"cache_gets_total", "cache=\"intel_summary\"", "result=\"hit\""};
        String path = "/api/v1/characters/" + CAROL + "?window=30d";
        HttpResponse<String> first = get(path);
        double hitsBefore = metric(hit[0], hit[1], hit[2]);
        HttpResponse<String> second = get(path);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(metric(hit[0], hit[1], hit[2])).as("the second request hit").isEqualTo(hitsBefore + 1);

        String etag = second.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"").isEqualTo(first.headers().firstValue("ETag").orElseThrow());
        assertThat(second.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");
        HttpResponse<String> notModified = get(path, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);

        double hitsNow = metric(hit[0], hit[1], hit[2]);
        HttpResponse<String> bypass = get(path, "Cache-Control", "no-cache");
        assertThat(bypass.statusCode()).isEqualTo(200);
        assertThat(metric(hit[0], hit[1], hit[2])).as("no-cache does not read the cache").isEqualTo(hitsNow);
        assertThat(get("/metrics").body()).contains("cache_size{", "cache_evictions_total{", "cache=\"intel_summary\"");
    }

    @Test
    void aCachedAnswerIsServedWhileDatabaseWorkFillsTheInFlightLimit() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        IntelRoutes intel = new IntelRoutes(cache, Clock.systemUTC());
        try (HttpServer limited = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                .registry(db.registry()).loadShedding(1, Duration.ofMillis(50))
                .answeredWithoutDatabase(intel::answeredFromCache)
                .routes(app -> app.get("/api/v1/ops/slow", ctx -> release.await(5, java.util.concurrent.TimeUnit.SECONDS)), intel)
                .start()) {
            String base = "http://localhost:" + limited.port();
            String cached = base + "/api/v1/characters/" + ALICE + "?window=90d";
            assertThat(client.send(HttpRequest.newBuilder(URI.create(cached)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            String[] hit = {"cache_gets_total", "cache=\"intel_summary\"", "result=\"hit\""};
            double hitsBefore = metric(hit[0], hit[1], hit[2]);
            var slow = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/ops/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            HttpResponse<String> hitWhileFull = client.send(HttpRequest.newBuilder(URI.create(cached)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hitWhileFull.statusCode()).as("an answer the cache holds skips the full in-flight limit").isEqualTo(200);
            assertThat(metric(hit[0], hit[1], hit[2])).as("counted as one hit").isEqualTo(hitsBefore + 1);
            HttpResponse<String> miss = client.send(HttpRequest.newBuilder(URI.create(cached)).header("Cache-Control", "no-cache")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(miss.statusCode()).as("database work waits for the limit").isEqualTo(503);
            release.countDown();
            assertThat(slow.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknownKillmailIsNotCached() throws Exception {
        assertThat(get("/api/v1/killmails/424242").statusCode()).isEqualTo(404);
        assertThat(cache.contains(CacheKey.killmail(424242))).isFalse();
        assertThat(get("/api/v1/killmails/2001").statusCode()).isEqualTo(200);
        assertThat(cache.contains(CacheKey.killmail(2001))).isTrue();
    }

    @Test
    void importInAnotherProcessIsVisibleWithinOneSecondOfItsCommit(@TempDir Path dir) throws Exception {
        long before = kills(ALICE);
        assertThat(kills(ALICE)).as("cached").isEqualTo(before);
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.MINUTES).toString();
        Path file = dir.resolve("new.json");
        Files.writeString(file, """
                {"killmail_id": 2002, "killmail_time": "%s", "solar_system_id": %d,
                 "victim": {"character_id": %d, "corporation_id": %d, "ship_type_id": %d, "damage_taken": 500,
                            "position": {"x": 0, "y": 0, "z": 0}, "items": []},
                 "attackers": [{"character_id": %d, "corporation_id": %d, "ship_type_id": %d, "weapon_type_id": 2488,
                                "damage_done": 500, "final_blow": true, "security_status": -1.0}]}
                """.formatted(time, JITA, CAROL, CORP_Y, RIFTER, ALICE, CORP_X, RIFTER));
        double received = metric("evedmv_cache_invalidations_received_total");

        Process importer = launch(dir.resolve("import.log"), "import", "--no-progress", file.toString());
        long committedAt = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (committedAt == 0 && System.nanoTime() < deadline) {
            if (db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmail_directory WHERE killmail_id = 2002")
                    .mapTo(Long.class).one()) == 1) {
                committedAt = System.nanoTime();
            } else {
                Thread.sleep(5);
            }
        }
        assertThat(committedAt).as(() -> readLog(dir.resolve("import.log"))).isNotZero();
        long seenAt = 0;
        while (seenAt == 0 && System.nanoTime() - committedAt < TimeUnit.SECONDS.toNanos(3)) {
            if (kills(ALICE) == before + 1) {
                seenAt = System.nanoTime();
            } else {
                Thread.sleep(5);
            }
        }
        assertThat(seenAt).as("the serving process answered with the new killmail").isNotZero();
        assertThat(Duration.ofNanos(seenAt - committedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(importer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(importer.exitValue()).as(() -> readLog(dir.resolve("import.log"))).isZero();
        assertThat(metric("evedmv_cache_invalidations_received_total")).isGreaterThan(received);
        assertThat(metric("evedmv_cache_invalidation_delay_seconds_count")).isGreaterThan(0);
        assertThat(kills(CAROL)).as("the victim's side is fresh too").isGreaterThanOrEqualTo(0);
    }

    @Test
    void invalidatedAnswerThatWasAskedForIsRefreshedInTheBackground() throws Exception {
        String[] miss = {"cache_gets_total", "cache=\"intel_summary\"", "result=\"miss\""};
        String path = "/api/v1/characters/" + ALICE + "?window=30d";
        JsonNode before = mapper.readTree(get(path).body());
        double missesBefore = metric(miss[0], miss[1], miss[2]);
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(20, ChronoUnit.MINUTES);
        new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                killmail(2003, time.toString()).system(JITA, THE_FORGE).victim(victim(CAROL, CORP_Y, null, RIFTER))
                        .attacker(attacker(ALICE, CORP_X, null, RIFTER, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        long committed = System.nanoTime();
        long kills = before.get("kills").asLong();
        while (kills == before.get("kills").asLong() && System.nanoTime() - committed < TimeUnit.SECONDS.toNanos(2)) {
            kills = mapper.readTree(get(path).body()).get("kills").asLong();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(Duration.ofSeconds(1));
        assertThat(kills).isEqualTo(before.get("kills").asLong() + 1);
        assertThat(metric(miss[0], miss[1], miss[2])).as("every read hit: the refresh replaced the entry")
                .isEqualTo(missesBefore);
    }

    @Test
    void answerReadInTheLastMinuteIsRefreshedByEveryIngestNotOnlyTheFirst() throws Exception {
        String path = "/api/v1/characters/" + ALICE + "?window=30d";
        long before = mapper.readTree(get(path).body()).get("kills").asLong();
        CacheKey key = CacheKey.summary(EntityKind.CHARACTER, ALICE, DateRange.resolve("30d", null, null, Clock.systemUTC()),
                false, IntelQueries.SUMMARY_LIST_DEFAULT);
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.MINUTES);
        for (int i = 1; i <= 2; i++) {
            // no request in between: the second ingest finds an entry nobody read since its refresh
            new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                    killmail(2100 + i, time.plusSeconds(i).toString()).system(JITA, THE_FORGE)
                            .victim(victim(CAROL, CORP_Y, null, RIFTER))
                            .attacker(attacker(ALICE, CORP_X, null, RIFTER, true)).build()),
                    "test", KillmailWriter.InTransaction.NOTHING);
            assertThat(cachedKills(cache, key, before + i, Duration.ofSeconds(2)))
                    .as("after ingest %d the cache holds the refreshed answer", i).isEqualTo(before + i);
        }
    }

    /** The kills of the cached answer to {@code key} (read quietly) once they equal {@code expected}, or what it holds at the deadline (-1: nothing). */
    private long cachedKills(QueryCache in, CacheKey key, long expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long kills;
        do {
            Answer a = in.cached(key);
            kills = a == null ? -1 : mapper.readTree(a.body()).get("kills").asLong();
            if (kills == expected) {
                return kills;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return kills;
    }

    @Test
    void backgroundRefreshQueriesThroughItsOwnPoolWhileRequestsHoldTheirs() throws Exception {
        CacheKey key = CacheKey.summary(EntityKind.CHARACTER, ALICE, DateRange.resolve("30d", null, null, Clock.systemUTC()),
                false, IntelQueries.SUMMARY_LIST_DEFAULT);
        try (Database requests = db.database().openSiblingPool("test-requests", 1);
             Database background = db.database().openSiblingPool("test-background", 1);
             QueryCache own = QueryCache.create(new IntelQueries(requests), new IntelQueries(background),
                     db.config().cache(), null, null)) {
            long before = mapper.readTree(own.get(key, false).body()).get("kills").asLong();
            try (Connection held = requests.connection()) { // as a request's long query would
                Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(40, ChronoUnit.MINUTES);
                new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                        killmail(2201, time.toString()).system(JITA, THE_FORGE).victim(victim(CAROL, CORP_Y, null, RIFTER))
                                .attacker(attacker(ALICE, CORP_X, null, RIFTER, true)).build()),
                        "test", KillmailWriter.InTransaction.NOTHING);
                own.evict(Set.of(new Entity(EntityKind.CHARACTER, ALICE)));
                assertThat(cachedKills(own, key, before + 1, Duration.ofSeconds(2)))
                        .as("the refresh did not wait for the requests' only connection").isEqualTo(before + 1);
            }
        }
    }

    @Test
    void concurrentMissesOfOneKeyRunItsQueryOnce() throws Exception {
        // a corporation no test writes to: no invalidation can reach it meanwhile
        CacheKey key = CacheKey.summary(EntityKind.CORPORATION, 98_000_999L, DateRange.resolve("365d", null, null,
                Clock.systemUTC()), false, IntelQueries.SUMMARY_LIST_DEFAULT);
        double before = summaryQueries();
        int readers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(readers);
        try (org.jdbi.v3.core.Handle locker = db.jdbi().open()) {
            // the summary query waits on this lock, so every reader misses while the first load runs
            locker.begin();
            locker.execute("LOCK TABLE entity_daily IN ACCESS EXCLUSIVE MODE");
            List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                answers.add(pool.submit(() -> cache.get(key, false)));
            }
            Thread.sleep(500);
            locker.commit();
            for (java.util.concurrent.Future<Answer> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(summaryQueries() - before).as("entity_summary runs for %d concurrent misses", readers).isEqualTo(1);
    }

    private double summaryQueries() {
        var timer = db.registry().find("evedmv.query").tag("query", "intel.entity_summary").timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void warmerRefreshesTopListsAndTheMostActiveEntities() {
        DateRange defaultRange = DateRange.resolve(null, null, null, Clock.systemUTC());
        CacheKey topCharacters = CacheKey.top(EntityKind.CHARACTER, defaultRange, IntelQueries.TopOrder.KILLS, false,
                IntelQueries.TOP_DEFAULT);
        CacheKey alice = CacheKey.summary(EntityKind.CHARACTER, ALICE, defaultRange, false,
                IntelQueries.SUMMARY_LIST_DEFAULT);
        cache.evictAll(false);
        try (CacheWarmer warmer = CacheWarmer.start(cache, db.database(), Clock.systemUTC(), Duration.ofSeconds(30), 10, 50)) {
            assertThat(cache.contains(alice)).isFalse();
            assertThat(warmer.warm().warmed()).isGreaterThanOrEqualTo(EntityKind.values().length + 1);
            List<CacheKey> cached = warmer.keys().stream().filter(cache::contains).toList();
            assertThat(cached).contains(topCharacters, alice);
            assertThat(cached).as("a fresh cached answer is not worked out again")
                    .allSatisfy(k -> assertThat(cache.warm(k, Duration.ofSeconds(45))).isFalse());
        }
        assertThat(cache.contains(topCharacters)).isTrue();
        assertThat(cache.contains(alice)).as("Alice was active in the last day").isTrue();
    }

    @Test
    void listenerReconnectsAndFlushesAfterLosingItsConnection() throws Exception {
        kills(BOB);
        assertThat(cache.estimatedSize(CacheKey.QueryClass.SUMMARY)).isPositive();
        double flushes = metric("evedmv_cache_flushes_total");
        db.jdbi().useHandle(h -> h.createQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE application_name = 'eve-dmv cache-invalidations' AND datname = current_database()")
                .mapTo(Boolean.class).list());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metric("evedmv_cache_flushes_total") == flushes && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metric("evedmv_cache_flushes_total")).as("flushed on reconnect").isGreaterThan(flushes);
        assertThat(listener.awaitListening(Duration.ofSeconds(10))).isTrue();
        assertThat(cache.contains(CacheKey.summary(EntityKind.CHARACTER, BOB,
                DateRange.resolve("7d", null, null, Clock.systemUTC()), false,
                IntelQueries.SUMMARY_LIST_DEFAULT))).isFalse();
    }

    private Process launch(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.evedmv.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EVEDMV_"));
        pb.environment().putAll(db.env());
        return pb.start();
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
