package dev.evedmv.killmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.evedmv.testing.InMemoryStaticData;
import dev.evedmv.testing.SharedData;

/** Every real killmail sample in testdata/ parses; see testdata/SOURCES.md for where each came from. */
class KillmailParserSamplesTest {
    private final KillmailParser parser = new KillmailParser();

    @Test
    void everyShrikeCorpusKillmailParsesWithItsHashAndExactRawBytes() throws IOException {
        Path corpus = SharedData.file("killmails/eve-kill-shrike/corpus");
        List<Path> files;
        try (Stream<Path> listing = Files.list(corpus)) {
            files = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(78);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            Killmail km = parser.parseKillmail(bytes);
            String name = file.getFileName().toString();
            assertThat(km.killmailId()).as(name).isEqualTo(Long.parseLong(name.replace(".json", "")));
            assertThat(km.hash()).as(name).hasSize(40);
            assertThat(km.victim().shipTypeId()).as(name).isPositive();
            assertThat(km.zkb()).isNull();
            assertThat(km.rawZkb()).isNull();
            assertThat(new String(km.rawEsi(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(bytes, StandardCharsets.UTF_8).strip());
            assertSameKillmail(parser.parseKillmail(km.rawEsi()), km);
        }
    }

    @Test
    void shrikeR2z2EnvelopesWrapCorpusKills() {
        R2z2Record first = parser.parseR2z2(SharedData.bytes("killmails/eve-kill-shrike/zkb-r2z2/900001.json"));
        R2z2Record second = parser.parseR2z2(SharedData.bytes("killmails/eve-kill-shrike/zkb-r2z2/900002.json"));
        assertThat(first.sequenceId()).isEqualTo(900001);
        assertThat(second.sequenceId()).isEqualTo(900002);
        assertThat(first.killmail().killmailId()).isEqualTo(435341);
        assertThat(second.killmail().killmailId()).isEqualTo(103735737);

        Killmail fromCorpus = parser.parseKillmail(SharedData.bytes("killmails/eve-kill-shrike/corpus/435341.json"));
        assertSameKillmail(first.killmail(), fromCorpus);
        assertThat(first.killmail().zkb()).isNotNull();
        assertThat(new String(first.killmail().rawZkb(), StandardCharsets.UTF_8)).startsWith("{").endsWith("}");
    }

    @Test
    void allianceAuthR2z2ExampleKeepsZkbBlockAndRawSlices() {
        byte[] bytes = SharedData.bytes("killmails/aa-killtracker/r2z2_example.json");
        R2z2Record record = parser.parseR2z2(bytes);
        Killmail km = record.killmail();
        assertThat(record.sequenceId()).isEqualTo(96599404L);
        assertThat(km.killmailId()).isEqualTo(134265477L);
        assertThat(km.hash()).isEqualTo("aa937ee180fca44b172de00f2a26e751f5b2a851");
        assertThat(km.victim().items()).hasSize(18);
        assertThat(km.attackers()).singleElement().satisfies(a -> {
            assertThat(a.characterId()).isEqualTo(96424385L);
            assertThat(a.finalBlow()).isTrue();
            assertThat(a.securityStatus()).isEqualTo(5.0);
        });
        Zkb zkb = km.zkb();
        assertThat(zkb.totalValue()).isEqualByComparingTo(new BigDecimal("86180108.73"));
        assertThat(zkb.locationId()).isEqualTo(40046921L);
        assertThat(zkb.points()).isEqualTo(7);
        assertThat(zkb.solo()).isTrue();
        assertThat(zkb.labels()).containsExactly("tz:ru", "cat:6", "solo", "pvp", "loc:nullsec");

        String text = new String(bytes, StandardCharsets.UTF_8);
        String esi = new String(km.rawEsi(), StandardCharsets.UTF_8);
        String rawZkb = new String(km.rawZkb(), StandardCharsets.UTF_8);
        assertThat(text).contains(esi).contains(rawZkb);
        assertThat(esi).startsWith("{\n    \"attackers\"").endsWith("}");
        assertThat(rawZkb).startsWith("{\n    \"locationID\": 40046921").contains("\"attackerCount\": 1").endsWith("}");
    }

    @Test
    void derivedLabelsMatchZkillboardsOwnOnTheRealR2z2Record() {
        Killmail km = parser.parseR2z2(SharedData.bytes("killmails/aa-killtracker/r2z2_example.json")).killmail();
        // Retriever (group 463, Mining Barge) and C8H5-X (-0.149) as in testdata/sde/zkillboard
        InMemoryStaticData sde = new InMemoryStaticData()
                .type(17478, "Retriever", 463, 6)
                .system(30000743, "C8H5-X", 20000109, 10000009, -0.149284);
        DerivedKillmail derived = new Derivation(sde, PriceTable.none()).derive(km);
        assertThat(derived.labels()).containsExactlyInAnyOrderElementsOf(km.zkb().labels());
        assertThat(derived.solo()).isEqualTo(km.zkb().solo());
        assertThat(derived.npc()).isEqualTo(km.zkb().npc());
        assertThat(derived.awox()).isEqualTo(km.zkb().awox());
        assertThat(derived.valueSource()).isEqualTo("zkb");
        assertThat(derived.totalValue()).isEqualByComparingTo("86180108.73");
        assertThat(derived.regionId()).isEqualTo(10000009);
    }

    @Test
    void killmailRouterRedisQPackagesParse() {
        Optional<Killmail> first = parser.parseRedisQ(SharedData.bytes("killmails/killmail-router/payload1.json"));
        Optional<Killmail> second = parser.parseRedisQ(SharedData.bytes("killmails/killmail-router/payload2.json"));
        assertThat(first).get().satisfies(km -> {
            assertThat(km.killmailId()).isEqualTo(119455394L);
            assertThat(km.hash()).isEqualTo("d2913bf8250db18456601a8ae061441e89ccadf3");
            assertThat(km.zkb().totalValue()).isEqualByComparingTo("142572993.92");
            assertThat(km.attackers()).hasSize(1);
        });
        assertThat(second).get().satisfies(km -> {
            assertThat(km.killmailId()).isEqualTo(119455394L);
            assertThat(km.attackers()).hasSize(3);
        });
    }

    @Test
    void emptyRedisQPackageMeansNothingQueued() {
        assertThat(parser.parseRedisQ("{\"package\":null}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    static void assertSameKillmail(Killmail actual, Killmail expected) {
        assertThat(actual.killmailId()).isEqualTo(expected.killmailId());
        assertThat(actual.time()).isEqualTo(expected.time());
        assertThat(actual.solarSystemId()).isEqualTo(expected.solarSystemId());
        assertThat(actual.moonId()).isEqualTo(expected.moonId());
        assertThat(actual.warId()).isEqualTo(expected.warId());
        assertThat(actual.victim()).isEqualTo(expected.victim());
        assertThat(actual.attackers()).isEqualTo(expected.attackers());
    }
}
