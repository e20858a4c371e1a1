package dev.evedmv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.EmbeddedServer;
import dev.evedmv.db.Migrations;
import dev.evedmv.health.Readiness;
import dev.evedmv.ops.Metrics;

/** A running server outlives a database restart: 503 fast during the outage, correct answers after. */
class DatabaseRestartTest {
    @TempDir
    Path home;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answers503DuringTheOutageAndRecoversWithoutRestart() throws Exception {
        Path root = home.resolve("pg");
        EmbeddedServer server = EmbeddedServer.attachOrStart(root, EmbeddedServer.Options.forTests());
        EveDmvConfig config = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_DB_URL",
                server.jdbcUrl(), "EVEDMV_POOL_SIZE", "2", "EVEDMV_CONNECTION_TIMEOUT", "1s"));
        try (Database db = Database.open("restart", new DatabaseUrls.JdbcTarget(server.jdbcUrl(),
                EmbeddedServer.SUPERUSER, ""), config, Metrics.newRegistry())) {
            new Migrations(db).migrate();
            db.jdbi().useHandle(h -> h.execute("INSERT INTO names (id, category, name) VALUES (1, 'character', 'Probe')"));
            DatabaseGate gate = new DatabaseGate(db::isReachable, Duration.ofMillis(200));
            try (HttpServer http = HttpServer.builder().port(0)
                    .readiness(new Readiness(db, List.of())).registry(Metrics.newRegistry()).databaseGate(gate)
                    .routes(app -> app.get("/api/v1/probe", ctx -> {
                        String name = db.jdbi().withHandle(h ->
                                h.createQuery("SELECT name FROM names WHERE id = 1").mapTo(String.class).one());
                        ctx.result(name);
                    }))
                    .start()) {
                assertThat(get(http.port(), "/api/v1/probe").body()).isEqualTo("Probe");

                server.close();
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> during = get(http.port(), "/api/v1/probe");
                    long millis = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(during.statusCode()).isEqualTo(503);
                    assertThat(during.body()).contains("\"error\":\"database unavailable\"");
                    assertThat(millis).as("503 within 2 s").isLessThan(2_000);
                }

                server = EmbeddedServer.attachOrStart(root, EmbeddedServer.Options.forTests());
                long back = System.nanoTime();
                HttpResponse<String> after;
                do {
                    Thread.sleep(100);
                    after = get(http.port(), "/api/v1/probe");
                } while (after.statusCode() != 200 && System.nanoTime() - back < 10_000_000_000L);
                assertThat(after.statusCode()).as("answers again within 10 s of the database's return").isEqualTo(200);
                assertThat(after.body()).isEqualTo("Probe");
            }
        } finally {
            server.close();
        }
    }
}
