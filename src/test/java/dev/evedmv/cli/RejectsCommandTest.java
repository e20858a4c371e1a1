package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.api.HttpServer;
import dev.evedmv.api.RejectsEndpoint;
import dev.evedmv.health.Readiness;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.ops.OpsPage;
import dev.evedmv.ops.PerformanceStats;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * {@code rejects list} (and {@code GET /api/v1/ops/rejects}) and {@code rejects show} on what an
 * import of garbage files rejected, and its count in stats and /ops.
 */
@ExtendWith(PostgresExtension.class)
class RejectsCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void garbageFilesAreListedByFileNameAndShownWithTheirPayload(TestDatabase db, @TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "this is not a killmail\n");
        Path archive = dir.resolve("garbage.tar.bz2");
        Files.write(archive, "not bzip2 at all".getBytes(StandardCharsets.US_ASCII));
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {0, 1, 2, (byte) 0xff, 'x', '{'});

        Run imported = run(db.env(), "import", "--no-progress", "--strict", garbage.toString(), archive.toString(),
                binary.toString());
        assertThat(imported.code()).isEqualTo(1);
        assertThat(imported.err()).contains("3 inputs rejected (--strict); 'rejects list' shows them")
                .doesNotContain("see rejected_input");

        Run listed = run(db.env(), "rejects", "list", "--json");
        assertThat(listed.code()).as(listed.err()).isZero();
        JsonNode json = Json.mapper().readTree(listed.out());
        assertThat(json.path("total").asLong()).isEqualTo(3);
        assertThat(json.path("rejects").findValuesAsText("source"))
                .containsExactlyInAnyOrder("garbage.json", "garbage.tar.bz2", "binary.json");
        JsonNode file = null;
        for (JsonNode r : json.path("rejects")) {
            assertThat(r.path("id").asLong()).isPositive();
            assertThat(r.path("reason").asText()).isNotBlank();
            assertThat(r.path("received_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            if (r.path("source").asText().equals("garbage.json")) {
                file = r;
            }
            if (r.path("source").asText().equals("garbage.tar.bz2")) {
                assertThat(r.path("reason").asText()).startsWith("unreadable archive");
                assertThat(r.path("payload_bytes").isNull()).as("an unreadable archive keeps no payload").isTrue();
            }
        }
        assertThat(file).isNotNull();
        assertThat(file.path("payload_bytes").asInt()).isEqualTo(23);

        assertThat(Json.mapper().readTree(run(db.env(), "rejects", "list", "--json", "--source", "garbage.t").out())
                .path("rejects").findValuesAsText("source")).containsExactly("garbage.tar.bz2");
        assertThat(Json.mapper().readTree(run(db.env(), "rejects", "list", "--json", "--since", "2999-01-01").out())
                .path("total").asLong()).isZero();
        assertThat(Json.mapper().readTree(run(db.env(), "rejects", "list", "--json", "--since", "2000-01-01").out())
                .path("total").asLong()).isEqualTo(3);

        try (HttpServer http = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                .registry(db.registry()).opsToken("s3cret").routes(new RejectsEndpoint(db.database())).start()) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + http.port() + RejectsEndpoint.PATH;
            HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create(base + "?source=garbage.t"))
                    .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(api.body())).as("the same JSON as rejects list --json")
                    .isEqualTo(Json.mapper().readTree(run(db.env(), "rejects", "list", "--json", "--source", "garbage.t").out()));
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(base + "?since=yesterday"))
                    .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("invalid since");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("behind the ops token").isEqualTo(401);
        }

        Run text = run(db.env(), "rejects", "list", "--limit", "2");
        assertThat(text.out()).contains("3 rejected inputs (newest 2 listed); 'rejects show ID' shows one");
        assertThat(text.out().lines().filter(l -> l.contains("bytes") || l.contains("no payload"))).hasSize(2);

        Run shown = run(db.env(), "rejects", "show", file.path("id").asText());
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("source:      garbage.json", "reason:      " + file.path("reason").asText(),
                "received at: " + file.path("received_at").asText(), "payload:     23 bytes, text",
                "this is not a killmail");

        long binaryId = json.path("rejects").findParents("source").stream()
                .filter(r -> r.path("source").asText().equals("binary.json")).findFirst().orElseThrow().path("id").asLong();
        Path saved = dir.resolve("saved.bin");
        Run dumped = run(db.env(), "rejects", "show", Long.toString(binaryId), "--output", saved.toString());
        assertThat(dumped.out()).contains("payload:     6 bytes, binary (hex dump), written to " + saved,
                "00000000  00 01 02 ff 78 7b ", "....x{");
        assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(binary));

        Run missing = run(db.env(), "rejects", "show", "999999");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("eve-dmv: no rejected input 999999");

        Run stats = run(db.env(), "stats");
        assertThat(stats.out()).contains("rejected inputs: 3 ('rejects list' shows them)");
        assertThat(Json.mapper().readTree(run(db.env(), "stats", "--json").out()).path("ingest").path("rejected").asLong())
                .isEqualTo(3);

        Readiness readiness = new Readiness(db.database(), List.of());
        HealthChecks health = new HealthChecks(db.database(), readiness, Clock.systemUTC(), HealthChecks.Thresholds.DEFAULT);
        String html = new OpsPage(db.database(), health::run, new PerformanceStats(db.database(), db.registry()),
                Clock.systemUTC()).render();
        assertThat(html).contains("<h3>Rejected input</h3><p>3 in all", "garbage.tar.bz2", "unreadable archive");
    }
}
