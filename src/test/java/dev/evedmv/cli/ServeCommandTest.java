package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class ServeCommandTest {
    /** 01:13 UTC: the demo held killmails at 23:59 of the same day. */
    private static final Clock EARLY_MORNING = Clock.fixed(Instant.parse("2026-11-27T01:13:00Z"), ZoneOffset.UTC);

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), EARLY_MORNING);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTakenPortIsSaidToBeInUseBeforeAnythingStarts(TestDatabase db) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Run r = run(db.env(), "serve", "--port", Integer.toString(port));
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).isEqualTo("eve-dmv: port " + port + " is already in use\n");
            assertThat(r.out).isEmpty();
            Thread.sleep(500);
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .as("threads that would keep the process alive").isEmpty();
        }
    }

    @Test
    void aPortTakenOnlyOnceTheStackStartsStopsEveryPartItStarted(TestDatabase db) throws Exception {
        CliContext context = new CliContext(db.env(), System.out, System.err, EARLY_MORNING);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            assertThatThrownBy(() -> ServeStack.start(context, db.database(), "127.0.0.1", port, null))
                    .isInstanceOf(EveDmvException.class).hasMessage("port " + port + " is already in use");
            Thread.sleep(1_000);
            // a JDK HttpClient's selector ends when the client is collected; the slow-query explainer idles (both daemons)
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t) && t.isAlive())
                    .extracting(Thread::getName)
                    .filteredOn(name -> !name.startsWith("HttpClient-") && !name.equals("slow-query-explain"))
                    .as("threads of the parts started (feed, caches, names, views, pools, HTTP)").isEmpty();
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedUpFront(TestDatabase db) {
        Run option = run(db.env(), "serve", "--port", "99999");
        assertThat(option.code).isEqualTo(1);
        assertThat(option.err).isEqualTo("eve-dmv: --port must be a whole number from 1 to 65535, got 99999\n");

        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_HTTP_PORT", "99999");
        Run setting = run(env, "serve");
        assertThat(setting.code).isEqualTo(1);
        assertThat(setting.err).isEqualTo("eve-dmv: EVEDMV_HTTP_PORT must be a whole number from 1 to 65535, got 99999\n");
    }

    @Test
    void theDemoFollowsNoFeedAndHoldsNoKillmailLaterThanNow(TestDatabase db) throws Exception {
        AtomicInteger feedRequests = new AtomicInteger();
        HttpServer fakes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakes.createContext("/r2z2/", x -> {
            feedRequests.incrementAndGet();
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        fakes.createContext("/esi/", x -> { // names of NPC corporations: unknown
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        fakes.start();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(db.env());
        String base = "http://127.0.0.1:" + fakes.getAddress().getPort();
        env.put("EVEDMV_R2Z2_URL", base + "/r2z2");
        env.put("EVEDMV_ESI_URL", base + "/esi");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] code = {-1};
        Thread serve = new Thread(() -> code[0] = Main.execute(
                new String[] {"serve", "--demo", "--demo-killmails", "3000", "--port", Integer.toString(port)}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                EARLY_MORNING), "serve-under-test");
        serve.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!out.toString(StandardCharsets.UTF_8).contains("serving on")) {
                assertThat(serve.isAlive()).as("serve is running: %s %s", out, err).isTrue();
                assertThat(System.nanoTime()).as("serve started in time: %s", out).isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // a feed would have asked for its first sequence long since
            assertThat(feedRequests.get()).as("requests to the live feed").isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo: not following the live feed");

            long killmails = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmails").mapTo(Long.class).one());
            OffsetDateTime latest = db.jdbi().withHandle(h -> h.createQuery("SELECT max(killmail_time) FROM killmails")
                    .mapTo(OffsetDateTime.class).one());
            assertThat(killmails).isEqualTo(3000);
            assertThat(latest.toInstant()).isBeforeOrEqualTo(EARLY_MORNING.instant());
            // the demo's import built every ranking and monthly list: health and /ops say no answer takes a slow path
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String health = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).contains("{\"name\":\"read_model\",\"status\":\"ok\",\"detail\":\"top rankings of 6 kinds"
                    + " and monthly lists current\"}");
            String ops = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/ops")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(ops).contains("read_model", "top rankings of 6 kinds and monthly lists current");
        } finally {
            serve.interrupt();
            serve.join(TimeUnit.SECONDS.toMillis(60));
            fakes.stop(0);
        }
        assertThat(serve.isAlive()).as("serve stopped when interrupted").isFalse();
        assertThat(code[0]).isZero();
    }

    /** Where serve listens: EVEDMV_HTTP_HOST, else loopback for a demo and every interface otherwise. */
    @Test
    void listensWhereTheSettingSaysOrLoopbackForADemo(@TempDir Path home) {
        EveDmvConfig unset = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString()));
        assertThat(ServeCommand.listenHost(unset, true)).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.listenHost(unset, false)).isEqualTo("0.0.0.0");
        EveDmvConfig loopback = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_HTTP_HOST", "127.0.0.1"));
        assertThat(ServeCommand.listenHost(loopback, false)).isEqualTo("127.0.0.1");
        EveDmvConfig everywhere = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_HTTP_HOST", "0.0.0.0"));
        assertThat(ServeCommand.listenHost(everywhere, true)).as("the setting wins over --demo").isEqualTo("0.0.0.0");
    }
}
