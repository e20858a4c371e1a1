package dev.evedmv.killmail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.evedmv.Json;
import dev.evedmv.sde.SdeSet;
import dev.evedmv.sde.SdeTable;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.testing.InMemoryStaticData;

/**
 * The ingest hot path per killmail: parsing ESI JSON and R2Z2 records with the streaming parser,
 * and deriving the stored facts (value, npc/solo/awox, security band, region). Inputs are the real
 * killmails of {@code testdata/killmails/eve-kill-shrike} (override with
 * {@code -Devedmv.jmh.data=DIR}), cycled one per operation; static data is the bundled SDE subset.
 * Run with {@code ./mvnw -Pjmh test-compile exec:exec} (see docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KillmailBenchmarks {
    private final KillmailParser parser = new KillmailParser();
    private byte[][] esi;
    private byte[][] r2z2;
    private Killmail[] parsed;
    private Derivation derivation;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path root = Path.of(System.getProperty("evedmv.jmh.data", "testdata/killmails/eve-kill-shrike"))
                .toAbsolutePath().normalize();
        esi = read(root.resolve("corpus"));
        r2z2 = read(root.resolve("zkb-r2z2"), "sequence.json");
        parsed = new Killmail[esi.length];
        for (int i = 0; i < esi.length; i++) {
            parsed[i] = parser.parseKillmail(esi[i]);
        }
        derivation = new Derivation(bundledStaticData(), PriceTable.none());
    }

    /** One ESI killmail parsed into its record (the archive import path). */
    @Benchmark
    public Killmail parseEsi() {
        return parser.parseKillmail(esi[cycle(esi.length)]);
    }

    /** One R2Z2 record (ESI killmail and zkb block) parsed (the live feed path). */
    @Benchmark
    public R2z2Record parseR2z2() {
        return parser.parseR2z2(r2z2[cycle(r2z2.length)]);
    }

    /** One parsed killmail's derived facts. */
    @Benchmark
    public DerivedKillmail derive() {
        return derivation.derive(parsed[cycle(parsed.length)]);
    }

    /** Parse and derive together, as the importer does for each archive entry. */
    @Benchmark
    public DerivedKillmail parseAndDerive() {
        return derivation.derive(parser.parseKillmail(esi[cycle(esi.length)]));
    }

    private int cycle(int length) {
        int i = next;
        next = i + 1 == length ? 0 : i + 1;
        return i % length;
    }

    private static byte[][] read(Path dir, String... skip) throws IOException {
        List<String> skipped = List.of(skip);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !skipped.contains(p.getFileName().toString())).sorted().toList();
            if (list.isEmpty()) {
                throw new IOException("no killmails in " + dir);
            }
            byte[][] out = new byte[list.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Files.readAllBytes(list.get(i));
            }
            return out;
        }
    }

    private static InMemoryStaticData bundledStaticData() {
        SdeSet sde = StaticDataBootstrap.readBundle(Json.mapper());
        InMemoryStaticData data = new InMemoryStaticData();
        Map<Integer, Integer> categoryOfGroup = new HashMap<>();
        for (SdeSet.Group g : sde.<SdeSet.Group>rows(SdeTable.GROUPS)) {
            categoryOfGroup.put(g.groupId(), g.categoryId());
        }
        for (SdeSet.Type t : sde.<SdeSet.Type>rows(SdeTable.TYPES)) {
            data.type(t.typeId(), t.name(), t.groupId(), categoryOfGroup.getOrDefault(t.groupId(), 0));
        }
        Map<Integer, Integer> regionOfConstellation = new HashMap<>();
        for (SdeSet.Constellation c : sde.<SdeSet.Constellation>rows(SdeTable.CONSTELLATIONS)) {
            regionOfConstellation.put(c.constellationId(), c.regionId());
        }
        for (SdeSet.Region r : sde.<SdeSet.Region>rows(SdeTable.REGIONS)) {
            data.region(r.regionId(), r.name());
        }
        for (SdeSet.SolarSystem s : sde.<SdeSet.SolarSystem>rows(SdeTable.SYSTEMS)) {
            int region = s.regionId() != null ? s.regionId() : regionOfConstellation.getOrDefault(s.constellationId(), 0);
            data.system(s.systemId(), s.name(), s.constellationId(), region, s.security());
        }
        return data;
    }
}
