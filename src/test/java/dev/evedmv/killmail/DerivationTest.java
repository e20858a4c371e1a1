package dev.evedmv.killmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.evedmv.testing.InMemoryStaticData;

/** docs/counting-rules.md counting rules on hand-built killmails. */
class DerivationTest {
    static final int RIFTER = 587;
    static final int CAPSULE = 670;
    static final int SHUTTLE = 672;
    static final int IBIS = 596;
    static final int CONTROL_TOWER = 12235;
    static final int HIGHSEC = 30000142;
    static final int LOWSEC = 30002813;
    static final int NULLSEC = 30000743;
    static final int WSPACE = 31000005;
    static final int UNKNOWN_SYSTEM = 30999999;

    private final InMemoryStaticData sde = new InMemoryStaticData()
            .type(RIFTER, "Rifter", 25, 6)
            .type(CAPSULE, "Capsule", 29, 6)
            .type(SHUTTLE, "Caldari Shuttle", 31, 6)
            .type(IBIS, "Ibis", 237, 6)
            .type(CONTROL_TOWER, "Control Tower", 365, 23)
            .system(HIGHSEC, "Jita", 20000020, 10000002, 0.45)
            .system(LOWSEC, "Tama", 20000410, 10000033, 0.05)
            .system(NULLSEC, "C8H5-X", 20000109, 10000009, 0.0499)
            .system(WSPACE, "J100001", 21000001, 11000001, -1.0);
    private final Derivation derivation = new Derivation(sde, PriceTable.none());

    // ---- npc ----

    @Test
    void npcWhenNoAttackerIsAPlayerCharacter() {
        DerivedKillmail d = derive(kill(victim(RIFTER), npc(1000125L), npcAgent(3_999_999L)));
        assertThat(d.npc()).isTrue();
        assertThat(d.solo()).isFalse();
        assertThat(d.labels()).contains("npc").doesNotContain("pvp");
    }

    @Test
    void playerCharacterIdsAreThePlayersAmongTheAttackersAscendingEachOnce() {
        List<Attacker> attackers = List.of(player(95_000_003L, 98_000_001L), npc(1000125L), npcAgent(3_999_999L),
                player(4_000_000L, 98_000_001L), player(95_000_003L, 98_000_002L), player(2_112_000_000L, 98_000_001L));
        assertThat(Derivation.playerCharacterIds(attackers)).containsExactly(4_000_000L, 95_000_003L, 2_112_000_000L);
        assertThat(Derivation.playerCharacterIds(List.of(npc(1000125L)))).isEmpty();
    }

    @Test
    void notNpcWhenOnePlayerIsAmongNpcs() {
        DerivedKillmail d = derive(kill(victim(RIFTER), npc(1000125L), player(4_000_000L, 98_000_001L)));
        assertThat(d.npc()).isFalse();
        assertThat(d.labels()).contains("pvp").doesNotContain("npc");
    }

    // ---- solo ----

    @Test
    void soloWithExactlyOnePlayerAttackerOnAShip() {
        assertThat(derive(kill(victim(RIFTER), player(95_000_001L, 98_000_001L))).solo()).isTrue();
    }

    @Test
    void soloIgnoresNpcsBesideTheOnePlayer() {
        DerivedKillmail d = derive(kill(victim(RIFTER), npc(1000125L), player(95_000_001L, 98_000_001L), npcAgent(3_000_000L)));
        assertThat(d.solo()).isTrue();
        assertThat(d.attackerCount()).isEqualTo(3);
        assertThat(d.labels()).contains("solo").doesNotContain("#:2+");
    }

    @Test
    void notSoloWithTwoPlayers() {
        DerivedKillmail d = derive(kill(victim(RIFTER), player(95_000_001L, 98_000_001L), player(95_000_002L, 98_000_001L)));
        assertThat(d.solo()).isFalse();
        assertThat(d.labels()).contains("#:2+");
    }

