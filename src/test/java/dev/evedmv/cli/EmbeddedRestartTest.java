package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.db.Database;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.testing.KillmailFixtures;

/**
 * The serve stack on its own embedded PostgreSQL (a private EVEDMV_HOME, as {@code serve} runs it)
 * outlives a {@code kill -9} of the postmaster: readiness says "database restarting", the server
 * comes back on the same data directory by itself, and answers again within 30 s.
 */
class EmbeddedRestartTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-15T12:00:00Z"), ZoneOffset.UTC);
    private static final long KILLMAIL = 131_000_001L;

    @TempDir
    Path home;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void killedPostmasterIsRestartedAndServeAnswersAgainWithin30Seconds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliContext context = new CliContext(Map.of("EVEDMV_HOME", home.toString(),
                "EVEDMV_ESI_URL", "http://127.0.0.1:1"), // names stay unresolved, without the internet
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                CLOCK);
        Database db = context.openDatabase();
        try (db) {
            new KillmailWriter(db, CLOCK).write(List.of(KillmailFixtures.killmail(KILLMAIL, "2026-10-14T18:00:00Z").build()),
                    "test", KillmailWriter.InTransaction.NOTHING);
            try (ServeStack stack = ServeStack.start(context, db, "127.0.0.1", 0, null)) {
                int port = stack.port();
                assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
                assertThat(get(port, "/api/v1/killmails/" + KILLMAIL).statusCode()).isEqualTo(200);
                long listening = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (flushes(context) < 1 && System.nanoTime() < listening) {
                    Thread.sleep(50);
                }
                double flushesBefore = flushes(context);
                assertThat(flushesBefore).as("the invalidation listener connected").isGreaterThanOrEqualTo(1);

                Path pidFile = home.resolve("pg/data/postmaster.pid");
                long killed = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                long t0 = System.nanoTime();
                assertThat(ProcessHandle.of(killed).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL
                List<String> unready = new ArrayList<>();
                HttpResponse<String> ready;
                do {
                    Thread.sleep(100);
                    ready = get(port, "/health/ready");
                    if (ready.statusCode() != 200) {
                        unready.add(ready.statusCode() + " " + ready.body());
                    }
                } while (ready.statusCode() != 200 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                System.out.printf("ready again %d ms after kill -9 of the postmaster%n", millis);

                assertThat(ready.statusCode()).as("ready again within 30 s; meanwhile %s", unready).isEqualTo(200);
                assertThat(unready).as("while down, readiness said so").isNotEmpty()
                        .allSatisfy(r -> assertThat(r).startsWith("503 ").doesNotContain("Exception"))
                        .anySatisfy(r -> assertThat(r).contains("database restarting"));
                long restarted = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                assertThat(restarted).as("a new postmaster").isNotEqualTo(killed);

                HttpResponse<String> killmail = get(port, "/api/v1/killmails/" + KILLMAIL);
                assertThat(killmail.statusCode()).as(killmail.body()).isEqualTo(200);
                assertThat(killmail.body()).contains(Long.toString(KILLMAIL));

                // the invalidation listener reconnects and, having missed notifications, flushes the cache
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (flushes(context) <= flushesBefore && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(flushes(context)).as("a flush on reconnect").isGreaterThan(flushesBefore);
            }
        }
    }

    private static double flushes(CliContext context) {
        return context.registry().get("evedmv_cache_flushes").counter().count();
    }
}
