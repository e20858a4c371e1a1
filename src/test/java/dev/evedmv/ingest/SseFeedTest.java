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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpServer;

import dev.evedmv.Json;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

/** The wanderer-kills SSE client against a local fake stream: events, heartbeats, batches, reconnect with Last-Event-ID. */
@ExtendWith(PostgresExtension.class)
class SseFeedTest {

    @Test
    void storesEventsAndReconnectsFromTheLastEventId(TestDatabase db) throws Exception {
        List<String> kills;
        try (var files = Files.list(SharedData.file("killmails/eve-kill-shrike/corpus"))) {
            kills = files.sorted().skip(10).limit(4).map(SseFeedTest::compact).toList();
        }
        List<String> lastEventIds = new CopyOnWriteArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/kills/stream", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                if (connections.incrementAndGet() == 1) {
                    write(out, "event: connected\ndata: {\"status\":\"ok\"}\n\n");
                    write(out, "event: killmail\nid: 1\ndata: " + kills.get(0) + "\n\n");
                    write(out, ": a comment\nevent: heartbeat\nid: 2\ndata: {}\n\n");
                    write(out, "event: batch\nid: 3\ndata: {\"kills\":[" + kills.get(1) + "," + kills.get(2)
                            + "],\"count\":2}\n\n");
                    // the connection drops here
                } else {
                    write(out, "event: killmail\nid: 4\ndata: " + kills.get(3) + "\n\n");
                    write(out, "event: killmail\nid: 5\ndata: {\"killmail_id\": \"not a number\"}\n\n");
                    release.await(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/kills/stream";
        try {
            IngestSetup setup = IngestSetup.open(db.database(), Clock.systemUTC());
            FeedRunner runner = new FeedRunner(setup, new FeedRunner.Sse(url), db.config(), Duration.ofMillis(100));
            Thread t = new Thread(runner, "test-sse");
            t.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"5".equals(FeedBatcher.storedCursor(db.database(), SseFeed.feedName(url)))) {
                assertThat(System.nanoTime()).as("events 1-5 committed").isLessThan(deadline);
                Thread.sleep(50);
            }
            runner.stop();
            release.countDown();
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        } finally {
            release.countDown();
            server.stop(0);
        }
        long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmails WHERE source = :s")
                .bind("s", SseFeed.feedName(url)).mapTo(Long.class).one());
        assertThat(stored).isEqualTo(4);
        assertThat(lastEventIds.get(0)).isEqualTo("null");
        assertThat(lastEventIds.get(1)).as("reconnected after the last committed event").isEqualTo("3");
        String reason = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT reason FROM rejected_input WHERE source = 'sse:killmail:5'").mapTo(String.class).one());
        assertThat(reason).contains("killmail_id");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String compact(Path json) {
        try {
            return Json.mapper().readTree(json.toFile()).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
