package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.api.HttpServer;
import dev.evedmv.health.Health;
import dev.evedmv.health.Readiness;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class OpsPageTest {

    @Test
    void servesOneEscapedHtmlPageBehindTheOpsToken(TestDatabase db) throws Exception {
        db.jdbi().useHandle(h -> {
            h.execute("SELECT evedmv_ensure_month_partition(current_date)");
            h.execute("INSERT INTO feed_state (feed, cursor) VALUES ('r2z2', '<script>alert(1)</script>')");
        });
        Readiness readiness = new Readiness(db.database(), List.of());
        HealthChecks health = new HealthChecks(db.database(), readiness, Clock.systemUTC(), HealthChecks.Thresholds.DEFAULT);
        OpsPage page = new OpsPage(db.database(), health::run, new PerformanceStats(db.database(), db.registry()),
                Clock.systemUTC());
        try (HttpServer http = HttpServer.builder().port(0).readiness(readiness).registry(db.registry())
                .opsToken("s3cret")
                .routes(app -> app.get("/ops", ctx -> ctx.contentType("text/html; charset=utf-8").result(page.render())))
                .start()) {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + http.port() + "/ops");
            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);

            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            String html = ok.body();
            assertThat(html).startsWith("<!doctype html>").contains("<h2>Health</h2>", "<h2>Slow queries</h2>",
                    "<h2>Top statements</h2>", "<h2>Pool</h2>", "<h2>Storage</h2>", "<h2>Partitions</h2>",
                    "<h2>Ingest</h2>", "<h2>Feeds</h2>", "killmails_", "wraparound");
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        }
    }
}
