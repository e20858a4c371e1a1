package dev.evedmv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvException;
import dev.evedmv.bench.SyntheticKillmails.ArchiveFormat;
import dev.evedmv.bench.SyntheticKillmails.Options;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.Derivation;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.KillmailParser;
import dev.evedmv.killmail.MarketPrices;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.InMemoryStaticData;

class SyntheticKillmailsTest {
    static final LocalDate FROM = LocalDate.of(2025, 3, 30);
    static final LocalDate TO = LocalDate.of(2025, 4, 1);
    /** "Now" just after {@link #TO}: every day generated is whole. */
    static final Instant AFTER_TO = GeneratedKillmails.endOf(TO);

    /** Real type and system ids (testdata/sde/zkillboard): ships of several groups, modules, charges, NPCs. */
    static InMemoryStaticData staticData() {
        return new InMemoryStaticData()
                .type(587, "Rifter", 25, 6).type(603, "Merlin", 25, 6).type(670, "Capsule", 29, 6)
                .type(672, "Caldari Shuttle", 31, 6).type(596, "Ibis", 237, 6).type(24698, "Drake", 419, 6)
                .type(638, "Raven", 27, 6).type(11987, "Guardian", 832, 6).type(22852, "Hel", 659, 6)
                .type(2048, "Damage Control II", 60, 7).type(3841, "Large Shield Extender II", 38, 7)
                .type(2873, "125mm Gatling AutoCannon II", 55, 7).type(5973, "5MN Microwarpdrive I", 46, 7)
                .type(215, "EMP S", 83, 8).type(27339, "Scourge Heavy Missile", 385, 8)
                .type(3740, "Guristas Pithum Nullifier", 789, 11)
                .type(19724, "Moros", 485, 6).type(2456, "Hobgoblin II", 100, 18).type(2185, "Hammerhead II", 100, 18)
                .type(3001, "Dual Light Pulse Laser II", 53, 7).type(2410, "Heavy Missile Launcher II", 510, 7)
                .system(30000142, "Jita", 20000020, 10000002, 0.9459)
                .system(30002813, "Tama", 20000410, 10000033, 0.3)
                .system(30000743, "C8H5-X", 20000109, 10000009, -0.149)
                .system(30004859, "Y-EQ0C", 20000711, 10000058, -0.078)
                .system(31000005, "J100001", 21000001, 11000001, -1.0)
                .system(32000001, "Abyssal", 22000001, 12000000, -1.0);
    }

    static StaticCatalog catalog(InMemoryStaticData sde) {
        return StaticCatalog.of(sde.types().values(), sde.systems().values());
    }

    private final InMemoryStaticData sde = staticData();
    private final SyntheticKillmails generator = new SyntheticKillmails(catalog(sde));
    private final KillmailParser parser = new KillmailParser();

    @Test
    void sameSeedGivesByteIdenticalFilesWhateverTheThreadCount(@TempDir Path a, @TempDir Path b) throws IOException {
        generator.generate(new Options(3_000, 42, FROM, TO, ArchiveFormat.TAR_BZ2, 2, AFTER_TO), a);
        generator.generate(new Options(3_000, 42, FROM, TO, ArchiveFormat.TAR_BZ2, 1, AFTER_TO), b);
        List<String> files = fileNames(a);
        assertThat(files).containsExactly("killmails-2025-03-30.tar.bz2", "killmails-2025-03-31.tar.bz2",
                "killmails-2025-04-01.tar.bz2", "names.jsonl", "prices.json");
        assertThat(fileNames(b)).isEqualTo(files);
        for (String name : files) {
            assertThat(Files.readAllBytes(b.resolve(name))).as(name).isEqualTo(Files.readAllBytes(a.resolve(name)));
        }
    }

    @Test
    void anotherSeedGivesOtherKillmails(@TempDir Path a, @TempDir Path b) throws IOException {
        generator.generate(new Options(500, 1, FROM, FROM, ArchiveFormat.TAR_GZ, 1, AFTER_TO), a);
        generator.generate(new Options(500, 2, FROM, FROM, ArchiveFormat.TAR_GZ, 1, AFTER_TO), b);
        String name = SyntheticKillmails.archiveName(FROM, ArchiveFormat.TAR_GZ);
        assertThat(Files.readAllBytes(a.resolve(name))).isNotEqualTo(Files.readAllBytes(b.resolve(name)));
    }

