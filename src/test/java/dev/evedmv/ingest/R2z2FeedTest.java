package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpServer;

import dev.evedmv.Json;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

/** The R2Z2 client against a local fake: 404 walk, 429 backoff, pacing, User-Agent, resume from the stored cursor. */
@ExtendWith(PostgresExtension.class)
class R2z2FeedTest {
    private static final R2z2Feed.Timing FAST = new R2z2Feed.Timing(Duration.ofMillis(50), Duration.ofMillis(200),
            Duration.ofMillis(400));

    /** A fake R2Z2: records by sequence, 429 once for chosen sequences, every request logged. */
    static final class FakeR2z2 implements AutoCloseable {
        final Map<Long, byte[]> records = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> tooManyOnce = new ConcurrentHashMap<>();
        /** Published only once its first request has been answered 404: it appears between two requests. */
        final Map<Long, byte[]> publishAfterFirst404 = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Long> requestNanos = new CopyOnWriteArrayList<>();
        final List<String> userAgents = new CopyOnWriteArrayList<>();
        volatile long sequence;
        final HttpServer server;

        FakeR2z2() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/ephemeral/", exchange -> {
                String name = exchange.getRequestURI().getPath().substring("/ephemeral/".length());
                requests.add(name);
                requestNanos.add(System.nanoTime());
                userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
                byte[] body;
                int status;
                if (name.equals("sequence.json")) {
                    status = 200;
                    body = ("{\"sequence\":" + sequence + "}").getBytes(StandardCharsets.UTF_8);
                } else {
                    long n = Long.parseLong(name.replace(".json", ""));
                    AtomicInteger limited = tooManyOnce.get(n);
                    if (limited != null && limited.getAndIncrement() == 0) {
                        status = 429;
                        body = new byte[0];
                    } else if (records.containsKey(n)) {
                        status = 200;
                        body = records.get(n);
                    } else {
                        status = 404;
                        body = new byte[0];
                        byte[] late = publishAfterFirst404.remove(n);
                        if (late != null) {
                            records.put(n, late);
                        }
                    }
                }
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** Wraps a real ESI killmail from the corpus as an R2Z2 record with sequence n. */
        void publish(long n, Path esiFile) throws IOException {
            String esi = Json.mapper().readTree(Files.readAllBytes(esiFile)).toString();
            String record = "{\"killmail_id\":" + Json.mapper().readTree(esi).get("killmail_id").asLong()
                    + ",\"hash\":\"abc\",\"esi\":" + esi + ",\"zkb\":{\"locationID\":40000001,\"hash\":\"abc\","
                    + "\"fittedValue\":10.5,\"droppedValue\":1,\"destroyedValue\":2,\"totalValue\":1234567.89,"
                    + "\"points\":1,\"npc\":false,\"solo\":false,\"awox\":false,\"labels\":[]},\"sequence_id\":" + n
                    + ",\"uploaded_at\":1700000000}";
            records.put(n, record.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private FakeR2z2 fake;
    private List<Path> corpus;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeR2z2();
        try (var files = Files.list(SharedData.file("killmails/eve-kill-shrike/corpus"))) {
            corpus = files.sorted().limit(8).toList();
        }
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Thread follow(TestDatabase db, FeedRunner[] holder) {
        IngestSetup setup = IngestSetup.open(db.database(), Clock.systemUTC());
        FeedRunner runner = new FeedRunner(setup, new FeedRunner.R2z2(fake.url(), FAST), db.config(), Duration.ofMillis(100));
        holder[0] = runner;
        Thread t = new Thread(runner, "test-r2z2");
        t.start();
        return t;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    private static void await(String what, java.util.function.BooleanSupplier condition,
                              java.util.function.Supplier<String> context) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " " + context.get());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void walksUpTo404BacksOffOn429AndResumesFromTheStoredCursor(TestDatabase db) throws Exception {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM feed_state"));
        long before = count(db, "SELECT count(*) FROM killmails WHERE source = 'r2z2'");
        fake.sequence = 100;
        for (int i = 0; i < 5; i++) {
            fake.publish(100 + i, corpus.get(i));
        }
        fake.tooManyOnce.put(102L, new AtomicInteger());
        FeedRunner[] runner = new FeedRunner[1];
        Thread t = follow(db, runner);
        await("5 killmails stored", () -> count(db, "SELECT count(*) FROM killmails WHERE source = 'r2z2'") == before + 5,
                () -> count(db, "SELECT count(*) FROM killmails WHERE source = 'r2z2'") + " stored, cursor "
                        + FeedBatcher.storedCursor(db.database(), "r2z2") + ", rejects " + rejects(db));
        await("cursor at 104", () -> "104".equals(FeedBatcher.storedCursor(db.database(), "r2z2")));
        await("a 404 at 105", () -> fake.requests.contains("105.json"));
        runner[0].stop();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();

        assertThat(fake.requests.stream().filter("102.json"::equals).count()).as("102 asked again after the 429").isEqualTo(2);
        assertThat(fake.userAgents).allMatch(ua -> ua != null && ua.startsWith("eve-dmv/"));
        // paced at 50 ms: any 5 consecutive arrivals span at least 4 intervals (less a little network jitter)
        assertThat(fake.requestNanos.size()).isGreaterThan(8);
        for (int i = 4; i < fake.requestNanos.size(); i++) {
            assertThat(fake.requestNanos.get(i) - fake.requestNanos.get(i - 4))
                    .as("at most 20 requests a second").isGreaterThanOrEqualTo(Duration.ofMillis(180).toNanos());
        }
        assertThat(count(db, "SELECT count(*) FROM killmails WHERE source = 'r2z2' AND value_source = 'zkb'"
                + " AND total_value = 1234567.89")).isEqualTo(before + 5);

        fake.requests.clear();
        fake.publish(105, corpus.get(5));
        fake.publish(106, corpus.get(6));
        fake.sequence = 106;
        t = follow(db, runner);
        await("7 killmails stored", () -> count(db, "SELECT count(*) FROM killmails WHERE source = 'r2z2'") == before + 7);
        runner[0].stop();
        t.join(10_000);
        assertThat(fake.requests.get(0)).as("resumed after the stored cursor, not from sequence.json").isEqualTo("105.json");
        assertThat(fake.requests).doesNotContain("100.json", "104.json").contains("106.json");
        assertThat(FeedBatcher.storedCursor(db.database(), "r2z2")).isEqualTo("106");
    }

    @Test
    void undecodableRecordsAreRejectedAndTheFeedGoesOn(TestDatabase db) throws Exception {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM feed_state"));
        fake.sequence = 500;
        fake.records.put(500L, "{\"killmail_id\": 1, \"esi\": {\"broken\": true}, \"sequence_id\": 500}".getBytes(StandardCharsets.UTF_8));
        fake.publish(501, corpus.get(7));
        FeedRunner[] runner = new FeedRunner[1];
        Thread t = follow(db, runner);
        await("cursor at 501", () -> "501".equals(FeedBatcher.storedCursor(db.database(), "r2z2")));
        runner[0].stop();
        t.join(10_000);
        assertThat(count(db, "SELECT count(*) FROM rejected_input WHERE source = 'r2z2:500'")).isEqualTo(1);
    }

    @Test
    void aRecordPublishedBetweenItsRequestAndSequenceJsonIsNotSkippedButAGapIs(TestDatabase db) throws Exception {
        db.jdbi().useHandle(h -> {
            h.execute("DELETE FROM feed_state");
            h.execute("INSERT INTO feed_state (feed, cursor) VALUES ('r2z2', '699')");
        });
        fake.publish(700, corpus.get(0));
        fake.publish(701, corpus.get(1));
        fake.publishAfterFirst404.put(701L, fake.records.remove(701L));
        fake.publish(703, corpus.get(2)); // 702 never comes
        fake.sequence = 703;
        FeedRunner[] runner = new FeedRunner[1];
        Thread t = follow(db, runner);
        await("cursor at 703", () -> "703".equals(FeedBatcher.storedCursor(db.database(), "r2z2")));
        runner[0].stop();
        t.join(10_000);
        assertThat(fake.requests.stream().filter("701.json"::equals).count()).as("701 asked again after its 404").isEqualTo(2);
        assertThat(fake.requests.stream().filter("702.json"::equals).count()).as("702 asked twice, then skipped").isEqualTo(2);
        for (Path esi : corpus.subList(0, 3)) {
            long id = Json.mapper().readTree(Files.readAllBytes(esi)).get("killmail_id").asLong();
            assertThat(count(db, "SELECT count(*) FROM killmail_directory WHERE killmail_id = " + id)).as("killmail " + id).isEqualTo(1);
        }
    }

    private static List<String> rejects(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT source || ': ' || reason FROM rejected_input")
                .mapTo(String.class).list());
    }

    private static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