    @ParameterizedTest(name = "victim type {0} is not solo-eligible")
    @CsvSource({"670", "672", "596", "12235", "999999"})
    void notSoloForCapsulesShuttlesRookieShipsNonShipsAndUnknownTypes(int victimType) {
        DerivedKillmail d = derive(kill(victim(victimType), player(95_000_001L, 98_000_001L)));
        assertThat(d.solo()).isFalse();
        assertThat(d.npc()).isFalse();
        assertThat(d.labels()).contains("#:1");
    }

    @Test
    void npcKillmailIsNeverSolo() {
        assertThat(derive(kill(victim(RIFTER), npc(1000125L))).solo()).isFalse();
    }

    // ---- awox ----

    @Test
    void awoxWhenFinalBlowComesFromVictimsPlayerCorporation() {
        DerivedKillmail d = derive(kill(victimIn(RIFTER, 98_000_001L),
                finalBlow(player(95_000_002L, 98_000_001L)), player(95_000_003L, 98_000_009L)));
        assertThat(d.awox()).isTrue();
        assertThat(d.labels()).contains("awox");
    }

    @Test
    void notAwoxWhenACorpmateHelpedButDidNotLandTheFinalBlow() {
        DerivedKillmail d = derive(kill(victimIn(RIFTER, 98_000_001L),
                player(95_000_002L, 98_000_001L), finalBlow(player(95_000_003L, 98_000_009L))));
        assertThat(d.awox()).isFalse();
        assertThat(d.finalBlow().characterId()).isEqualTo(95_000_003L);
    }

    @Test
    void notAwoxInsideAnNpcCorporation() {
        // 1,999,999 is the last NPC corporation id; 2,000,000 is the first player one
        assertThat(derive(kill(victimIn(RIFTER, 1_999_999L), finalBlow(player(95_000_002L, 1_999_999L)))).awox()).isFalse();
        assertThat(derive(kill(victimIn(RIFTER, 2_000_000L), finalBlow(player(95_000_002L, 2_000_000L)))).awox()).isTrue();
    }

    @Test
    void notAwoxWithoutFinalBlowOrVictimCorporation() {
        Killmail noFinalBlow = new Killmail(77, null, T, HIGHSEC, null, null, victimIn(RIFTER, 98_000_001L),
                List.of(player(95_000_002L, 98_000_001L)), null, new byte[0], null);
        assertThat(derive(noFinalBlow).finalBlow()).isNull();
        assertThat(derive(noFinalBlow).awox()).isFalse();
        assertThat(derive(kill(victimIn(RIFTER, null), finalBlow(player(95_000_002L, 98_000_001L)))).awox()).isFalse();
    }

    // ---- attacker count ----

