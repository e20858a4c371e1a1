package dev.evedmv.intel;

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
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.ItemSlot;
import dev.evedmv.testing.KillmailFixtures;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The killmail page's answer ({@code GET /api/v1/killmails/{id}}): the victim's items by slot with their values and
 * totals, the attackers by damage with the final blow first, and the summary of a killmail with more than 50
 * attackers, each checked against a count made here over the hand-built killmail.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillmailPageTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    static final long VICTIM = 95_200_001L, ALICE = 95_200_002L, BOB = 95_200_003L, CAROL = 95_200_004L;
    static final long CORP_X = 98_200_001L, CORP_Y = 98_200_002L, CORP_Z = 98_200_003L, NPC_CORP = 1_000_125L;
    static final long ALLIANCE_A = 99_200_001L, ALLIANCE_B = 99_200_002L;
    static final int GUARDIAN_FACTION = 500_010;
    static final int MOROS = 19724, RIFTER = 587, CARACAL = 621, NEUTRON = 2488;

    /** The victim's items as ESI lists them: every slot, a container with contents, a BPC, a type without price. */
    static final String ITEMS = """
            [{"item_type_id":2488,"flag":27,"quantity_destroyed":1,"singleton":0},
             {"item_type_id":2488,"flag":28,"quantity_dropped":1,"singleton":0},
             {"item_type_id":526,"flag":19,"quantity_destroyed":1,"singleton":0},
             {"item_type_id":11325,"flag":11,"quantity_dropped":1,"singleton":0},
             {"item_type_id":31055,"flag":92,"quantity_destroyed":1,"singleton":0},
             {"item_type_id":2456,"flag":87,"quantity_destroyed":2,"quantity_dropped":3,"singleton":0},
             {"item_type_id":3467,"flag":5,"quantity_dropped":1,"singleton":0,
              "items":[{"item_type_id":1230,"flag":5,"quantity_destroyed":100,"quantity_dropped":50,"singleton":0}]},
             {"item_type_id":12345,"flag":5,"quantity_dropped":1,"singleton":2},
             {"item_type_id":4444,"flag":5,"quantity_destroyed":7,"singleton":0},
             {"item_type_id":13283,"flag":89,"quantity_destroyed":1,"singleton":0},
             {"item_type_id":5555,"flag":64,"quantity_dropped":1,"singleton":0}]""";

    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    void start(TestDatabase db) {
        new KillmailWriter(db.database(), CLOCK).write(killmails(), "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name) VALUES
                    (95200002, 'character', 'Alice Alpha'), (98200001, 'corporation', 'Xenon Corp'),
                    (98200003, 'corporation', 'Zulu Corp'), (99200001, 'alliance', 'Alpha Alliance');
                INSERT INTO sde_categories (category_id, name) VALUES (6, 'Ship'), (7, 'Module');
                INSERT INTO sde_groups (group_id, category_id, name) VALUES (25, 6, 'Frigate'), (485, 6, 'Dreadnought'),
                    (26, 6, 'Cruiser'), (74, 7, 'Hybrid Weapon');
                INSERT INTO sde_types (type_id, group_id, name) VALUES
                    (19724, 485, 'Moros'), (587, 25, 'Rifter'), (621, 26, 'Caracal'),
                    (2488, 74, 'Light Neutron Blaster II'), (526, 74, 'Stasis Webifier II'), (11325, 74, '1600mm Steel Plates II'),
                    (31055, 74, 'Large Trimark Armor Pump I'), (2456, 74, 'Hobgoblin II'), (3467, 74, 'Small Secure Container'),
                    (1230, 74, 'Veldspar'), (13283, 74, 'Genolution Core Augmentation CA-1'), (12345, 74, 'Rifter Blueprint'),
                    (4444, 74, 'Unpriced Thing'), (5555, 74, 'Odd Thing');
                INSERT INTO prices (type_id, average_price, adjusted_price) VALUES
                    (19724, 2000000000, NULL), (2488, 1000000, NULL), (526, 500000, NULL), (11325, 2000000, NULL),
                    (31055, NULL, 3000000), (2456, 100000, NULL), (3467, 10000, NULL), (1230, 10, NULL),
                    (13283, 50000000, NULL), (12345, 999999, NULL), (5555, 7, NULL)"""));
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new IntelRoutes(new IntelQueries(db.database()), CLOCK));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Attacker attacker(Long character, Long corporation, Long alliance, Integer faction, int ship, int damage,
                             boolean finalBlow) {
        return new Attacker(character, corporation, alliance, faction, ship, NEUTRON, damage, finalBlow, -1.0);
    }

    static List<DerivedKillmail> killmails() {
        List<DerivedKillmail> all = new ArrayList<>();
        all.add(killmail(7001, "2026-11-25T10:00:00Z").victim(victim(VICTIM, CORP_Y, null, MOROS))
                .attacker(attacker(ALICE, CORP_X, ALLIANCE_A, null, RIFTER, 300, false))
                .attacker(attacker(BOB, CORP_X, ALLIANCE_A, null, CARACAL, 100, true))
                .attacker(attacker(CAROL, CORP_Z, null, null, RIFTER, 900, false))
                .attacker(attacker(null, NPC_CORP, null, null, RIFTER, 300, false))
                .labels("cat:6", "#:2+")
                .rawEsi("{\"killmail_id\":7001,\"victim\":{\"ship_type_id\":19724,\"items\":" + ITEMS + "}}")
                .build());
        // 60 attackers: alliance A's two corporations (X 20, Z 10 under the alliance), corporation Y alone 20,
        // a faction's NPCs 6, NPCs of an NPC corporation 3, one with no group at all
        KillmailFixtures.Builder big = killmail(7002, "2026-11-26T10:00:00Z").victim(victim(VICTIM, CORP_Y, null, RIFTER));
        for (int i = 0; i < 20; i++) {
            big.attacker(attacker(96_000_000L + i, CORP_X, ALLIANCE_A, null, CARACAL, 10, i == 5));
        }
        for (int i = 0; i < 10; i++) {
            big.attacker(attacker(96_000_100L + i, CORP_Z, ALLIANCE_A, null, RIFTER, 10, false));
        }
        for (int i = 0; i < 20; i++) {
            big.attacker(attacker(96_000_200L + i, CORP_Y, null, null, RIFTER, 5, false));
        }
        for (int i = 0; i < 6; i++) {
            big.attacker(attacker(null, null, null, GUARDIAN_FACTION, MOROS, 1, false));
        }
        for (int i = 0; i < 3; i++) {
            big.attacker(attacker(null, NPC_CORP, null, null, MOROS, 1, false));
        }
        big.attacker(new Attacker(null, null, null, null, null, null, 0, false, 0.0));
        all.add(big.build());
        // as many attackers as the summary's threshold: no summary
        KillmailFixtures.Builder fifty = killmail(7003, "2026-11-26T11:00:00Z").victim(victim(VICTIM, CORP_Y, null, RIFTER));
        for (int i = 0; i < AttackerSummary.MIN_ATTACKERS; i++) {
            fifty.attacker(attacker(96_001_000L + i, CORP_X, ALLIANCE_A, null, CARACAL, 10, i == 0));
        }
        all.add(fifty.build());
        return all;
    }

    @Test
    void slotsFollowEveInventoryFlags() {
        assertThat(List.of(27, 34, 19, 26, 11, 18, 92, 99, 125, 132, 87, 5, 89, 88, 158, 163, 155, 90, 134, 64, 0))
                .extracting(ItemSlot::of)
                .containsExactly(ItemSlot.HIGH, ItemSlot.HIGH, ItemSlot.MID, ItemSlot.MID, ItemSlot.LOW, ItemSlot.LOW,
                        ItemSlot.RIGS, ItemSlot.RIGS, ItemSlot.SUBSYSTEMS, ItemSlot.SUBSYSTEMS, ItemSlot.DRONE_BAY,
                        ItemSlot.CARGO, ItemSlot.IMPLANTS, ItemSlot.BOOSTERS, ItemSlot.FIGHTER_BAY, ItemSlot.FIGHTER_BAY,
                        ItemSlot.FLEET_HANGAR, ItemSlot.SHIP_HANGAR, ItemSlot.SPECIALIZED_HOLDS, ItemSlot.OTHER,
                        ItemSlot.OTHER);
    }

    @Test
    void victimItemsAreGroupedBySlotWithTheirValues() throws Exception {
        JsonNode km = ok("/api/v1/killmails/7001");
        JsonNode fit = km.get("fit");
        List<String> slots = new ArrayList<>();
        fit.forEach(g -> slots.add(g.get("slot").asText()));
        assertThat(slots).containsExactly("high", "mid", "low", "rigs", "drone_bay", "cargo", "implants", "other");
        JsonNode high = fit.get(0);
        assertThat(high.get("label").asText()).isEqualTo("High slots");
        assertThat(high.get("fitted").asBoolean()).isTrue();
        assertThat(high.get("items")).hasSize(2);
        assertThat(high.get("items").get(0).get("name").asText()).isEqualTo("Light Neutron Blaster II");
        assertThat(high.get("items").get(0).get("quantity_destroyed").asLong()).isEqualTo(1);
        assertThat(high.get("items").get(1).get("quantity_dropped").asLong()).isEqualTo(1);
        assertThat(high.get("items").get(1).get("value").decimalValue()).isEqualByComparingTo("1000000");
        assertThat(fit.get(3).get("items").get(0).get("value").decimalValue())
                .as("the adjusted price when there is no average").isEqualByComparingTo("3000000");
        JsonNode drones = fit.get(4).get("items").get(0);
        assertThat(drones.get("name").asText()).isEqualTo("Hobgoblin II");
        assertThat(drones.get("value").decimalValue()).isEqualByComparingTo("500000");
        JsonNode cargo = fit.get(5).get("items");
        assertThat(cargo.get(0).get("name").asText()).isEqualTo("Small Secure Container");
        assertThat(cargo.get(0).get("items").get(0).get("name").asText()).isEqualTo("Veldspar");
        assertThat(cargo.get(0).get("items").get(0).get("value").decimalValue()).isEqualByComparingTo("1500");
        assertThat(cargo.get(1).get("blueprint_copy").asBoolean()).isTrue();
        assertThat(cargo.get(1).get("value").decimalValue()).as("a blueprint copy is worth nothing").isEqualByComparingTo("0");
        assertThat(cargo.get(2).get("value").isNull()).as("a type without a price has no value").isTrue();
        assertThat(fit.get(7).get("items").get(0).get("flag").asInt()).isEqualTo(64);

        // counted here: ship 2,000,000,000 destroyed; dropped: blaster 1M, plates 2M, 3 drones 300k, can 10k,
        // 50 Veldspar 500, the odd thing 7; destroyed: blaster 1M, web 500k, rig 3M, 2 drones 200k,
        // 100 Veldspar 1,000, implant 50M; fitted: ship + high, mid, low, rigs
        JsonNode values = km.get("fit_values");
        assertThat(values.get("ship").decimalValue()).isEqualByComparingTo("2000000000");
        assertThat(values.get("dropped").decimalValue()).isEqualByComparingTo("3310507");
        assertThat(values.get("destroyed").decimalValue()).isEqualByComparingTo("2054701000");
        assertThat(values.get("fitted").decimalValue()).isEqualByComparingTo("2007500000");
        assertThat(values.get("total").decimalValue()).isEqualByComparingTo("2058011507");
        assertThat(km.get("total_value").decimalValue()).as("the killmail's value stays as it was")
                .isEqualByComparingTo("1000000");
        assertThat(km.has("victim_items") || km.has("item_types")).as("the query's raw items are not written").isFalse();
    }

    @Test
    void attackersAreSortedByDamageWithTheFinalBlowFirst() throws Exception {
        JsonNode km = ok("/api/v1/killmails/7001");
        List<Long> slots = new ArrayList<>();
        km.get("attackers").forEach(a -> slots.add(a.get("slot").asLong()));
        // Bob (slot 2) has the final blow with 100; then Carol 900; Alice 300 and the NPC 300 by slot
        assertThat(slots).containsExactly(2L, 3L, 1L, 4L);
        List<Long> payloadOrder = new ArrayList<>();
        km.get("participants").forEach(p -> payloadOrder.add(p.get("slot").asLong()));
        assertThat(payloadOrder).as("participants keep the payload's order").containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(km.get("attacker_summary").isNull()).as("4 attackers: no summary").isTrue();
        assertThat(km.get("label_names").get(1).asText()).isEqualTo("2+ attackers");
        assertThat(ok("/api/v1/killmails/7003").get("attacker_summary").isNull())
                .as("exactly 50 attackers: no summary").isTrue();
    }

    @Test
    void moreThanFiftyAttackersAreSummedUpByGroupAndShip() throws Exception {
        JsonNode km = ok("/api/v1/killmails/7002");
        assertThat(km.get("attacker_count").asInt()).isEqualTo(60);
        JsonNode summary = km.get("attacker_summary");
        List<String> groups = new ArrayList<>();
        summary.get("groups").forEach(g -> groups.add(g.get("kind").asText() + " " + g.get("id").asLong() + " "
                + g.get("attackers").asInt() + " " + g.get("damage").asLong()));
        assertThat(groups).containsExactly(
                "alliance " + ALLIANCE_A + " 30 300",
                "corporation " + CORP_Y + " 20 100",
                "faction " + GUARDIAN_FACTION + " 6 6",
                "corporation " + NPC_CORP + " 3 3");
        assertThat(summary.get("groups").get(0).get("name").asText()).isEqualTo("Alpha Alliance");
        List<String> ships = new ArrayList<>();
        summary.get("ships").forEach(s -> ships.add(s.get("name").asText() + " " + s.get("attackers").asInt()));
        // Rifter 30 and Caracal 20 and Moros 9: the attacker without a ship is in no line
        assertThat(ships).containsExactly("Rifter 30", "Caracal 20", "Moros 9");
        assertThat(km.get("attackers").get(0).get("final_blow").asBoolean()).isTrue();
    }

    private JsonNode ok(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return mapper.readTree(response.body());
    }
}