    @Test
    void twoSeedsShareNoIdAndNoneIsInTheGamesRange(@TempDir Path a, @TempDir Path b) throws IOException {
        generator.generate(new Options(500, 1, FROM, FROM, ArchiveFormat.TAR_GZ, 1, AFTER_TO), a);
        generator.generate(new Options(500, 77, FROM, FROM, ArchiveFormat.TAR_GZ, 1, AFTER_TO), b);
        Set<Long> first = ids(a);
        Set<Long> second = ids(b);
        assertThat(first).hasSizeGreaterThan(500);
        assertThat(second).hasSizeGreaterThan(500);
        assertThat(first).doesNotContainAnyElementsOf(second);
        // the game's ids fit in 32 bits; JavaScript reads ids below 2^53 exactly
        assertThat(first).allMatch(id -> id > Integer.MAX_VALUE && id < (1L << 53));
        assertThat(second).allMatch(id -> id > Integer.MAX_VALUE && id < (1L << 53));
        Set<Long> again = ids(a);
        assertThat(again).as("the same seed gives the same ids").isEqualTo(first);
    }

    /** Every killmail id of the archives in {@code dir} and every entity id of its names.jsonl. */
    private Set<Long> ids(Path dir) throws IOException {
        Set<Long> ids = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path archive : files.filter(f -> f.getFileName().toString().startsWith("killmails-")).toList()) {
                for (byte[] json : Archives.read(archive).values()) {
                    assertThat(ids.add(parser.parseKillmail(json).killmailId())).isTrue();
                }
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("names.jsonl"), StandardCharsets.UTF_8)) {
            assertThat(ids.add(mapper.readTree(line).get("id").asLong())).isTrue();
        }
        return ids;
    }

    @Test
    void noKillmailIsLaterThanNowAndTodayGetsItsShareSoFar(@TempDir Path out) throws IOException {
        Instant now = Instant.parse("2025-04-01T01:13:27Z");
        SyntheticKillmails.Summary summary = generator.generate(new Options(3_000, 7, FROM, TO, ArchiveFormat.TAR_GZ, 2, now), out);
        assertThat(summary.killmails()).isEqualTo(3_000);
        List<Instant> today = new ArrayList<>();
        long all = 0;
        for (LocalDate day = FROM; !day.isAfter(TO); day = day.plusDays(1)) {
            for (byte[] json : Archives.read(out.resolve(SyntheticKillmails.archiveName(day, ArchiveFormat.TAR_GZ))).values()) {
                Instant time = parser.parseKillmail(json).time();
                assertThat(time).isBeforeOrEqualTo(now);
                if (day.equals(TO)) {
                    today.add(time);
                }
                all++;
            }
        }
        assertThat(all).isEqualTo(3_000);
        // 01:13 is 5.5% of a day by the hourly weights: about 81 of the 3,000 spread over 2.055 days
        assertThat(today).hasSizeBetween(60, 95);
        assertThat(today).anyMatch(t -> t.isAfter(now.minusSeconds(1_800)));
    }

    @Test
    void daysAfterTodayAreRefusedAndTheDefaultEndStopsAtToday() {
        Instant now = Instant.parse("2025-04-01T01:13:27Z");
        assertThatThrownBy(() -> new Options(100, 1, FROM, TO.plusDays(1), ArchiveFormat.TAR_GZ, 1, now))
                .isInstanceOf(EveDmvException.class)
                .hasMessage("--to 2025-04-02 is after today (2025-04-01): generated killmails are never later than now");
        assertThatThrownBy(() -> new Options(100, 1, TO.plusDays(1), TO.plusDays(1), ArchiveFormat.TAR_GZ, 1, now))
                .isInstanceOf(EveDmvException.class)
                .hasMessage("--from 2025-04-02 is after today (2025-04-01): generated killmails are never later than now");
        assertThat(Options.defaultTo(FROM, 1_000_000, now)).isEqualTo(TO);
        assertThat(Options.defaultTo(FROM, 20_000, now)).isEqualTo(FROM.plusDays(1));
    }

    @Test
    void aSeedWithoutARangeOfItsOwnIsRefused() {
        assertThatThrownBy(() -> new Options(100, -1, FROM, TO, ArchiveFormat.TAR_GZ, 1, AFTER_TO))
                .isInstanceOf(EveDmvException.class).hasMessageStartingWith("--seed must be from 0 to 8999999");
        assertThatThrownBy(() -> new Options(100, SyntheticIds.MAX_SEED + 1, FROM, TO, ArchiveFormat.TAR_GZ, 1, AFTER_TO))
                .isInstanceOf(EveDmvException.class).hasMessageStartingWith("--seed must be from 0 to 8999999");
        assertThat(SyntheticIds.alliance(SyntheticIds.MAX_SEED, SyntheticIds.MAX_ALLIANCES - 1)).isLessThan(1L << 53);
    }

    @Test
    void archivesHoldEsiKillmailsTheParserReadsBack(@TempDir Path out) throws IOException {
        SyntheticKillmails.Summary summary = generator.generate(new Options(3_000, 7, FROM, TO, ArchiveFormat.TAR_BZ2, 2, AFTER_TO), out);
        assertThat(summary.killmails()).isEqualTo(3_000);
        assertThat(summary.days()).isEqualTo(3);

        List<Killmail> all = new ArrayList<>();
        for (LocalDate day = FROM; !day.isAfter(TO); day = day.plusDays(1)) {
            Map<String, byte[]> entries = Archives.read(out.resolve(SyntheticKillmails.archiveName(day, ArchiveFormat.TAR_BZ2)));
            assertThat(entries).hasSize(1_000);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                Killmail km = parser.parseKillmail(entry.getValue());
                assertThat(entry.getKey()).isEqualTo("killmails/" + km.killmailId() + ".json");
                assertThat(km.time().atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(day);
                assertThat(km.rawEsi()).isEqualTo(entry.getValue());
                all.add(km);
            }
        }
        assertThat(all).extracting(Killmail::killmailId).doesNotHaveDuplicates();
        assertThat(all).isSortedAccordingTo((x, y) -> x.time().compareTo(y.time()));

        Set<Long> characters = new HashSet<>();
        Set<Long> corporations = new HashSet<>();
        Set<Long> alliances = new HashSet<>();
        Set<Integer> typesUsed = new HashSet<>();
        for (Killmail km : all) {
            assertThat(sde.system(km.solarSystemId())).isNotNull();
            assertThat(km.solarSystemId()).isLessThan(32_000_000);
            assertThat(sde.type(km.victim().shipTypeId()).categoryId()).isEqualTo(6);
            assertThat(km.victim().characterId()).isBetween(SyntheticIds.character(7, 0),
                    SyntheticIds.character(7, SyntheticIds.MAX_CHARACTERS - 1));
            assertThat(km.victim().corporationId()).isBetween(SyntheticIds.corporation(7, 0),
                    SyntheticIds.corporation(7, SyntheticIds.MAX_CORPORATIONS - 1));
            assertThat(km.victim().damageTaken()).isEqualTo(km.attackers().stream().mapToInt(Attacker::damageDone).sum());
            assertThat(km.attackers()).filteredOn(Attacker::finalBlow).hasSize(1);
            characters.add(km.victim().characterId());
            corporations.add(km.victim().corporationId());
            if (km.victim().allianceId() != null) {
                assertThat(km.victim().allianceId()).isBetween(SyntheticIds.alliance(7, 0),
                        SyntheticIds.alliance(7, SyntheticIds.MAX_ALLIANCES - 1));
                alliances.add(km.victim().allianceId());
            }
            typesUsed.add(km.victim().shipTypeId());
            km.victim().items().forEach(i -> typesUsed.add(i.itemTypeId()));
            Set<Long> onThisKillmail = new HashSet<>();
            for (Attacker a : km.attackers()) {
                if (a.characterId() == null) {
                    assertThat(a.corporationId()).isBetween(1_000_000L, 1_999_999L);
                    assertThat(a.allianceId()).isNull();
                    continue;
                }
                assertThat(onThisKillmail.add(a.characterId())).as("character listed twice on one killmail").isTrue();
                assertThat(a.characterId()).isNotEqualTo(km.victim().characterId());
                characters.add(a.characterId());
                corporations.add(a.corporationId());
                if (a.allianceId() != null) {
                    alliances.add(a.allianceId());
                }
                typesUsed.add(a.shipTypeId());
            }
        }

        Map<Long, JsonNode> names = new java.util.HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("names.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode node = mapper.readTree(line);
            assertThat(names.put(node.get("id").asLong(), node)).isNull();
            assertThat(node.get("name").asText()).isNotBlank();
        }
        assertThat(names).hasSize(characters.size() + corporations.size() + alliances.size());
        characters.forEach(id -> assertThat(names.get(id).get("category").asText()).isEqualTo("character"));
        corporations.forEach(id -> assertThat(names.get(id).get("category").asText()).isEqualTo("corporation"));
        alliances.forEach(id -> assertThat(names.get(id).get("category").asText()).isEqualTo("alliance"));
        assertThat(summary.characters()).isEqualTo(characters.size());
        assertThat(alliances).isNotEmpty();
        assertThat(corporations.size()).isGreaterThan(alliances.size());

        MarketPrices prices = MarketPrices.parse(Files.readAllBytes(out.resolve("prices.json")));
        typesUsed.forEach(type -> assertThat(prices.price(type)).as("price of %d", type).isNotNull().isPositive());
    }

    @Test
    void killmailsLookLikeTheLiveGame(@TempDir Path out) throws IOException {
        SyntheticKillmails.Summary summary = generator.generate(
                new Options(5_000, 2025, FROM, FROM.plusDays(1), ArchiveFormat.TAR_GZ, 2, AFTER_TO), out);
        Derivation derivation = new Derivation(sde, MarketPrices.parse(Files.readAllBytes(out.resolve("prices.json"))));
        List<DerivedKillmail> derived = new ArrayList<>();
        for (LocalDate day = FROM; !day.isAfter(FROM.plusDays(1)); day = day.plusDays(1)) {
            for (byte[] json : Archives.read(out.resolve(SyntheticKillmails.archiveName(day, ArchiveFormat.TAR_GZ))).values()) {
                derived.add(derivation.derive(parser.parseKillmail(json)));
            }
        }
        double npc = derived.stream().filter(DerivedKillmail::npc).count() / 5_000.0;
        double solo = derived.stream().filter(DerivedKillmail::solo).count() / 5_000.0;
        double meanAttackers = derived.stream().mapToInt(DerivedKillmail::attackerCount).average().orElseThrow();
        assertThat(npc).isBetween(0.09, 0.16);
        assertThat(solo).isBetween(0.13, 0.22);
        assertThat(meanAttackers).isBetween(3.0, 7.0);
        assertThat(derived).allSatisfy(d -> assertThat(d.valueSource()).isEqualTo("computed"));
        // the generator's own tally agrees with what derivation finds in its files
        assertThat(summary.npcKillmails()).isEqualTo(derived.stream().filter(DerivedKillmail::npc).count());
        assertThat(summary.soloKillmails()).isEqualTo(derived.stream().filter(DerivedKillmail::solo).count());

        // Zipf–Mandelbrot activity: the busiest pilot is on several times more killmails than the median
        // one, yet on a small share of all of them (plain Zipf put the busiest pilot on about 16%; with only
        // 1,250 pilots to share the head here, under 3%; a few tenths of a percent at a million killmails)
        Map<Long, Integer> kills = new java.util.HashMap<>();
        derived.forEach(d -> d.killmail().attackers().stream().filter(a -> a.characterId() != null)
                .forEach(a -> kills.merge(a.characterId(), 1, Integer::sum)));
        List<Integer> counts = kills.values().stream().sorted().toList();
        int busiest = counts.get(counts.size() - 1);
        assertThat(busiest).isGreaterThan(3 * counts.get(counts.size() / 2));
        assertThat(busiest).isLessThan(5_000 * 3 / 100);
    }

    /**
     * Attackers shoot with weapons (turret, launcher, smart bomb or combat drone groups, else ESI's ship), hulls
     * are priced by class, and corporations fly doctrines: a few hulls each, not the same ones.
     */
    @Test
    void killmailsLookLikeEve(@TempDir Path out) throws IOException {
        generator.generate(new Options(5_000, 2026, FROM, FROM.plusDays(1), ArchiveFormat.TAR_GZ, 2, AFTER_TO), out);
        MarketPrices prices = MarketPrices.parse(Files.readAllBytes(out.resolve("prices.json")));
        assertThat(prices.price(587)).as("a Rifter").isLessThan(new java.math.BigDecimal("1000000"));
        assertThat(prices.price(19724)).as("a Moros").isGreaterThan(new java.math.BigDecimal("1000000000"));
        assertThat(prices.price(22852)).as("a Hel").isGreaterThan(new java.math.BigDecimal("10000000000"));
        assertThat(prices.price(670)).as("a capsule").isLessThan(new java.math.BigDecimal("100000"));

        java.util.Set<Integer> weaponGroups = java.util.Set.of(53, 55, 74, 1986, 4060, 72, 506, 507, 508, 509, 510, 511,
                524, 771, 862, 1245, 1673, 1674, 100);
        Map<Long, Map<Integer, Integer>> shipsByCorporation = new java.util.HashMap<>();
        int weapons = 0;
        int players = 0;
        for (LocalDate day = FROM; !day.isAfter(FROM.plusDays(1)); day = day.plusDays(1)) {
            for (byte[] json : Archives.read(out.resolve(SyntheticKillmails.archiveName(day, ArchiveFormat.TAR_GZ))).values()) {
                for (Attacker a : parser.parseKillmail(json).attackers()) {
                    if (a.characterId() == null) {
                        assertThat(sde.type(a.shipTypeId()).categoryId()).as("NPC attackers fly NPC ships").isEqualTo(11);
                        continue;
                    }
                    players++;
                    assertThat(sde.type(a.shipTypeId()).categoryId()).as("players fly ships").isEqualTo(6);
                    int weaponGroup = sde.type(a.weaponTypeId()).groupId();
                    if (a.weaponTypeId().equals(a.shipTypeId())) {
                        continue;
                    }
                    assertThat(weaponGroups).as("weapon %d", a.weaponTypeId()).contains(weaponGroup);
                    weapons++;
                    shipsByCorporation.computeIfAbsent(a.corporationId(), c -> new java.util.HashMap<>())
                            .merge(a.shipTypeId(), 1, Integer::sum);
                }
            }
        }
        assertThat(weapons).as("most attackers name a weapon").isGreaterThan(players * 3 / 4);
        List<List<Integer>> doctrines = new ArrayList<>();
        shipsByCorporation.values().stream().filter(ships -> ships.values().stream().mapToInt(Integer::intValue).sum() >= 40)
                .forEach(ships -> {
                    int all = ships.values().stream().mapToInt(Integer::intValue).sum();
                    List<Map.Entry<Integer, Integer>> top = ships.entrySet().stream()
                            .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed()).limit(3).toList();
                    assertThat(top.stream().mapToInt(Map.Entry::getValue).sum())
                            .as("a corporation's 3 most flown hulls").isGreaterThan(all * 7 / 10);
                    doctrines.add(top.stream().map(Map.Entry::getKey).sorted().toList());
                });
        assertThat(doctrines).hasSizeGreaterThan(5);
        assertThat(new java.util.HashSet<>(doctrines)).as("corporations fly different doctrines").hasSizeGreaterThan(2);
    }

    @Test
    void emptyCatalogIsRefusedWithTheSdeHint() {
        assertThatThrownBy(() -> StaticCatalog.of(List.of(), sde.systems().values()))
                .isInstanceOf(EveDmvException.class)
                .hasMessage("no static data loaded: run 'sde load PATH' first");
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
