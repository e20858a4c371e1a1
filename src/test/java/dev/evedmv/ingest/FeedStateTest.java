package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.api.HttpServer;
import dev.evedmv.cli.Main;
import dev.evedmv.health.Readiness;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;
import dev.evedmv.web.KillmailStream;

/**
 * A feed that cannot reach its server is reported as failing, from the database, by {@code health}
 * and {@code stats} (commands that run apart from the process following the feed) and by the live
 * stream's {@code feeds} event; once the server answers, as working, with its backlog.
 */
@ExtendWith(PostgresExtension.class)
class FeedStateTest {
    private static final R2z2Feed.Timing FAST = new R2z2Feed.Timing(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofMillis(200));

    record Run(int code, String out) {
    }

    private static Run run(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode check(TestDatabase db, String name) throws Exception {
        for (JsonNode c : Json.mapper().readTree(run(db, "health", "--json").out()).path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name);
    }

    private static JsonNode feeds(TestDatabase db) throws Exception {
        return Json.mapper().readTree(run(db, "stats", "--json").out()).path("feeds");
    }

    private static Thread follow(TestDatabase db, String url, FeedRunner[] holder) {
        FeedRunner runner = new FeedRunner(IngestSetup.open(db.database(), Clock.systemUTC()),
                new FeedRunner.R2z2(url, FAST), db.config(), Duration.ofMillis(100));
        holder[0] = runner;
        Thread t = new Thread(runner, "test-r2z2");
        t.start();
        return t;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String one(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void anUnreachableFeedIsAWarningEverywhereUntilItAnswers(TestDatabase db) throws Exception {
        assertThat(run(db, "db", "migrate").code()).isZero();
        db.jdbi().useHandle(h -> h.execute("DELETE FROM feed_state"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FeedRunner[] runner = new FeedRunner[1];
        Thread t = follow(db, "http://127.0.0.1:" + closedPort, runner);
        try {
            await("the failure recorded", () -> one(db, "SELECT failing_since FROM feed_state WHERE feed = 'r2z2'") != null);
        } finally {
            runner[0].stop();
            t.join(10_000);
        }

        JsonNode feedsCheck = check(db, "feeds");
        assertThat(feedsCheck.path("status").asText()).isEqualTo("warn");
        assertThat(feedsCheck.path("detail").asText()).startsWith("r2z2 failing for ")
                .contains("ConnectException", "last success never", "nothing stored yet");
        assertThat(run(db, "health").out()).containsPattern("warn +feeds +r2z2 failing for ");
        JsonNode failing = feeds(db).get(0);
        assertThat(failing.path("feed").asText()).isEqualTo("r2z2");
        assertThat(failing.path("status").asText()).isEqualTo("failing");
        assertThat(failing.path("last_error").asText()).contains("ConnectException");
        assertThat(failing.path("failing_since").asText()).isNotEmpty();
        assertThat(failing.path("last_success_at").isNull()).isTrue();
        assertThat(liveFeedsEvent(db)).contains("\"feed\":\"r2z2\"", "\"status\":\"failing\"");

        try (R2z2FeedTest.FakeR2z2 fake = new R2z2FeedTest.FakeR2z2()) {
            List<Path> corpus;
            try (var files = Files.list(SharedData.file("killmails/eve-kill-shrike/corpus"))) {
                corpus = files.sorted().limit(5).toList();
            }
            for (int i = 0; i < 5; i++) {
                fake.publish(100 + i, corpus.get(i));
            }
            fake.sequence = 104;
            db.jdbi().useHandle(h -> h.execute("UPDATE feed_state SET cursor = '99' WHERE feed = 'r2z2'"));
            t = follow(db, fake.url(), runner);
            try {
                await("caught up", () -> "104".equals(one(db, "SELECT cursor FROM feed_state WHERE feed = 'r2z2'"))
                        && "0".equals(one(db, "SELECT backlog::text FROM feed_state WHERE feed = 'r2z2'")));
            } finally {
                runner[0].stop();
                t.join(10_000);
            }
            assertThat(fake.requests).contains("sequence.json");
        }
        JsonNode recovered = check(db, "feeds");
        assertThat(recovered.path("status").asText()).as(recovered.toString()).isEqualTo("ok");
        assertThat(recovered.path("detail").asText()).startsWith("r2z2 answered ").contains("stored through 104", "backlog 0");
        JsonNode working = feeds(db).get(0);
        assertThat(working.path("status").asText()).isEqualTo("ok");
        assertThat(working.path("failing_since").isNull()).isTrue();
        assertThat(working.path("last_success_at").asText()).isNotEmpty();
        assertThat(working.path("last_error").asText()).as("the last error stays on record").contains("ConnectException");
        assertThat(working.path("backlog").asLong()).isZero();
        assertThat(liveFeedsEvent(db)).contains("\"feed\":\"r2z2\"", "\"status\":\"ok\"", "\"backlog\":0");
    }

    @Test
    void anUnreachableSseStreamIsFailingToo(TestDatabase db) throws Exception {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM feed_state"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/api/v1/kills/stream";
        FeedRunner runner = new FeedRunner(IngestSetup.open(db.database(), Clock.systemUTC()), new FeedRunner.Sse(url),
                db.config(), Duration.ofMillis(100));
        Thread t = new Thread(runner, "test-sse");
        t.start();
        try {
            await("the failure recorded", () -> one(db, "SELECT failing_since FROM feed_state WHERE feed = 'sse:" + url + "'")
                    != null);
        } finally {
            runner.stop();
            t.join(10_000);
        }
        JsonNode feedsCheck = check(db, "feeds");
        assertThat(feedsCheck.path("status").asText()).isEqualTo("warn");
        assertThat(feedsCheck.path("detail").asText()).startsWith("sse:" + url + " failing for ").contains("ConnectException");
        assertThat(liveFeedsEvent(db)).as("no address on the public page")
                .contains("\"feed\":\"sse\"", "\"status\":\"failing\"").doesNotContain("127.0.0.1");
    }

    /** The data of the first {@code feeds} event the live killmail stream sends a new client. */
    private static String liveFeedsEvent(TestDatabase db) throws Exception {
        try (KillmailStream stream = new KillmailStream(db.database(), Duration.ofMillis(50));
             HttpServer http = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                     .registry(db.registry()).routes(stream).start()) {
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + KillmailStream.PATH))
                    .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        boolean feeds = false;
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.equals("event: feeds")) {
                                feeds = true;
                            } else if (feeds && line.startsWith("data: ")) {
                                return line.substring("data: ".length());
                            }
                        }
                        return null;
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
