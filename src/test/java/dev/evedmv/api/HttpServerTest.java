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
            assertThat(ready.body()).contains("\"status\":\"ok\"", "current (14 changesets)");
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("hikaricp_connections", "jvm_memory_used_bytes");
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
}
