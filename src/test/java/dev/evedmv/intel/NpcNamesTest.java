package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.cli.Main;
import dev.evedmv.health.Readiness;
import dev.evedmv.names.EsiNames;
import dev.evedmv.names.NameResolver;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

/**
 * NPC corporations and factions are named from the static data: the real killmail 34663598
 * (testdata, eve-kill-shrike corpus), whose only attacker is CONCORD's corporation 1000125, is
 * imported into a fresh database (which loads the bundled static data) while ESI cannot be reached.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NpcNamesTest {
    private static final long KILLMAIL = 34_663_598L;
    private static final long CONCORD = 1_000_125L;
    private static final long VICTIM = 91_765_128L;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private HttpServer server;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) throws IOException {
        this.db = db;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"import", "--no-progress",
                SharedData.file("killmails/eve-kill-shrike/corpus/" + KILLMAIL + ".json").toString()}, db.env(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new IntelRoutes(new IntelQueries(db.database()), CLOCK));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anNpcCorporationIsNamedWhileEsiIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EsiNames esi = new EsiNames(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                "http://127.0.0.1:" + closedPort, "eve-dmv-test/1", d -> { }, Metrics.newRegistry());
        try (NameResolver resolver = new NameResolver(db.database(), esi, CLOCK, Duration.ofDays(7),
                Metrics.newRegistry())) {
            resolver.enqueue(List.of(VICTIM, CONCORD));
            assertThatThrownBy(resolver::round).as("ESI is unreachable").isInstanceOf(RuntimeException.class);
        }

        JsonNode km = ok("/api/v1/killmails/" + KILLMAIL);
        JsonNode attacker = km.get("participants").get(1);
        assertThat(attacker.get("victim").asBoolean()).isFalse();
        assertThat(attacker.get("corporation_id").asLong()).isEqualTo(CONCORD);
        assertThat(attacker.get("corporation_name").asText()).isEqualTo("CONCORD");
        assertThat(km.get("participants").get(0).get("character_name").isNull())
                .as("a pilot has no static-data name").isTrue();

        assertThat(ok("/api/v1/corporations/" + CONCORD + "?window=all&include_npc=true").get("name").asText())
                .isEqualTo("CONCORD");
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return mapper.readTree(r.body());
    }
}
