package dev.evedmv.names;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.evedmv.EveDmvException;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;

/** ESI name resolution against a local fake of {@code POST /universe/names/}. */
@ExtendWith(PostgresExtension.class)
class NameResolverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long UNKNOWN = 95_000_666L;

    /** Known ids and their names; a batch with any other id gets 404, as ESI does. */
    private final Map<Long, String> known = Map.of(
            95_000_001L, "Alice Alpha", 95_000_002L, "Bob Bravo", 95_000_003L, "Carol Charlie",
            95_000_004L, "Dave Delta", 95_000_005L, "Erin Echo", 95_000_006L, "Frank Foxtrot",
            95_000_007L, "Grace Golf", 98_000_010L, "Xenon Corp");
    private final List<List<Long>> calls = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    /** Scripted answers (status, headers) used before the normal behaviour. */
    private final Deque<Object[]> script = new ConcurrentLinkedDeque<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final MeterRegistry registry = Metrics.newRegistry();
    private HttpServer esi;
    private EsiNames client;

    @BeforeEach
    void start() throws IOException {
        esi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        esi.createContext("/universe/names/", this::answer);
        esi.start();
        client = new EsiNames(HttpClient.newHttpClient(), "http://127.0.0.1:" + esi.getAddress().getPort(),
                "eve-dmv-test/1", pauses::add, registry);
    }

    @AfterEach
    void stop() {
        esi.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        List<Long> ids = List.of(JSON.readValue(x.getRequestBody(), Long[].class));
        calls.add(ids);
        userAgents.add(x.getRequestHeaders().getFirst("User-Agent"));
        Object[] scripted = script.poll();
        if (scripted != null) {
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) scripted[1];
            headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
            if ((int) scripted[0] != 200) {
                send(x, (int) scripted[0], "{\"error\":\"scripted\"}");
                return;
            }
        }
        if (!known.keySet().containsAll(ids)) {
            send(x, 404, "{\"error\":\"Ensure all IDs are valid before resolving.\"}");
            return;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (long id : ids) {
            out.add(Map.of("id", id, "name", known.get(id), "category", id >= 98_000_000L ? "corporation" : "character"));
        }
        send(x, 200, JSON.writeValueAsString(out));
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Test
    void oneUnknownIdAmongEightIsIsolatedInSevenCalls() {
        List<Long> ids = List.of(95_000_001L, 95_000_002L, 95_000_003L, 95_000_004L, 95_000_005L, UNKNOWN,
                95_000_006L, 95_000_007L);
        EsiNames.Result r = client.resolve(ids);
        assertThat(r.unknown()).containsExactly(UNKNOWN);
        assertThat(r.names()).extracting(Name::id).containsExactlyInAnyOrderElementsOf(
                ids.stream().filter(id -> id != UNKNOWN).toList());
        assertThat(calls).as("1 + 2 + 2 + 2: halves down to the unknown id").hasSize(7);
        assertThat(calls).contains(List.of(UNKNOWN)).filteredOn(c -> c.contains(UNKNOWN)).hasSize(4);
        assertThat(userAgents).containsOnly("eve-dmv-test/1");
        assertThat(registry.get("evedmv_names_esi_calls").counter().count()).isEqualTo(7);
        assertThat(pauses).isEmpty();
    }

    @Test
    void idsBeyondEsisThirtyTwoBitsAreUnknownWithoutAsking() {
        long generated = 11_900_000_000L; // a generated character's id (bench.SyntheticIds)
        EsiNames.Result r = client.resolve(List.of(95_000_001L, generated));
        assertThat(r.unknown()).containsExactly(generated);
        assertThat(r.names()).extracting(Name::name).containsExactly("Alice Alpha");
        assertThat(calls).containsExactly(List.of(95_000_001L));
    }

    @Test
    void backsOffOn429AndRetries() {
        script.add(new Object[] {429, Map.of("Retry-After", "3")});
        script.add(new Object[] {503, Map.of()});
        EsiNames.Result r = client.resolve(List.of(95_000_001L));
        assertThat(r.names()).extracting(Name::name).containsExactly("Alice Alpha");
        assertThat(calls).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(2));
        assertThat(registry.get("evedmv_names_esi_errors").counter().count()).isEqualTo(2);
    }

    @Test
    void givesUpAfterRepeatedServerErrorsWithOneLine() {
        for (int i = 0; i < 5; i++) {
            script.add(new Object[] {502, Map.of()});
        }
        assertThatThrownBy(() -> client.resolve(List.of(95_000_001L))).isInstanceOf(EveDmvException.class)
                .hasMessageStartingWith("ESI /universe/names/ answered 502 5 times");
    }

    @Test
    void pausesWhenTheErrorLimitRunsLow() {
        script.add(new Object[] {200, Map.of("X-ESI-Error-Limit-Remain", "5", "X-ESI-Error-Limit-Reset", "17")});
        client.resolve(List.of(95_000_001L));
        assertThat(pauses).containsExactly(Duration.ofSeconds(17));
        script.add(new Object[] {200, Map.of("X-ESI-Error-Limit-Remain", "95", "X-ESI-Error-Limit-Reset", "17")});
        client.resolve(List.of(95_000_001L));
        assertThat(pauses).as("no pause while plenty remain").hasSize(1);
    }

    @Test
    void workerResolvesIdsSeenAtIngestAndRemembersUnknownOnes(TestDatabase db) {
        Instant hourAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        new KillmailWriter(db.database(), Clock.systemUTC()).write(List.of(
                killmail(5001, hourAgo.toString()).victim(victim(95_000_001L, 98_000_010L, null, 587))
                        .attacker(attacker(UNKNOWN, 98_000_010L, null, 587, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        try (NameResolver worker = new NameResolver(db.database(), client, Clock.systemUTC(), Duration.ofDays(7),
                registry)) {
            assertThat(worker.round()).isEqualTo(3);
            assertThat(worker.queued()).isZero();
            assertThat(worker.round()).as("nothing left to resolve").isZero();
        }
        List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT id, name, unknown FROM names ORDER BY id").mapToMap().list());
        assertThat(rows).extracting(r -> r.get("id"), r -> r.get("name"), r -> r.get("unknown")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(95_000_001L, "Alice Alpha", false),
                org.assertj.core.groups.Tuple.tuple(UNKNOWN, null, true),
                org.assertj.core.groups.Tuple.tuple(98_000_010L, "Xenon Corp", false));
        db.jdbi().useHandle(h -> h.execute("UPDATE names SET fetched_at = now() - interval '8 days' WHERE id = 98000010"));
        try (NameResolver worker = new NameResolver(db.database(), client, Clock.systemUTC(), Duration.ofDays(7),
                Metrics.newRegistry())) {
            assertThat(worker.round()).as("the stale corporation name is fetched again").isEqualTo(1);
        }
        boolean refreshed = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT fetched_at > now() - interval '1 minute' FROM names WHERE id = 98000010").mapTo(Boolean.class).one());
        assertThat(refreshed).isTrue();
    }
}