    @Test
    void attackerCountIncludesNpcs() {
        List<Attacker> attackers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attackers.add(i % 3 == 0 ? npc(1000125L) : player(95_000_000L + i, 98_000_001L));
        }
        DerivedKillmail d = derive(kill(victim(RIFTER), attackers.toArray(Attacker[]::new)));
        assertThat(d.attackerCount()).isEqualTo(30);
        assertThat(d.labels()).contains("#:25+");
    }

    @ParameterizedTest(name = "{0} attackers -> {1}")
    @CsvSource({"1,#:1", "2,#:2+", "4,#:2+", "5,#:5+", "9,#:5+", "10,#:10+", "24,#:10+", "25,#:25+", "49,#:25+",
            "50,#:50+", "99,#:50+", "100,#:100+", "999,#:100+", "1000,#:1000+", "4000,#:1000+"})
    void attackerCountBuckets(int count, String label) {
        assertThat(Derivation.attackerCountLabel(count)).isEqualTo(label);
    }

    // ---- time zones ----

    @ParameterizedTest(name = "{0}:00 UTC -> {1}")
    @CsvSource({"0,tz:use", "3,tz:use", "4,tz:usw", "7,tz:usw", "8,tz:au", "13,tz:au", "14,tz:ru", "16,tz:ru",
            "17,tz:eu", "21,tz:eu", "22,tz:use", "23,tz:use"})
    void timezoneBucketsAtTheBoundaryHours(int hour, String label) {
        assertThat(Derivation.timezoneLabel(hour)).isEqualTo(label);
        Instant lastMinute = Instant.parse(String.format("2024-05-01T%02d:59:59Z", hour));
        assertThat(derive(kill(lastMinute, HIGHSEC, victim(RIFTER), player(95_000_001L, 98_000_001L))).labels()).contains(label);
    }

    // ---- security band, region ----

    @Test
    void securityBandsAtTheirBoundaries() {
        DerivedKillmail high = derive(kill(T, HIGHSEC, victim(RIFTER), npc(1000125L)));
        assertThat(high.securityBand()).isEqualTo(SecurityBand.HIGHSEC);
        assertThat(high.security()).isEqualTo(0.45);
        assertThat(high.regionId()).isEqualTo(10000002);
        assertThat(high.constellationId()).isEqualTo(20000020);
        assertThat(high.labels()).contains("loc:highsec");

        DerivedKillmail low = derive(kill(T, LOWSEC, victim(RIFTER), npc(1000125L)));
        assertThat(low.securityBand()).isEqualTo(SecurityBand.LOWSEC);
        assertThat(low.labels()).contains("loc:lowsec");

        DerivedKillmail nul = derive(kill(T, NULLSEC, victim(RIFTER), npc(1000125L)));
        assertThat(nul.securityBand()).isEqualTo(SecurityBand.NULLSEC);
        assertThat(nul.labels()).contains("loc:nullsec");

        DerivedKillmail wormhole = derive(kill(T, WSPACE, victim(RIFTER), npc(1000125L)));
        assertThat(wormhole.securityBand()).isEqualTo(SecurityBand.WSPACE);
        assertThat(wormhole.labels()).contains("loc:w-space");
        assertThat(SecurityBand.of(0, 0.4499)).isEqualTo(SecurityBand.LOWSEC);
    }

    @Test
    void unknownSystemHasNoRegionAndNoLocationLabel() {
        DerivedKillmail d = derive(kill(T, UNKNOWN_SYSTEM, victim(RIFTER), npc(1000125L)));
        assertThat(d.securityBand()).isEqualTo(SecurityBand.UNKNOWN);
        assertThat(d.security()).isNull();
        assertThat(d.regionId()).isNull();
        assertThat(d.constellationId()).isNull();
        assertThat(d.labels()).noneMatch(l -> l.startsWith("loc:"));
        assertThat(derive(kill(T, 31_999_999, victim(RIFTER), npc(1000125L))).securityBand()).isEqualTo(SecurityBand.WSPACE);
    }

    // ---- value ----

    @Test
    void zkbTotalValueWinsWhenPresent() {
        Zkb zkb = new Zkb(1L, "h", null, null, null, new BigDecimal("5000.25"), 1, false, false, false, List.of());
        Killmail km = withZkb(kill(victim(RIFTER), npc(1000125L)), zkb);
        DerivedKillmail d = new Derivation(sde, prices(Map.of(RIFTER, "100"))).derive(km);
        assertThat(d.valueSource()).isEqualTo("zkb");
        assertThat(d.totalValue()).isEqualByComparingTo("5000.25");
    }

    @Test
    void computedFromShipAndItemsWhenZkbHasNoTotal() {
        Zkb zkb = new Zkb(1L, "h", null, null, null, null, null, false, false, false, List.of());
        List<Item> items = List.of(
                new Item(2048, 11, 1, 0, 0, List.of()),                                       // 1 × 10
                new Item(3467, 5, 0, 1, 0, List.of(new Item(215, 5, 100, 50, 0, List.of()))), // 1 × 7 + 150 × 2
                new Item(999, 5, 1, 0, 2, List.of()),                                        // blueprint copy: 0
                new Item(4242, 5, 3, 0, 0, List.of()));                                      // no price: 0
        Killmail km = withZkb(kill(T, HIGHSEC, new Victim(95_000_009L, 98_000_009L, null, null, RIFTER, 10, items),
                npc(1000125L)), zkb);
        PriceTable table = prices(Map.of(RIFTER, "1000.50", 2048, "10", 3467, "7", 215, "2", 999, "1000000"));
        DerivedKillmail d = new Derivation(sde, table).derive(km);
        assertThat(d.valueSource()).isEqualTo("computed");
        assertThat(d.totalValue()).isEqualByComparingTo("1317.50");
    }

    @Test
    void noneWhenNoPriceIsKnown() {
        DerivedKillmail d = derive(kill(victim(RIFTER), npc(1000125L)));
        assertThat(d.valueSource()).isEqualTo("none");
        assertThat(d.totalValue()).isEqualByComparingTo("0");
    }

    @Test
    void marketPricesPreferAverageThenAdjusted() {
        MarketPrices table = MarketPrices.parse("""
                [{"type_id":587,"average_price":1000.5,"adjusted_price":900},
                 {"type_id":2048,"adjusted_price":12.25},
                 {"type_id":215},
                 {"type_id":34,"average_price":null,"adjusted_price":4.1,"extra":"x"}]
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(table.price(587)).isEqualByComparingTo("1000.5");
        assertThat(table.price(2048)).isEqualByComparingTo("12.25");
        assertThat(table.price(215)).isNull();
        assertThat(table.price(34)).isEqualByComparingTo("4.1");
        assertThat(table.size()).isEqualTo(3);
    }

    // ---- builders ----

    static final Instant T = Instant.parse("2024-05-01T18:00:00Z");
    private long nextId = 1;

    private DerivedKillmail derive(Killmail km) {
        return derivation.derive(km);
    }

    private Killmail kill(Victim victim, Attacker... attackers) {
        return kill(T, HIGHSEC, victim, attackers);
    }

    private Killmail kill(Instant time, int system, Victim victim, Attacker... attackers) {
        List<Attacker> list = new ArrayList<>(Arrays.asList(attackers));
        if (list.stream().noneMatch(Attacker::finalBlow)) {
            // the last attacker lands the final blow unless a test chose one
            Attacker last = list.remove(list.size() - 1);
            list.add(finalBlow(last));
        }
        return new Killmail(nextId++, null, time, system, null, null, victim, List.copyOf(list), null, new byte[0], null);
    }

    private static Killmail withZkb(Killmail km, Zkb zkb) {
        return new Killmail(km.killmailId(), km.hash(), km.time(), km.solarSystemId(), km.moonId(), km.warId(),
                km.victim(), km.attackers(), zkb, km.rawEsi(), new byte[0]);
    }

    private static Victim victim(int shipTypeId) {
        return new Victim(95_000_999L, 98_000_999L, null, null, shipTypeId, 100, List.of());
    }

    private static Victim victimIn(int shipTypeId, Long corporationId) {
        return new Victim(95_000_999L, corporationId, null, null, shipTypeId, 100, List.of());
    }

    private static Attacker player(long characterId, long corporationId) {
        return new Attacker(characterId, corporationId, null, null, RIFTER, null, 10, false, 0.0);
    }

    private static Attacker npc(long corporationId) {
        return new Attacker(null, corporationId, null, 500004, 3740, null, 10, false, 0.0);
    }

    /** NPC agents have character ids of their own, all at or below 3,999,999. */
    private static Attacker npcAgent(long characterId) {
        return new Attacker(characterId, 1000125L, null, null, 3740, null, 10, false, 0.0);
    }

    private static Attacker finalBlow(Attacker a) {
        return new Attacker(a.characterId(), a.corporationId(), a.allianceId(), a.factionId(), a.shipTypeId(),
                a.weaponTypeId(), a.damageDone(), true, a.securityStatus());
    }

    private static PriceTable prices(Map<Integer, String> prices) {
        return typeId -> prices.containsKey(typeId) ? new BigDecimal(prices.get(typeId)) : null;
    }
}
