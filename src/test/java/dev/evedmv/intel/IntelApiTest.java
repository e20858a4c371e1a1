package dev.evedmv.intel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.cli.Main;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Every counting rule of docs/counting-rules.md through the HTTP API, on hand-built killmails whose expected
 * figures are worked out in the comments of {@link #killmails()}.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntelApiTest {
    static final long ALICE = 95_000_001L, BOB = 95_000_002L, CAROL = 95_000_003L, DAVE = 95_000_004L,
            ERIN = 95_000_005L, FRANK = 95_000_006L, MALICE = 95_000_051L, NPC_AGENT = 3_000_001L;
    static final long CORP_X = 98_000_010L, CORP_Y = 98_000_020L, CORP_Z = 98_000_030L, NPC_CORP = 1_000_125L;
    static final long ALLIANCE_A = 99_000_100L;
    static final int RIFTER = 587, MACHARIEL = 17738, AVATAR = 11567, NPC_SHIP = 23707;
    static final int AMAMAKE = 30002187, JITA = 30000142, DOMAIN = 10000043, THE_FORGE = 10000002;
    /** Friday 2026-11-27 noon UTC: the 7d window is [2026-11-21, 2026-11-28). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private TestDatabase db;
    private HttpServer server;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        new KillmailWriter(db.database(), CLOCK).write(killmails(), "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name) VALUES
                    (95000001, 'character', 'Alice Alpha'), (95000002, 'character', 'Bob Bravo'),
                    (95000003, 'character', 'Carol Charlie'), (95000004, 'character', 'Dave Delta'),
                    (95000006, 'character', 'Frank Foxtrot'), (95000051, 'character', 'Malice'),
                    (98000010, 'corporation', 'Xenon Corp'), (98000020, 'corporation', 'Yankee Corp'),
                    (99000100, 'alliance', 'Alpha Alliance');
                INSERT INTO sde_categories (category_id, name) VALUES (6, 'Ship'), (7, 'Module'), (11, 'Entity');
                INSERT INTO sde_groups (group_id, category_id, name) VALUES
                    (25, 6, 'Frigate'), (27, 6, 'Battleship'), (30, 6, 'Titan'), (74, 7, 'Hybrid Weapon'), (288, 11, 'Rats');
                INSERT INTO sde_types (type_id, group_id, name) VALUES
                    (587, 25, 'Rifter'), (17738, 27, 'Machariel'), (11567, 30, 'Avatar'), (23707, 288, 'Guristas Rat'),
                    (2488, 74, 'Light Neutron Blaster II'), (33333, 25, 'Alice''s Frigate'), (44444, 74, 'Alice Module');
                INSERT INTO sde_regions (region_id, name) VALUES (10000043, 'Domain'), (10000002, 'The Forge');
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security) VALUES
                    (30002187, 20000322, 10000043, 'Amamake', 0.4), (30000142, 20000020, 10000002, 'Jita', 0.9),
                    (30000003, 20000001, 10000002, 'Alicetown', 0.1)"""));
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new IntelRoutes(new IntelQueries(db.database()), CLOCK));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /**
     * Corporation X (alliance A): Alice, Carol, Dave. Corporation Y: Bob, Erin. Corporation Z: Frank.
     * Alice is on every non-npc killmail as an attacker (9 kills, 8 final blows, 16 attackers on her kills).
     */
    static List<DerivedKillmail> killmails() {
        Attacker alice = attacker(ALICE, CORP_X, ALLIANCE_A, MACHARIEL, true);
        return List.of(
                // Monday 17h (eu): Alice and Carol kill Bob; corp X gets one kill however many members were on it
                killmail(1001, "2026-11-02T17:30:00Z").victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(alice).attacker(attacker(CAROL, CORP_X, ALLIANCE_A, RIFTER, false))
                        .value("5000000.50").build(),
                // Tuesday 8h (au): awox, solo: Alice kills her corpmate Dave
                killmail(1002, "2026-11-03T08:15:00Z").victim(victim(DAVE, CORP_X, ALLIANCE_A, RIFTER))
                        .attacker(alice).solo().awox().value("20000").build(),
                // npc: rats kill Bob
                killmail(1003, "2026-11-03T23:59:59Z").victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(attacker(null, NPC_CORP, null, NPC_SHIP, true)).npc().value("100").build(),
                // the last second before the 7d window (Friday 23h, use) and its first (Saturday 0h, use)
                killmail(1004, "2026-11-20T23:59:59Z").victim(victim(ERIN, CORP_Y, null, RIFTER))
                        .attacker(alice).value("1000").build(),
                killmail(1005, "2026-11-21T00:00:00Z").victim(victim(ERIN, CORP_Y, null, RIFTER))
                        .attacker(alice).value("2000").build(),
                // Wednesday 10h (au), twice at the same second; Dave has the final blow on 1006
                killmail(1006, "2026-11-25T10:00:00Z").victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(attacker(ALICE, CORP_X, ALLIANCE_A, MACHARIEL, false))
                        .attacker(attacker(DAVE, CORP_X, ALLIANCE_A, RIFTER, true))
                        .attacker(attacker(CAROL, CORP_X, ALLIANCE_A, RIFTER, false)).value("3000").build(),
                killmail(1010, "2026-11-25T10:00:00Z").victim(victim(ERIN, CORP_Y, null, RIFTER))
                        .attacker(alice).value("4000").build(),
                // Wednesday 11h (au): five attackers, of them three player characters (Erin of corp Y flies the Avatar)
                killmail(1007, "2026-11-25T11:00:00Z").victim(victim(FRANK, CORP_Z, null, RIFTER))
                        .attacker(alice).attacker(attacker(DAVE, CORP_X, ALLIANCE_A, MACHARIEL, false))
                        .attacker(attacker(ERIN, CORP_Y, null, AVATAR, false))
                        .attacker(attacker(null, NPC_CORP, null, NPC_SHIP, false))
                        .attacker(attacker(NPC_AGENT, NPC_CORP, null, NPC_SHIP, false)).value("6000000").build(),
                // October, Thursday 20h (eu)
                killmail(1008, "2026-10-15T20:00:00Z").victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(alice).value("300")
                        .labels("tz:eu", "cat:6", "#:10+", "pvp", "loc:nullsec", "cat:4242", "isk:10b+").build(),
                // Thursday 15h (ru) in Jita
                killmail(1009, "2026-11-26T15:00:00Z").system(JITA, THE_FORGE).victim(victim(BOB, CORP_Y, null, RIFTER))
                        .attacker(alice).value("700").build());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        return mapper.readTree(r.body());
    }

    private static List<Long> ids(JsonNode list, String field) {
        List<Long> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.get(field).asLong()));
        return ids;
    }

    @Test
    void characterSummaryFollowsTheCountingRules() throws Exception {
        JsonNode alice = ok("/api/v1/characters/" + ALICE + "?window=all");
        assertThat(alice.get("id").asLong()).isEqualTo(ALICE);
        assertThat(alice.get("name").asText()).isEqualTo("Alice Alpha");
        assertThat(alice.get("kills").asLong()).isEqualTo(9);
        assertThat(alice.get("losses").asLong()).isZero();
        assertThat(alice.get("isk_destroyed").decimalValue()).isEqualByComparingTo("11031000.50");
        assertThat(alice.get("solo_kills").asLong()).isEqualTo(1);
        assertThat(alice.get("final_blows").asLong()).as("not on 1006, where Dave had it").isEqualTo(8);
        assertThat(alice.get("danger_ratio").asInt()).isEqualTo(100);
        assertThat(alice.get("gang_ratio").asInt()).as("100 - floor(100 * 1 / 9)").isEqualTo(89);
        assertThat(alice.get("avg_gang_size").decimalValue()).as("16 attackers / 9 kills").isEqualByComparingTo("1.78");
        assertThat(ids(alice.get("top_ships"), "type_id")).containsExactly((long) MACHARIEL);
        assertThat(alice.get("top_ships").get(0).get("name").asText()).isEqualTo("Machariel");
        assertThat(alice.get("top_ships").get(0).get("kills").asLong()).isEqualTo(9);
        assertThat(ids(alice.get("top_systems"), "system_id")).containsExactly((long) AMAMAKE, (long) JITA);
        assertThat(alice.get("top_systems").get(0).get("kills").asLong()).isEqualTo(8);
        assertThat(alice.has("top_members")).isFalse();

        // Carol (1001, 1006) and Dave (1006, 1007) tie at 2: id ascending; Erin (1007) has no name;
        // the NPC and the NPC agent (id 3,000,001) on 1007 are no associates
        JsonNode associates = alice.get("associates");
        assertThat(ids(associates, "character_id")).containsExactly(CAROL, DAVE, ERIN);
        assertThat(ids(associates, "shared_kills")).containsExactly(2L, 2L, 1L);
        assertThat(associates.get(0).get("name").asText()).isEqualTo("Carol Charlie");
        assertThat(associates.get(2).get("name").isNull()).isTrue();
        assertThat(ok("/api/v1/characters/" + ALICE + "?window=all&limit=1").get("associates")).hasSize(1);
    }

    @Test
    void heatmapTimezonesAndMonthly() throws Exception {
        JsonNode alice = ok("/api/v1/characters/" + ALICE + "?window=all");
        JsonNode heatmap = alice.get("heatmap");
        assertThat(heatmap).hasSize(7);
        heatmap.forEach(day -> assertThat(day).hasSize(24));
        assertThat(heatmap.get(0).get(17).asInt()).as("Monday 17h").isEqualTo(1);
        assertThat(heatmap.get(2).get(10).asInt()).as("Wednesday 10h, twice").isEqualTo(2);
        assertThat(heatmap.get(4).get(23).asInt()).as("Friday 23:59:59").isEqualTo(1);
        assertThat(heatmap.get(5).get(0).asInt()).as("Saturday 00:00:00").isEqualTo(1);
        int sum = 0;
        for (JsonNode day : heatmap) {
            for (JsonNode cell : day) {
                sum += cell.asInt();
            }
        }
        assertThat(sum).isEqualTo(9);
        assertThat(alice.get("timezones").toString()).isEqualTo("{\"au\":4,\"eu\":2,\"ru\":1,\"use\":2,\"usw\":0}");
        JsonNode monthly = alice.get("monthly");
        assertThat(monthly).hasSize(2);
        assertThat(monthly.get(0).get("month").asText()).isEqualTo("2026-10");
        assertThat(monthly.get(0).get("kills").asInt()).isEqualTo(1);
        assertThat(monthly.get(0).get("isk_destroyed").decimalValue()).isEqualByComparingTo("300");
        assertThat(monthly.get(1).get("month").asText()).isEqualTo("2026-11");
        assertThat(monthly.get(1).get("kills").asInt()).isEqualTo(8);
        assertThat(monthly.get(1).get("isk_destroyed").decimalValue()).isEqualByComparingTo("11030700.50");
    }

    @Test
    void windowsEndAtMidnightUtc() throws Exception {
        // 7d = [2026-11-21, 2026-11-28): 1005 at 00:00:00 is in, 1004 at 23:59:59 the day before is out
        JsonNode week = ok("/api/v1/characters/" + ALICE + "?window=7d");
        assertThat(week.get("kills").asLong()).isEqualTo(5);
        assertThat(week.get("heatmap").get(5).get(0).asInt()).isEqualTo(1);
        assertThat(week.get("heatmap").get(4).get(23).asInt()).isZero();
        JsonNode friday = ok("/api/v1/characters/" + ALICE + "?since=2026-11-20&until=2026-11-21");
        assertThat(friday.get("kills").asLong()).isEqualTo(1);
        assertThat(friday.get("isk_destroyed").decimalValue()).isEqualByComparingTo("1000");
        assertThat(ok("/api/v1/characters/" + ALICE).get("kills").asLong()).as("default 90d").isEqualTo(9);
        assertThat(ok("/api/v1/characters/" + ALICE + "?since=2026-11-21").get("kills").asLong()).isEqualTo(5);
        assertThat(ok("/api/v1/characters/" + ALICE + "?until=2026-11-21").get("kills").asLong()).isEqualTo(4);
    }

    @Test
    void corporationCountedOncePerKillmailWithAwoxKillAndLoss() throws Exception {
        JsonNode x = ok("/api/v1/corporations/" + CORP_X + "?window=all");
        assertThat(x.get("name").asText()).isEqualTo("Xenon Corp");
        assertThat(x.get("kills").asLong()).as("1001 counts once with two members on it").isEqualTo(9);
        assertThat(x.get("losses").asLong()).as("the awox 1002").isEqualTo(1);
        assertThat(x.get("isk_lost").decimalValue()).isEqualByComparingTo("20000");
        assertThat(x.get("solo_kills").asLong()).isEqualTo(1);
        assertThat(x.get("solo_losses").asLong()).isEqualTo(1);
        assertThat(x.get("final_blows").asLong()).as("Dave's on 1006 counts for the corporation").isEqualTo(9);
        assertThat(x.get("danger_ratio").asInt()).isEqualTo(90);
        assertThat(x.has("associates")).isFalse();
        assertThat(ids(x.get("top_members"), "character_id")).containsExactly(ALICE, CAROL, DAVE);
        assertThat(ids(x.get("top_members"), "kills")).containsExactly(9L, 2L, 2L);
        // E's own pilots: Machariel (Alice, Dave) 9, Rifter (Carol, Dave) 2; not Erin's Avatar on 1007
        assertThat(ids(x.get("top_ships"), "type_id")).containsExactly((long) MACHARIEL, (long) RIFTER);
        assertThat(ids(x.get("top_ships"), "kills")).containsExactly(9L, 2L);

        JsonNode y = ok("/api/v1/corporations/" + CORP_Y + "?window=all");
        assertThat(ids(y.get("top_ships"), "type_id")).containsExactly((long) AVATAR);

        JsonNode a = ok("/api/v1/alliances/" + ALLIANCE_A + "?window=all");
        assertThat(a.get("name").asText()).isEqualTo("Alpha Alliance");
        assertThat(a.get("kills").asLong()).isEqualTo(9);
        assertThat(a.get("losses").asLong()).isEqualTo(1);
        assertThat(ids(a.get("top_members"), "character_id")).containsExactly(ALICE, CAROL, DAVE);
    }

    @Test
    void npcKillmailsAreLeftOutUnlessAskedFor() throws Exception {
        JsonNode bob = ok("/api/v1/characters/" + BOB + "?window=all");
        assertThat(bob.get("losses").asLong()).isEqualTo(4);
        assertThat(bob.get("isk_lost").decimalValue()).isEqualByComparingTo("5004000.50");
        assertThat(bob.get("danger_ratio").asInt()).isZero();
        assertThat(bob.get("gang_ratio").asInt()).isZero();
        JsonNode withNpc = ok("/api/v1/characters/" + BOB + "?window=all&include_npc=true");
        assertThat(withNpc.get("losses").asLong()).isEqualTo(5);
        assertThat(withNpc.get("isk_lost").decimalValue()).isEqualByComparingTo("5004100.50");
        assertThat(ok("/api/v1/systems/" + AMAMAKE + "?window=all").get("kills").asLong()).isEqualTo(8);
        assertThat(ok("/api/v1/systems/" + AMAMAKE + "?window=all&include_npc=true").get("kills").asLong()).isEqualTo(9);
    }

    @Test
    void shipSystemAndRegionSummaries() throws Exception {
        JsonNode machariel = ok("/api/v1/ships/" + MACHARIEL + "?window=all");
        assertThat(machariel.get("name").asText()).isEqualTo("Machariel");
        assertThat(machariel.get("kills").asLong()).isEqualTo(9);
        // ship types: any attacker's ship on the kills
        assertThat(ids(machariel.get("top_ships"), "type_id"))
                .containsExactly((long) MACHARIEL, (long) RIFTER, (long) AVATAR, (long) NPC_SHIP);
        assertThat(ok("/api/v1/ships/" + RIFTER + "?window=all").get("losses").asLong()).isEqualTo(9);

        JsonNode amamake = ok("/api/v1/systems/" + AMAMAKE + "?window=all");
        assertThat(amamake.get("name").asText()).isEqualTo("Amamake");
        assertThat(amamake.has("top_systems")).isFalse();
        assertThat(amamake.has("associates") || amamake.has("top_members")).isFalse();

        JsonNode domain = ok("/api/v1/regions/" + DOMAIN + "?window=all");
        assertThat(domain.get("name").asText()).isEqualTo("Domain");
        assertThat(domain.get("kills").asLong()).isEqualTo(8);
        assertThat(ids(domain.get("top_systems"), "system_id")).containsExactly((long) AMAMAKE);
    }

    @Test
    void anIdWithoutDataHasZeroCounts() throws Exception {
        JsonNode nobody = ok("/api/v1/characters/95000999");
        assertThat(nobody.get("name").isNull()).isTrue();
        assertThat(nobody.get("kills").asLong()).isZero();
        assertThat(nobody.get("isk_destroyed").decimalValue()).isEqualByComparingTo("0");
        assertThat(nobody.get("avg_gang_size").decimalValue()).isEqualByComparingTo("0");
        assertThat(nobody.get("heatmap")).hasSize(7);
        assertThat(nobody.get("heatmap").get(6)).hasSize(24);
        assertThat(nobody.get("timezones").toString()).isEqualTo("{\"au\":0,\"eu\":0,\"ru\":0,\"use\":0,\"usw\":0}");
        assertThat(nobody.get("monthly")).isEmpty();
        assertThat(nobody.get("associates")).isEmpty();
        List<String> fields = new ArrayList<>();
        nobody.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "name", "kills", "losses", "isk_destroyed", "isk_lost", "solo_kills",
                "solo_losses", "final_blows", "danger_ratio", "gang_ratio", "avg_gang_size", "heatmap", "timezones",
                "monthly", "top_ships", "top_systems", "associates", "top_enemies", "top_killers");
    }

    /** A system or region hosts killmails and never loses one: no figure of the losing side, absent rather than 0. */
    @ParameterizedTest
    @ValueSource(strings = {"systems/" + AMAMAKE, "regions/" + DOMAIN})
    void systemsAndRegionsLeaveOutTheFiguresOfTheLosingSide(String entity) throws Exception {
        JsonNode place = ok("/api/v1/" + entity + "?window=all");
        List<String> fields = new ArrayList<>();
        place.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(entity).contains("kills", "isk_destroyed", "solo_kills", "gang_ratio", "avg_gang_size")
                .doesNotContain("losses", "isk_lost", "solo_losses", "final_blows", "danger_ratio");
        assertThat(place.get("kills").asLong()).isEqualTo(8);
        assertThat(place.get("monthly")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.has("kills") && m.has("isk_destroyed")).isTrue();
            assertThat(m.has("losses") || m.has("isk_lost")).as(m.toString()).isFalse();
        });
    }

    /** Ship types are on both sides: lost as the victim's ship, killing and landing final blows as attackers' ships. */
    @Test
    void shipTypesKeepEveryFigure() throws Exception {
        JsonNode rifter = ok("/api/v1/ships/" + RIFTER + "?window=all");
        assertThat(rifter.get("losses").asLong()).isEqualTo(9);
        assertThat(rifter.get("final_blows").asLong()).as("Dave's Rifter on 1006").isEqualTo(1);
        assertThat(rifter.has("isk_lost") && rifter.has("solo_losses") && rifter.has("danger_ratio")).isTrue();
        assertThat(rifter.get("monthly").get(0).has("losses")).isTrue();
    }

    @Test
    void querySystemPrintsNoFigureOfTheLosingSide() throws Exception {
        String since = "--since=2026-10-01", until = "--until=2026-12-01";
        Run table = run("query", "system", Integer.toString(AMAMAKE), since, until);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Amamake", "kills", "isk destroyed", "gang ratio")
                .doesNotContain("losses", "isk lost", "final blows", "danger ratio");
        Run json = run("query", "region", Integer.toString(DOMAIN), since, until, "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out().strip())
                .isEqualTo(get("/api/v1/regions/" + DOMAIN + "?since=2026-10-01&until=2026-12-01").body())
                .doesNotContain("losses", "isk_lost", "final_blows", "danger_ratio");
        Run pilot = run("query", "character", Long.toString(BOB), since, until);
        assertThat(pilot.out()).contains("losses", "isk lost", "solo losses", "final blows", "danger ratio");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/characters/abc", "/api/v1/characters/0", "/api/v1/characters/-5", "/api/v1/ships/3000000000",
        "/api/v1/planets/1", "/api/v1/characters/1?window=5d", "/api/v1/characters/1?since=2026-11-02&until=2026-11-01",
        "/api/v1/characters/1?since=2026-11-02&until=2026-11-02", "/api/v1/characters/1?window=7d&since=2026-11-01",
        "/api/v1/characters/1?since=2026-13-01", "/api/v1/characters/1?limit=101", "/api/v1/characters/1?limit=0",
        "/api/v1/characters/1?include_npc=yes", "/api/v1/characters/1/kills?limit=201",
        "/api/v1/characters/1/kills?before=not-a-cursor", "/api/v1/planets/1/kills", "/api/v1/killmails/x",
        "/api/v1/top?kind=planet", "/api/v1/top", "/api/v1/top?kind=character&by=deaths",
        "/api/v1/top?kind=character&limit=101", "/api/v1/search?q=a", "/api/v1/search"})
    void badInputIsA400WithErrorAndDetail(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank();
    }

    @Test
    void activityListsPageNewestFirst() throws Exception {
        List<Long> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = ok("/api/v1/characters/" + ALICE + "/kills?limit=4" + (next == null ? "" : "&before=" + next));
            pageSizes.add(page.get("items").size());
            seen.addAll(ids(page.get("items"), "killmail_id"));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        // 1010 and 1006 share their second: the higher id first
        assertThat(seen).containsExactly(1009L, 1007L, 1010L, 1006L, 1005L, 1004L, 1002L, 1001L, 1008L);
        assertThat(pageSizes).containsExactly(4, 4, 1);

        JsonNode first = ok("/api/v1/characters/" + ALICE + "/kills?limit=1").get("items").get(0);
        assertThat(first.get("killmail_time").asText()).isEqualTo("2026-11-26T15:00:00Z");
        assertThat(first.get("solar_system_id").asInt()).isEqualTo(JITA);
        assertThat(first.get("solar_system_name").asText()).isEqualTo("Jita");
        assertThat(first.get("victim").get("character_name").asText()).isEqualTo("Bob Bravo");
        assertThat(first.get("victim").get("corporation_name").asText()).isEqualTo("Yankee Corp");
        assertThat(first.get("victim").get("alliance_id").isNull()).isTrue();
        assertThat(first.get("victim").get("ship_name").asText()).isEqualTo("Rifter");
        assertThat(first.get("total_value").decimalValue()).isEqualByComparingTo("700");
        assertThat(first.get("attacker_count").asInt()).isEqualTo(1);

        assertThat(ok("/api/v1/characters/" + ALICE + "/losses").get("items")).isEmpty();
        assertThat(ids(ok("/api/v1/corporations/" + CORP_X + "/losses").get("items"), "killmail_id")).containsExactly(1002L);
        assertThat(ids(ok("/api/v1/corporations/" + CORP_X + "/kills?limit=200").get("items"), "killmail_id"))
                .as("one row per killmail").containsExactly(1009L, 1007L, 1010L, 1006L, 1005L, 1004L, 1002L, 1001L, 1008L);
        assertThat(ids(ok("/api/v1/characters/" + BOB + "/losses?include_npc=true").get("items"), "killmail_id"))
                .containsExactly(1009L, 1006L, 1003L, 1001L, 1008L);
        assertThat(ids(ok("/api/v1/ships/" + AVATAR + "/kills").get("items"), "killmail_id")).containsExactly(1007L);
        assertThat(ids(ok("/api/v1/systems/" + AMAMAKE + "/kills").get("items"), "killmail_id"))
                .containsExactly(1007L, 1010L, 1006L, 1005L, 1004L, 1002L, 1001L, 1008L);
        assertThat(ids(ok("/api/v1/regions/" + THE_FORGE + "/kills").get("items"), "killmail_id")).containsExactly(1009L);
        JsonNode systemLosses = ok("/api/v1/systems/" + AMAMAKE + "/losses");
        assertThat(systemLosses.get("items")).isEmpty();
        assertThat(systemLosses.get("next").isNull()).isTrue();
    }

    @Test
    void killmailDetailHasEveryParticipantInSlotOrder() throws Exception {
        JsonNode km = ok("/api/v1/killmails/1007");
        assertThat(km.get("killmail_time").asText()).isEqualTo("2026-11-25T11:00:00Z");
        assertThat(km.get("solar_system_name").asText()).isEqualTo("Amamake");
        assertThat(km.get("region_id").asInt()).isEqualTo(DOMAIN);
        assertThat(km.get("region_name").asText()).isEqualTo("Domain");
        assertThat(km.get("security_band").asText()).isEqualTo("nullsec");
        assertThat(km.get("total_value").decimalValue()).isEqualByComparingTo("6000000");
        assertThat(km.get("npc").asBoolean()).isFalse();
        assertThat(km.get("attacker_count").asInt()).isEqualTo(5);
        assertThat(km.get("labels").get(0).asText()).isEqualTo("tz:eu");
        JsonNode participants = km.get("participants");
        assertThat(ids(participants, "slot")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(participants.get(0).get("victim").asBoolean()).isTrue();
        assertThat(participants.get(0).get("character_name").asText()).isEqualTo("Frank Foxtrot");
        assertThat(participants.get(1).get("character_name").asText()).isEqualTo("Alice Alpha");
        assertThat(participants.get(1).get("alliance_name").asText()).isEqualTo("Alpha Alliance");
        assertThat(participants.get(1).get("final_blow").asBoolean()).isTrue();
        assertThat(participants.get(1).get("ship_name").asText()).isEqualTo("Machariel");
        assertThat(participants.get(1).get("weapon_name").asText()).isEqualTo("Light Neutron Blaster II");
        assertThat(participants.get(3).get("character_name").isNull()).as("Erin's name is unknown").isTrue();
        assertThat(participants.get(4).get("character_id").isNull()).isTrue();

        assertThat(km.has("category_names")).as("the query's category names are not written").isFalse();

        JsonNode awox = ok("/api/v1/killmails/1002");
        assertThat(awox.get("awox").asBoolean()).isTrue();
        assertThat(awox.get("solo").asBoolean()).isTrue();
        HttpResponse<String> missing = get("/api/v1/killmails/424242");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(missing.body()).get("error").asText()).isEqualTo("unknown killmail");
    }

    /** Each label has a readable name in label_names, in the same order; the tags themselves stay in labels. */
    @Test
    void killmailLabelsHaveReadableNames() throws Exception {
        JsonNode km = ok("/api/v1/killmails/1008");
        List<String> labels = new ArrayList<>(), names = new ArrayList<>();
        km.get("labels").forEach(l -> labels.add(l.asText()));
        km.get("label_names").forEach(l -> names.add(l.asText()));
        assertThat(labels).containsExactly("tz:eu", "cat:6", "#:10+", "pvp", "loc:nullsec", "cat:4242", "isk:10b+");
        assertThat(names).as("a category without static data by its number, an unknown label as it is")
                .containsExactly("EU time zone", "Ship", "10+ attackers", "PvP", "Null-sec", "Category 4242", "isk:10b+");
    }

    @Test
    void topListsByKillsAndByIsk() throws Exception {
        JsonNode byKills = ok("/api/v1/top?kind=character&window=all");
        assertThat(byKills.get("by").asText()).isEqualTo("kills");
        assertThat(byKills.get("since").asText()).isEqualTo("2003-05-06");
        assertThat(byKills.get("until").asText()).isEqualTo("2026-11-28");
        assertThat(ids(byKills.get("items"), "id")).containsExactly(ALICE, CAROL, DAVE, ERIN);
        assertThat(byKills.get("items").get(0).get("name").asText()).isEqualTo("Alice Alpha");
        JsonNode byIsk = ok("/api/v1/top?kind=character&window=all&by=isk&limit=3");
        assertThat(ids(byIsk.get("items"), "id")).containsExactly(ALICE, DAVE, ERIN);
        assertThat(byIsk.get("items").get(1).get("isk_destroyed").decimalValue()).isEqualByComparingTo("6003000");
        assertThat(ids(ok("/api/v1/top?kind=character&window=7d").get("items"), "id"))
                .as("1001 and 1006 are Carol's; only 1006 is in the week").containsExactly(ALICE, DAVE, CAROL, ERIN);
        JsonNode ships = ok("/api/v1/top?kind=ship&window=all");
        assertThat(ids(ships.get("items"), "id")).startsWith((long) MACHARIEL, (long) RIFTER);
        assertThat(ships.get("items").get(0).get("name").asText()).isEqualTo("Machariel");
        JsonNode systems = ok("/api/v1/top?kind=system&window=all&include_npc=true");
        assertThat(ids(systems.get("items"), "kills")).containsExactly(9L, 1L);
        assertThat(systems.get("items").get(0).get("name").asText()).isEqualTo("Amamake");
    }

    @Test
    void searchPutsPrefixMatchesBeforeSimilarNames() throws Exception {
        JsonNode results = ok("/api/v1/search?q=Alice");
        List<String> found = new ArrayList<>();
        results.forEach(r -> found.add(r.get("kind").asText() + ":" + r.get("id").asLong() + ":" + r.get("name").asText()));
        // prefix matches alphabetically (the module is no ship), then Malice by trigram similarity
        assertThat(found).containsExactly("character:95000001:Alice Alpha", "ship:33333:Alice's Frigate",
                "system:30000003:Alicetown", "character:95000051:Malice");
        assertThat(ok("/api/v1/search?q=" + "%25_").size()).as("LIKE wildcards are literal").isZero();
        assertThat(ok("/api/v1/search?q=jita").get(0).get("kind").asText()).isEqualTo("system");
    }

    @Test
    void openApiDocumentDescribesEveryRoute() throws Exception {
        JsonNode doc = ok("/api/v1/openapi.json");
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/{kind}/{id}", "/api/v1/{kind}/{id}/kills", "/api/v1/{kind}/{id}/losses",
                "/api/v1/killmails/{id}", "/api/v1/top", "/api/v1/search");
    }

    @Test
    void queryCommandPrintsTheApisJson() throws Exception {
        String apiBody = get("/api/v1/characters/" + ALICE + "?since=2026-10-01&until=2026-12-01").body();
        Run json = run("query", "character", Long.toString(ALICE), "--since", "2026-10-01", "--until", "2026-12-01",
                "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out().strip()).isEqualTo(apiBody);

        Run table = run("query", "corporation", Long.toString(CORP_X), "--window", "all");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Xenon Corp", "kills", "top members", "Alice Alpha");

        Run bad = run("query", "character", Long.toString(ALICE), "--window", "5d");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err().strip()).isEqualTo("eve-dmv: invalid window: '5d' is none of 7d, 30d, 90d, 365d, all");
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
