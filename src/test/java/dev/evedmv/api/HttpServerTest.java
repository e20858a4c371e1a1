package dev.evedmv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.db.Migrations;
import dev.evedmv.ops.Readiness;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class HttpServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(HttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndMetrics(TestDatabase db) throws Exception {
        Migrations.Status status = new Migrations(db.database()).status();
        try (HttpServer server = HttpServer.start(0, new Readiness(db.database(), status.applied()), db.registry())) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"ok\"", "current (36 changesets)");
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("hikaricp_connections", "jvm_memory_used_bytes");
        }
    }

    @Test
    void aTakenPortIsSaidToBeInUseAndLeavesNoThreadBehind(TestDatabase db) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpServer.builder().port(port)
                    .readiness(new Readiness(db.database(), List.of())).registry(db.registry()).start())
                    .isInstanceOf(dev.evedmv.EveDmvException.class)
                    .hasMessage("port " + port + " is already in use");
            Thread.sleep(500);
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .as("threads that would keep the process alive").isEmpty();
        }
    }

    @Test
    void notReadyWhenTheSchemaIsBehind(TestDatabase db) throws Exception {
        List<String> expected = new java.util.ArrayList<>(new Migrations(db.database()).status().applied());
        expected.add("999-from-a-newer-build");
        try (HttpServer server = HttpServer.start(0, new Readiness(db.database(), expected), db.registry())) {
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("1 changesets pending");
        }
    }

    @Test
    void opsEndpointsNeedTheTokenWhenOneIsSet(TestDatabase db) throws Exception {
        try (HttpServer server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                .registry(db.registry()).opsToken("s3cret")
                .routes(app -> app.get("/api/v1/ops/ping", ctx -> ctx.result("pong"))).start()) {
            HttpResponse<String> without = get(server, "/api/v1/ops/ping");
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).contains("\"error\":\"unauthorized\"");
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/ops/ping")).header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> with = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/ops/ping")).header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(with.body()).isEqualTo("pong");
            assertThat(get(server, "/health/live").statusCode()).as("the rest stays open").isEqualTo(200);
        }
    }

    @Test
    void overloadIsShedWith503AndRetryAfter(TestDatabase db) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (HttpServer server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                .registry(db.registry()).loadShedding(1, java.time.Duration.ofMillis(50))
                .routes(app -> app.get("/api/v1/slow", ctx -> {
                    release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    ctx.result("done");
                })).start()) {
            var first = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/slow")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            HttpResponse<String> shed = get(server, "/api/v1/slow");
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).contains("1");
            release.countDown();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/v1/slow").statusCode()).as("capacity is released after each request").isEqualTo(200);
        }
    }

    @Test
    void answersACacheHoldsAreNotQueuedBehindDatabaseWork(TestDatabase db) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (HttpServer server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                .registry(db.registry()).loadShedding(1, java.time.Duration.ofMillis(50))
                .answeredWithoutDatabase(ctx -> "hot".equals(ctx.pathParam("id")))
                .routes(app -> app.get("/api/v1/things/{id}", ctx -> {
                    if (!"hot".equals(ctx.pathParam("id"))) {
                        release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    }
                    ctx.result(ctx.pathParam("id"));
                })).start()) {
            var slow = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/things/cold")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            assertThat(get(server, "/api/v1/things/other").statusCode()).as("database work beyond the limit is shed")
                    .isEqualTo(503);
            HttpResponse<String> hot = get(server, "/api/v1/things/hot");
            assertThat(hot.statusCode()).as("a cached answer does not wait for the slot").isEqualTo(200);
            assertThat(hot.body()).isEqualTo("hot");
            release.countDown();
            assertThat(slow.get().statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String host, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two addresses of the loopback range stand for two interfaces: no traffic leaves the machine. */
    @Test
    void listensOnTheConfiguredAddressOnly(TestDatabase db) throws Exception {
        try (HttpServer server = HttpServer.builder().host("127.0.0.2").port(0)
                .readiness(new Readiness(db.database(), List.of())).registry(db.registry()).start()) {
            assertThat(get("127.0.0.2", server.port(), "/health/live").statusCode()).isEqualTo(200);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> get("127.0.0.1", server.port(), "/health/live"))
                    .as("not reachable on another address").isInstanceOf(java.net.ConnectException.class);
        }
        try (HttpServer server = HttpServer.builder().host("0.0.0.0").port(0)
                .readiness(new Readiness(db.database(), List.of())).registry(db.registry()).start()) {
            assertThat(get("127.0.0.1", server.port(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(get("127.0.0.2", server.port(), "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutATokenOpsEndpointsAnswerLoopbackClientsOnly(TestDatabase db) throws Exception {
        // the decision on the address the connection gives: tested without sending traffic to another host
        assertThat(HttpServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(HttpServer.isLoopback("::1")).isTrue();
        assertThat(HttpServer.isLoopback("0:0:0:0:0:ffff:7f00:1")).as("IPv4-mapped loopback").isTrue();
        assertThat(HttpServer.isLoopback("192.0.2.10")).isFalse();
        assertThat(HttpServer.isLoopback("2001:db8::1")).isFalse();
        assertThat(HttpServer.isLoopback(null)).isFalse();
        try (HttpServer server = HttpServer.builder().host("127.0.0.1").port(0)
                .readiness(new Readiness(db.database(), List.of())).registry(db.registry())
                .routes(app -> {
                    app.get("/api/v1/ops/ping", ctx -> ctx.result("pong"));
                    app.get("/ops", ctx -> ctx.result("page"));
                }).start()) {
            for (String path : List.of("/api/v1/ops/ping", "/ops")) {
                assertThat(get("127.0.0.1", server.port(), path).statusCode()).as(path + " from loopback").isEqualTo(200);
            }
        }
    }

    @Test
    void aSmallWorkerPoolShedsWith503AndStaysBounded(TestDatabase db) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (HttpServer server = HttpServer.builder().host("127.0.0.1").port(0).threads(4, java.time.Duration.ofMillis(300))
                .readiness(new Readiness(db.database(), List.of())).registry(db.registry())
                .routes(app -> {
                    app.get("/api/v1/slow", ctx -> {
                        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        ctx.result("done");
                    });
                    app.sse(HttpServer.STREAMS + "test", sse -> sse.keepAlive());
                }).start()) {
            List<java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>>> streams =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                streams.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + HttpServer.STREAMS + "test")).build(), HttpResponse.BodyHandlers.ofLines()));
            }
            for (var stream : streams) {
                assertThat(stream.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(get("127.0.0.1", server.port(), "/health/live").statusCode())
                    .as("open streams hold no worker thread").isEqualTo(200);

            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> slow = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                slow.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/slow")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(1000);
            long httpThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("http-")).count();
            assertThat(httpThreads).as("worker threads").isLessThanOrEqualTo(4);
            release.countDown();
            int shed = 0;
            int done = 0;
            for (var f : slow) {
                HttpResponse<String> r = f.get(20, java.util.concurrent.TimeUnit.SECONDS);
                if (r.statusCode() == 503) {
                    shed++;
                    assertThat(r.headers().firstValue("Retry-After")).contains("1");
                    assertThat(r.body()).contains("\"error\":\"overloaded\"", "EVEDMV_HTTP_THREADS");
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    done++;
                }
            }
            assertThat(shed).as("requests beyond the pool are shed").isPositive();
            assertThat(done).as("the pool works on some").isPositive();
            assertThat(get("127.0.0.1", server.port(), "/api/v1/slow").statusCode()).as("capacity comes back").isEqualTo(200);
            streams.forEach(f -> f.join().body().close());
        }
    }

    @Test
    void requestsWaitingForASlotLeaveThreadsForHealthProbes(TestDatabase db) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (HttpServer server = HttpServer.builder().host("127.0.0.1").port(0).threads(12, java.time.Duration.ofMillis(300))
                .loadShedding(1, java.time.Duration.ofSeconds(10))
                .readiness(new Readiness(db.database(), List.of())).registry(db.registry())
                .routes(app -> app.get("/api/v1/slow", ctx -> {
                    release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    ctx.result("done");
                })).start()) {
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> slow = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                slow.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/slow")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(1000);
            long start = System.nanoTime();
            assertThat(get("127.0.0.1", server.port(), "/health/live").statusCode())
                    .as("a probe among requests waiting for the one slot").isEqualTo(200);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
            release.countDown();
            long shed = 0;
            for (var f : slow) {
                HttpResponse<String> r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (r.statusCode() == 503) {
                    shed++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
            }
            assertThat(shed).as("beyond the waits the threads allow, shed at once").isPositive();
        }
    }
}
