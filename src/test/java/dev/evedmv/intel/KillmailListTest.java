package dev.evedmv.intel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.KillmailFixtures;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The home page's lists ({@code GET /api/v1/killmails?order=isk|newest}) against the same lists worked out here over
 * the hand-built killmails, and the search of regions and constellations.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillmailListTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    /** The 7-day window of CLOCK: [2026-11-21, 2026-11-28). */
    static final Instant SINCE = Instant.parse("2026-11-21T00:00:00Z"), UNTIL = Instant.parse("2026-11-28T00:00:00Z");
    static final long ALICE = 95_300_001L, BOB = 95_300_002L, CORP = 98_300_001L, NPC_CORP = 1_000_125L;
    static final int RIFTER = 587;

    private final List<DerivedKillmail> killmails = killmails();
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    void start(TestDatabase db) {
        new KillmailWriter(db.database(), CLOCK).write(killmails, "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name) VALUES (95300002, 'character', 'Bob Bravo');
                INSERT INTO sde_regions (region_id, name) VALUES (10000002, 'The Forge'), (10000043, 'Domain');
                INSERT INTO sde_constellations (constellation_id, region_id, name) VALUES
                    (20000020, 10000002, 'Kimotoro'), (20000322, 10000043, 'Forgotten Kimo')"""));
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new IntelRoutes(new IntelQueries(db.database()), CLOCK));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Values with ties, an npc killmail bigger than all, the last second before the window and its first second. */
    static List<DerivedKillmail> killmails() {
        List<DerivedKillmail> all = new ArrayList<>();
        String[] times = {"2026-11-20T23:59:59Z", "2026-11-21T00:00:00Z", "2026-11-22T10:00:00Z", "2026-11-23T10:00:00Z",
            "2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z", "2026-11-26T10:00:00Z",
            "2026-11-27T11:59:59Z", "2026-11-27T09:00:00Z"};
        String[] values = {"9000000000", "500", "7000000", "7000000", "120000000", "3", "3", "45000000000", "1000", "88"};
        for (int i = 0; i < times.length; i++) {
            KillmailFixtures.Builder b = killmail(8000 + (times.length - i) * 7L % 11, times[i])
                    .victim(victim(BOB, CORP, null, RIFTER)).value(values[i]);
            if (i == 7) {
                b.attacker(attacker(null, NPC_CORP, null, 23707, true)).npc();
            } else {
                b.attacker(attacker(ALICE, CORP, null, RIFTER, true));
            }
            all.add(b.build());
        }
        all.add(killmail(8100, "2026-10-30T10:00:00Z").victim(victim(BOB, CORP, null, RIFTER))
                .attacker(attacker(ALICE, CORP, null, RIFTER, true)).value("5").build());
        return all;
    }

    /** The list worked out here: the window's killmails, npc ones only when asked, in {@code order}, the first {@code limit}. */
    private List<Long> expected(Comparator<DerivedKillmail> order, boolean includeNpc, int limit) {
        Predicate<DerivedKillmail> inWindow = d -> !d.killmail().time().isBefore(SINCE) && d.killmail().time().isBefore(UNTIL);
        return killmails.stream().filter(inWindow).filter(d -> includeNpc || !d.npc()).sorted(order).limit(limit)
                .map(d -> d.killmail().killmailId()).toList();
    }

    static final Comparator<DerivedKillmail> BY_ISK = Comparator.comparing(DerivedKillmail::totalValue).reversed()
            .thenComparingLong(d -> d.killmail().killmailId());
    static final Comparator<DerivedKillmail> NEWEST = Comparator.comparing((DerivedKillmail d) -> d.killmail().time())
            .thenComparingLong(d -> d.killmail().killmailId()).reversed();

    @Test
    void biggestKillsOfTheWindowByIskThenId() throws Exception {
        JsonNode list = ok("/api/v1/killmails?order=isk&window=7d&limit=5");
        assertThat(list.get("order").asText()).isEqualTo("isk");
        assertThat(list.get("since").asText()).isEqualTo("2026-11-21");
        assertThat(list.get("until").asText()).isEqualTo("2026-11-28");
        assertThat(ids(list)).isEqualTo(expected(BY_ISK, false, 5)).hasSize(5);
        assertThat(ids(ok("/api/v1/killmails?window=7d&limit=100"))).as("isk is the default order; ties by id")
                .isEqualTo(expected(BY_ISK, false, 100)).hasSize(8);
        assertThat(ids(ok("/api/v1/killmails?order=isk&window=7d&include_npc=true&limit=3")))
                .isEqualTo(expected(BY_ISK, true, 3)).first().isEqualTo(killmails.get(7).killmail().killmailId());
        JsonNode first = list.get("items").get(0);
        assertThat(first.get("victim").get("character_name").asText()).isEqualTo("Bob Bravo");
        assertThat(first.get("total_value").decimalValue()).isEqualByComparingTo("120000000");
    }

    @Test
    void newestKillsOfTheWindow() throws Exception {
        assertThat(ids(ok("/api/v1/killmails?order=newest&window=7d&limit=4")))
                .isEqualTo(expected(NEWEST, false, 4)).hasSize(4);
        assertThat(ids(ok("/api/v1/killmails?order=newest&window=7d&include_npc=true&limit=100")))
                .isEqualTo(expected(NEWEST, true, 100)).hasSize(9);
        HttpResponse<String> bad = get("/api/v1/killmails?order=oldest");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(bad.body()).get("error").asText()).isEqualTo("invalid order");
    }

    @Test
    void searchFindsRegionsAndConstellations() throws Exception {
        List<String> found = new ArrayList<>();
        ok("/api/v1/search?q=kimo").forEach(r -> found.add(r.get("kind").asText() + " " + r.get("id").asLong()
                + " " + r.get("name").asText()));
        assertThat(found).contains("constellation 20000020 Kimotoro", "constellation 20000322 Forgotten Kimo");
        ok("/api/v1/search?q=forge").forEach(r -> found.add(r.get("kind").asText() + " " + r.get("id").asLong()));
        assertThat(found).contains("region 10000002");
        JsonNode constellation = ok("/api/v1/search?q=kimotoro").get(0);
        assertThat(constellation.get("region_id").asLong()).as("a constellation links to its region").isEqualTo(10000002L);
    }

    /** The monthly figures say which months the window covers only in part, and for how many days. */
    @Test
    void monthsTheWindowCoversInPartAreMarked() throws Exception {
        JsonNode month = ok("/api/v1/characters/" + ALICE + "?window=30d").get("monthly");
        // 30 days up to 2026-11-27: [2026-10-29, 2026-11-28): 3 days of October, 27 of November
        assertThat(month).hasSize(2);
        assertThat(month.get(0).get("month").asText()).isEqualTo("2026-10");
        assertThat(month.get(0).get("days").asInt()).isEqualTo(3);
        assertThat(month.get(0).get("partial").asBoolean()).isTrue();
        assertThat(month.get(1).get("days").asInt()).isEqualTo(27);
        assertThat(month.get(1).get("partial").asBoolean()).isTrue();
        assertThat(month.get(1).get("kills").asLong()).as("the figures stay as they were: 9 non-npc kills in November")
                .isEqualTo(9);
        JsonNode all = ok("/api/v1/characters/" + ALICE + "?since=2026-10-01&until=2026-12-01").get("monthly");
        assertThat(all.get(0).get("days").asInt()).isEqualTo(31);
        assertThat(all.get(0).get("partial").asBoolean()).isFalse();
        assertThat(all.get(1).get("days").asInt()).isEqualTo(30);
        assertThat(all.get(1).get("partial").asBoolean()).isFalse();
        JsonNode system = ok("/api/v1/systems/30002187?window=30d").get("monthly");
        assertThat(system.get(0).get("partial").asBoolean()).as("kinds without losses too").isTrue();
        assertThat(system.get(0).has("losses")).isFalse();
    }

    @Test
    void openApiDescribesTheListsTheFitAndTheSearchKinds() throws Exception {
        JsonNode doc = ok("/api/v1/openapi.json");
        JsonNode list = doc.get("paths").get("/api/v1/killmails").get("get");
        List<String> parameters = new ArrayList<>();
        list.get("parameters").forEach(p -> parameters.add(p.has("name") ? p.get("name").asText() : p.get("$ref").asText()));
        assertThat(parameters).contains("order", "limit", "#/components/parameters/window",
                "#/components/parameters/include_npc");
        JsonNode schemas = doc.get("components").get("schemas");
        List<String> detail = new ArrayList<>();
        schemas.get("KillmailDetail").get("properties").fieldNames().forEachRemaining(detail::add);
        assertThat(detail).contains("participants", "attackers", "attacker_summary", "fit", "fit_values");
        List<String> kinds = new ArrayList<>();
        schemas.get("SearchResult").get("properties").get("kind").get("enum").forEach(k -> kinds.add(k.asText()));
        assertThat(kinds).contains("region", "constellation");
    }

    private List<Long> ids(JsonNode list) {
        List<Long> ids = new ArrayList<>();
        list.get("items").forEach(i -> ids.add(i.get("killmail_id").asLong()));
        return ids;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }
}
