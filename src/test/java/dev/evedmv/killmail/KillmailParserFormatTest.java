package dev.evedmv.killmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class KillmailParserFormatTest {
    private static final String VALID = """
            {"killmail_id":100,"killmail_time":"2024-03-01T17:05:00Z","solar_system_id":30000142,"war_id":7,
             "victim":{"character_id":95000001,"corporation_id":98000001,"ship_type_id":587,"damage_taken":120,
               "items":[{"item_type_id":2048,"flag":11,"quantity_destroyed":1,"singleton":0,
                         "items":[{"item_type_id":215,"flag":5,"quantity_dropped":200,"singleton":0}]}],
               "position":{"x":1.5,"y":2.5,"z":3.5}},
             "attackers":[{"character_id":95000002,"corporation_id":98000002,"damage_done":120,"final_blow":true,
               "security_status":-1.5,"ship_type_id":603,"weapon_type_id":2873,"some_future_field":[1,{"a":2}]}],
             "unknown_top_level":{"nested":[true,false,null]}}
            """;

    private final KillmailParser parser = new KillmailParser();

    @Test
    void plainEsiKillmailWithUnknownFieldsIgnored() {
        Killmail km = parse(VALID);
        assertThat(km.killmailId()).isEqualTo(100);
        assertThat(km.time()).isEqualTo(Instant.parse("2024-03-01T17:05:00Z"));
        assertThat(km.warId()).isEqualTo(7);
        assertThat(km.moonId()).isNull();
        assertThat(km.hash()).isNull();
        assertThat(km.victim().items()).singleElement().satisfies(item -> {
            assertThat(item.itemTypeId()).isEqualTo(2048);
            assertThat(item.items()).singleElement()
                    .isEqualTo(new Item(215, 5, 0, 200, 0, List.of()));
        });
        assertThat(km.attackers()).containsExactly(new Attacker(95000002L, 98000002L, null, null, 603, 2873, 120, true, -1.5));
        assertThat(new String(km.rawEsi(), StandardCharsets.UTF_8)).isEqualTo(VALID.strip());
    }

    /** entity_daily.killmail_ids lists a killmail's time as its second of the day. */
    @Test
    void aTimeIsKeptToTheSecond() {
        Killmail km = parse(VALID.replace("2024-03-01T17:05:00Z", "2024-03-01T17:05:00.750+00:00"));
        assertThat(km.time()).isEqualTo(Instant.parse("2024-03-01T17:05:00Z"));
    }

    @Test
    void zkillboardApiFormCarriesZkbInsideTheKillmailObject() {
        String json = VALID.strip().replaceFirst("\\}$",
                ",\"zkb\":{\"locationID\":40009082,\"hash\":\"abc\",\"totalValue\":1234.5,\"npc\":false,\"solo\":true,\"awox\":false,\"labels\":[\"pvp\"]}}");
        Killmail km = parse(json);
        assertThat(km.zkb().totalValue()).isEqualByComparingTo("1234.5");
        assertThat(km.hash()).isEqualTo("abc");
        assertThat(new String(km.rawZkb(), StandardCharsets.UTF_8)).startsWith("{\"locationID\"").endsWith("[\"pvp\"]}");
        assertThat(km.rawEsi()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wandererKillmailEventUsesItsRenamedFields() {
        String kill = """
                {"killmail_id":5,"kill_time":"2024-01-15T14:30:00Z","system_id":30000142,
                 "victim":{"character_id":987654321,"character_name":"Victim Name","corporation_id":123456789,
                   "ship_type_id":671,"ship_name":"Raven","damage_taken":2847,
                   "items":[{"type_id":2048,"type_name":"Damage Control II","singleton":0,"flag":11,"quantity_dropped":1,"quantity_destroyed":0}]},
                 "attackers":[{"character_id":111222333,"corporation_id":444555666,"faction_id":null,"ship_type_id":17918,
                   "damage_done":2847,"final_blow":true,"security_status":-5.0}],
                 "zkb":{"location_id":50000001,"hash":"abc123def456","fitted_value":150000000.0,"total_value":152000000.0,
                   "points":15,"npc":false,"solo":true,"awox":false}}
                """;
        List<Killmail> kills = parser.parseWandererEvent("killmail", bytes(kill));
        assertThat(kills).singleElement().satisfies(km -> {
            assertThat(km.solarSystemId()).isEqualTo(30000142);
            assertThat(km.time()).isEqualTo(Instant.parse("2024-01-15T14:30:00Z"));
            assertThat(km.victim().items()).containsExactly(new Item(2048, 11, 0, 1, 0, List.of()));
            assertThat(km.attackers().get(0).factionId()).isNull();
            assertThat(km.zkb().locationId()).isEqualTo(50000001L);
            assertThat(km.zkb().totalValue()).isEqualByComparingTo("152000000");
            assertThat(km.hash()).isEqualTo("abc123def456");
        });
    }

    @Test
    void wandererBatchAndHeartbeatEvents() {
        String batch = "{\"kills\":[" + VALID.strip() + "," + VALID.strip().replace("\"killmail_id\":100", "\"killmail_id\":101")
                + "],\"count\":2,\"batch_number\":1,\"total_batches\":1}";
        assertThat(parser.parseWandererEvent("batch", bytes(batch))).extracting(Killmail::killmailId).containsExactly(100L, 101L);
        assertThat(parser.parseWandererEvent("batch", bytes("[" + VALID.strip() + "]"))).hasSize(1);
        assertThat(parser.parseWandererEvent("heartbeat", bytes("{\"timestamp\":\"2024-01-15T14:30:00Z\",\"mode\":\"realtime\"}"))).isEmpty();
        assertThatThrownBy(() -> parser.parseWandererEvent("surprise", bytes("{}")))
                .isInstanceOf(KillmailFormatException.class).hasMessageContaining("surprise");
        assertThatThrownBy(() -> parser.parseWandererEvent("batch", bytes("{\"kills\":[{\"killmail_id\":1}]}")))
                .hasMessage("kills[0].killmail_time: missing or null");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertRejected(VALID.replace("\"killmail_id\":100,", ""), "killmail_id: missing or null");
        assertRejected(VALID.replace("\"killmail_time\":\"2024-03-01T17:05:00Z\",", ""), "killmail_time: missing or null");
        assertRejected(VALID.replace("\"solar_system_id\":30000142,", ""), "solar_system_id: missing or null");
        assertRejected(VALID.replace("\"ship_type_id\":587,", ""), "victim.ship_type_id: missing or null");
        assertRejected(VALID.replace("\"item_type_id\":215,", ""), "victim.items[0].items[0].item_type_id: missing or null");
        assertRejected("{\"killmail_id\":1,\"killmail_time\":\"2024-03-01T17:05:00Z\",\"solar_system_id\":3,\"attackers\":[]}",
                "victim: missing or null");
        assertRejected(VALID.replaceFirst("(?s)\"attackers\":\\[.*?\\}\\],", ""), "attackers: missing or null");
    }

    @Test
    void wrongTypesAreNamed() {
        assertRejected(VALID.replace("\"killmail_id\":100", "\"killmail_id\":\"100\""), "killmail_id: expected an integer, got a string");
        assertRejected(VALID.replace("\"ship_type_id\":587", "\"ship_type_id\":587.5"), "victim.ship_type_id: expected an integer, got a decimal number");
        assertRejected(VALID.replace("\"final_blow\":true", "\"final_blow\":1"), "attackers[0].final_blow: expected a boolean, got an integer");
        assertRejected(VALID.replace("\"attackers\":[", "\"attackers\":{\"x\":[").replace("}],\n \"unknown", "}]},\n \"unknown"),
                "attackers: expected an array, got an object");
        assertRejected(VALID.replace("\"solar_system_id\":30000142", "\"solar_system_id\":99999999999"),
                "solar_system_id: integer out of range: 99999999999");
        assertRejected("[1,2]", "$: expected a killmail object, got an array");
    }

    @Test
    void negativeDamageAndQuantitiesAreRejected() {
        assertRejected(VALID.replace("\"damage_done\":120", "\"damage_done\":-120"), "attackers[0].damage_done: must not be negative (got -120)");
        assertRejected(VALID.replace("\"damage_taken\":120", "\"damage_taken\":-1"), "victim.damage_taken: must not be negative (got -1)");
        assertRejected(VALID.replace("\"quantity_dropped\":200", "\"quantity_dropped\":-200"),
                "victim.items[0].items[0].quantity_dropped: must not be negative (got -200)");
    }

    @Test
    void timesThatAreNotIso8601AreRejected() {
        assertRejected(VALID.replace("2024-03-01T17:05:00Z", "2024-03-01 17:05:00"),
                "killmail_time: not an ISO-8601 time with offset: '2024-03-01 17:05:00'");
        assertRejected(VALID.replace("2024-03-01T17:05:00Z", "yesterday"), "killmail_time: not an ISO-8601 time with offset: 'yesterday'");
        assertThat(parse(VALID.replace("2024-03-01T17:05:00Z", "2024-03-01T19:05:00+02:00")).time())
                .isEqualTo(Instant.parse("2024-03-01T17:05:00Z"));
    }

    @Test
    void truncatedAndMalformedJsonIsRejectedWithWhereItBroke() {
        String truncated = VALID.substring(0, VALID.indexOf("\"quantity_destroyed\"") + 10);
        assertThatThrownBy(() -> parse(truncated))
                .isInstanceOf(KillmailFormatException.class)
                .hasMessageStartingWith("victim.items[0]")
                .hasMessageContaining("malformed JSON");
        assertRejected("", "$: empty input");
        assertThatThrownBy(() -> parse(VALID + " {}")).hasMessageStartingWith("$: unexpected content after the JSON value");
        assertThatThrownBy(() -> parse("{\"killmail_id\":1,}")).isInstanceOf(KillmailFormatException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void r2z2EnvelopeMustAgreeWithItsKillmail() {
        String record = "{\"killmail_id\":999,\"hash\":\"h\",\"esi\":" + VALID.strip() + ",\"sequence_id\":1}";
        assertThatThrownBy(() -> parser.parseR2z2(bytes(record)))
                .hasMessage("killmail_id: is 999 but the killmail inside is 100");
        String noSequence = "{\"killmail_id\":100,\"esi\":" + VALID.strip() + "}";
        assertThatThrownBy(() -> parser.parseR2z2(bytes(noSequence))).hasMessage("sequence_id: missing or null");
        String badInner = "{\"killmail_id\":100,\"esi\":" + VALID.strip().replace("\"damage_done\":120", "\"damage_done\":-3")
                + ",\"sequence_id\":1}";
        assertThatThrownBy(() -> parser.parseR2z2(bytes(badInner))).hasMessageStartingWith("esi.attackers[0].damage_done");
    }

    private Killmail parse(String json) {
        return parser.parseKillmail(bytes(json));
    }

    private void assertRejected(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(KillmailFormatException.class).hasMessage(message);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
