package dev.evedmv.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.evedmv.EveDmvException;
import dev.evedmv.sde.StaticData;
import dev.evedmv.sde.StaticData.TypeInfo;

/**
 * Generates realistic synthetic killmails in EVE Ref's archive layout: one
 * {@code killmails-YYYY-MM-DD.tar.bz2} (or {@code .tar.gz}) per day holding {@code killmails/{id}.json}
 * in plain ESI JSON, plus {@code names.jsonl} for every character, corporation and alliance used and
 * {@code prices.json} in ESI {@code /markets/prices/} form. The same seed and options give
 * byte-identical files, whatever the number of threads. Ids come from the seed's own range (see
 * {@link SyntheticIds}), so the output of two seeds imports side by side, and no killmail is later
 * than {@link Options#now()}.
 *
 * <p>Shape: Zipf–Mandelbrot pilot activity (heavy-tailed, the busiest pilot on a few tenths of a percent of
 * killmails, see {@link DayGenerator#PILOT_ZIPF_OFFSET}); pilots in corporations, three corporations in four in
 * an alliance; victims and attackers flying real ship types; systems weighted toward null- and
 * low-sec with a few hubs per band; about 12% NPC killmails, 17% solo; 1 to 2,000 attackers with
 * a heavy tail (mean near 4.6); corporations flying doctrines of a few hulls each; attackers' weapons
 * from the weapon groups (turrets, launchers, smart bombs, combat drones); a few modules and charges on
 * each ship lost; hulls priced by class.
 *
 * <p>bzip2 compression dominates the run time (Java's bzip2 is single-threaded per stream), so
 * days are compressed in parallel; {@code tar.gz} is several times faster for quick local runs.
 */
public final class SyntheticKillmails {
    /** Killmails per day when no end date is given: about the live game's 15,000. */
    public static final int KILLMAILS_PER_DAY = 15_000;

    public enum ArchiveFormat {
        TAR_BZ2("tar.bz2"), TAR_GZ("tar.gz");

        public final String extension;

        ArchiveFormat(String extension) {
            this.extension = extension;
        }

        public static ArchiveFormat of(String text) {
            for (ArchiveFormat f : values()) {
                if (f.extension.equals(text)) {
                    return f;
                }
            }
            throw new EveDmvException("unknown archive format '" + text + "' (use tar.bz2 or tar.gz)");
        }
    }

    /**
     * @param seed the random seed, which also picks the ids (see {@link SyntheticIds}): 0 to {@link SyntheticIds#MAX_SEED}
     * @param from first day (UTC)
     * @param to   last day, inclusive; killmails are spread evenly over the days
     * @param now  the current time: no killmail is later, so {@code to} is today at the latest, and today
     *             gets the share of a day's killmails that fell before now
     */
    public record Options(long killmails, long seed, LocalDate from, LocalDate to, ArchiveFormat format, int threads,
                          Instant now) {
        public Options {
            if (killmails < 1 || killmails > SyntheticIds.MAX_KILLMAILS) {
                throw new EveDmvException("--killmails must be from 1 to " + SyntheticIds.MAX_KILLMAILS + ", got " + killmails);
            }
            SyntheticIds.checkSeed(seed);
            LocalDate today = today(now);
            if (from.isAfter(today)) {
                throw new EveDmvException("--from " + from + " is after today (" + today
                        + "): generated killmails are never later than now");
            }
            if (to.isBefore(from)) {
                throw new EveDmvException("--to " + to + " is before --from " + from);
            }
            if (to.isAfter(today)) {
                throw new EveDmvException("--to " + to + " is after today (" + today
                        + "): generated killmails are never later than now");
            }
            if (threads < 1) {
                throw new EveDmvException("--threads must be at least 1");
            }
        }

        /**
         * From {@code from}, as many days as the live rate of {@link #KILLMAILS_PER_DAY} needs, but no
         * later than today (the days then hold more killmails each).
         */
        public static LocalDate defaultTo(LocalDate from, long killmails, Instant now) {
            LocalDate byRate = from.plusDays(Math.max(1, (killmails + KILLMAILS_PER_DAY - 1) / KILLMAILS_PER_DAY) - 1);
            LocalDate today = today(now);
            return byRate.isAfter(today) && !from.isAfter(today) ? today : byRate;
        }

        private static LocalDate today(Instant now) {
            return LocalDate.ofInstant(now, ZoneOffset.UTC);
        }

        int days() {
            return (int) ChronoUnit.DAYS.between(from, to) + 1;
        }

        /** Seconds of {@code day} before now (and now's own second), all of the day's unless it is today. */
        int secondsAvailable(LocalDate day) {
            return DayGenerator.secondsAvailable(day, now);
        }
    }

    public record Summary(long killmails, long attackers, long npcKillmails, long soloKillmails, int largestGang,
            int days, int characters, int corporations, int alliances, long archiveBytes, Duration elapsed) {

        public double killmailsPerSecond() {
            return killmails / Math.max(1e-3, elapsed.toNanos() / 1e9);
        }

        public String describe() {
            return String.format("%,d killmails in %d daily archives (%,d MB) in %.1f s (%,.0f killmails/s); "
                    + "%,d characters, %,d corporations, %,d alliances; %.1f%% npc, %.1f%% solo, "
                    + "%.2f attackers on average, largest %,d",
                    killmails, days, archiveBytes / 1_000_000, elapsed.toNanos() / 1e9, killmailsPerSecond(),
                    characters, corporations, alliances, 100.0 * npcKillmails / killmails,
                    100.0 * soloKillmails / killmails, (double) attackers / killmails, largestGang);
        }
    }

    private final StaticCatalog catalog;

    public SyntheticKillmails(StaticCatalog catalog) {
        this.catalog = catalog;
    }

    public Summary generate(Options options, Path outDir) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new EveDmvException("cannot create output folder " + outDir + ": " + e.getMessage(), e);
        }
        Population population = new Population(options.seed(), options.killmails());
        DayGenerator.Catalog arranged = new DayGenerator.Catalog(catalog, options.seed());

        int days = options.days();
        List<DayTask> tasks = new ArrayList<>(days);
        long nextId = SyntheticIds.killmail(options.seed(), 0);
        long[] counts = dayCounts(options);
        for (int d = 0; d < days; d++) {
            LocalDate day = options.from().plusDays(d);
            tasks.add(new DayTask(day, options.secondsAvailable(day), nextId, (int) counts[d]));
            nextId += counts[d];
        }

        BitSet pilots = new BitSet(population.pilots);
        BitSet corporations = new BitSet(population.corporations);
        BitSet alliances = new BitSet(population.alliances);
        DayGenerator.Stats stats = new DayGenerator.Stats(0, 0, 0, 0, 0);
        long archiveBytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), days));
        try {
            List<Future<DayResult>> results = new ArrayList<>(days);
            for (DayTask task : tasks) {
                results.add(pool.submit(() -> writeDay(task, options, population, arranged, outDir)));
            }
            for (Future<DayResult> future : results) {
                DayResult day = future.get();
                pilots.or(day.pilots);
                corporations.or(day.corporations);
                alliances.or(day.alliances);
                stats = stats.plus(day.stats);
                archiveBytes += day.archiveBytes;
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EveDmvException("generating killmails failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("interrupted while generating killmails", e);
        } finally {
            pool.shutdownNow();
        }

        writeNames(outDir.resolve("names.jsonl"), options.seed(), population, pilots, corporations, alliances);
        writePrices(outDir.resolve("prices.json"), options.seed());
        return new Summary(stats.killmails(), stats.attackers(), stats.npcKillmails(), stats.soloKillmails(),
                stats.largestGang(), days, pilots.cardinality(), corporations.cardinality(), alliances.cardinality(),
                archiveBytes, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Killmails per day: evenly spread (the first days one more when they do not divide), except
     * that a last day still under way gets its share of a whole day's by the time that has passed.
     */
    static long[] dayCounts(Options options) {
        int days = options.days();
        long[] counts = new long[days];
        long rest = options.killmails();
        int wholeDays = days;
        int available = options.secondsAvailable(options.to());
        if (available < DayGenerator.SECONDS_PER_DAY) {
            wholeDays--;
            double share = DayGenerator.shareOfDay(available);
            counts[days - 1] = wholeDays == 0 ? rest : Math.round(rest * share / (wholeDays + share));
            rest -= counts[days - 1];
        }
        for (int d = 0; d < wholeDays; d++) {
            counts[d] = rest / wholeDays + (d < rest % wholeDays ? 1 : 0);
        }
        return counts;
    }

    /** The archive name of a day, as EVE Ref names them. */
    public static String archiveName(LocalDate day, ArchiveFormat format) {
        return "killmails-" + day + "." + format.extension;
    }

    private record DayTask(LocalDate day, int secondsAvailable, long firstId, int count) {
    }

    private record DayResult(DayGenerator.Stats stats, BitSet pilots, BitSet corporations, BitSet alliances, long archiveBytes) {
    }

    private static DayResult writeDay(DayTask task, Options options, Population population, DayGenerator.Catalog catalog,
            Path outDir) throws IOException {
        Path target = outDir.resolve(archiveName(task.day(), options.format()));
        Path partial = outDir.resolve(target.getFileName() + ".partial");
        BitSet pilots = new BitSet();
        BitSet corporations = new BitSet();
        BitSet alliances = new BitSet();
        DayGenerator.Stats stats;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed(partial, options.format(), task.day()))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            stats = new DayGenerator(population, catalog).generate(options.seed(), task.day(), task.secondsAvailable(),
                    task.firstId(), task.count(),
                    (id, epochSecond, json) -> {
                        TarArchiveEntry entry = new TarArchiveEntry("killmails/" + id + ".json");
                        entry.setSize(json.length);
                        entry.setModTime(epochSecond * 1000);
                        entry.setMode(0644);
                        entry.setIds(0, 0);
                        entry.setUserName("");
                        entry.setGroupName("");
                        tar.putArchiveEntry(entry);
                        tar.write(json);
                        tar.closeArchiveEntry();
                    }, pilots, corporations, alliances);
            tar.finish();
        }
        // a killed run leaves only .partial files behind, never a truncated archive under the real name
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new DayResult(stats, pilots, corporations, alliances, Files.size(target));
    }

    private static OutputStream compressed(Path file, ArchiveFormat format, LocalDate day) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (format == ArchiveFormat.TAR_BZ2) {
            return new BZip2CompressorOutputStream(out);
        }
        GzipParameters parameters = new GzipParameters();
        parameters.setModificationTime(day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000);
        return new GzipCompressorOutputStream(out, parameters);
    }

    private static void writeNames(Path file, long seed, Population population, BitSet pilots, BitSet corporations,
            BitSet alliances) {
        JsonFactory json = new JsonFactory();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = pilots.nextSetBit(0); i >= 0; i = pilots.nextSetBit(i + 1)) {
                writeName(json, out, population.characterId(i), "character", SyntheticNames.character(seed, i));
            }
            for (int j = corporations.nextSetBit(0); j >= 0; j = corporations.nextSetBit(j + 1)) {
                writeName(json, out, population.corporationId(j), "corporation", SyntheticNames.corporation(seed, j));
            }
            for (int k = alliances.nextSetBit(0); k >= 0; k = alliances.nextSetBit(k + 1)) {
                writeName(json, out, population.allianceId(k), "alliance", SyntheticNames.alliance(seed, k));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeName(JsonFactory json, OutputStream out, long id, String category, String name) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("category", category);
            g.writeStringField("name", name);
            g.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * The price level of a hull by its ship group (the static data's group ids), about what the market asks: a
     * frigate a few hundred thousand ISK, a battleship a couple of hundred million, a dreadnought billions, a
     * titan tens of billions. Groups not listed cost about 20 M.
     */
    private static final Map<Integer, Double> SHIP_PRICE_LEVELS = Map.ofEntries(
            Map.entry(StaticData.GROUP_CAPSULE, 1e4), Map.entry(StaticData.GROUP_SHUTTLE, 1e4),
            Map.entry(StaticData.GROUP_ROOKIE_SHIP, 1e4),
            Map.entry(25, 4e5), Map.entry(420, 1.2e6), Map.entry(26, 1e7), Map.entry(419, 5e7), Map.entry(1201, 6e7),
            Map.entry(27, 2e8), Map.entry(324, 3e7), Map.entry(831, 3e7), Map.entry(830, 3e7), Map.entry(834, 3e7),
            Map.entry(893, 3e7), Map.entry(1283, 3e7), Map.entry(1527, 3e7), Map.entry(541, 5e7), Map.entry(1305, 5e7),
            Map.entry(1534, 6e7), Map.entry(358, 2e8), Map.entry(894, 2.5e8), Map.entry(832, 2e8), Map.entry(963, 4e8),
            Map.entry(1972, 4e8), Map.entry(540, 3e8), Map.entry(898, 1e9), Map.entry(900, 1.5e9), Map.entry(463, 3e7),
            Map.entry(543, 2.5e8), Map.entry(380, 2e8), Map.entry(1202, 1.5e8), Map.entry(513, 1.5e9),
            Map.entry(902, 8e9), Map.entry(941, 3e8), Map.entry(883, 6e9), Map.entry(485, 2.5e9), Map.entry(4594, 3e9),
            Map.entry(547, 1.5e9), Map.entry(1538, 2e9), Map.entry(659, 2.5e10), Map.entry(30, 8e10));
    private static final double OTHER_SHIP_PRICE_LEVEL = 2e7;

    /**
     * Synthetic prices per type, log-normal around a level: ships by class ({@link #SHIP_PRICE_LEVELS}, spread
     * narrowly and at most two standard deviations from it, so that classes never swap: a Rifter stays under
     * a million, a Moros over a billion), modules about 1 M, drones about 300 k, charges about 500 ISK, these
     * spread widely; one type in ten has only an adjusted price, as in ESI.
     */
    private void writePrices(Path file, long seed) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
                JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartArray();
            for (TypeInfo type : catalog.pricedTypes()) {
                SplittableRandom random = new SplittableRandom(Seeds.mix(seed ^ 0x9A1CE5L, type.typeId()));
                boolean ship = type.categoryId() == StaticData.CATEGORY_SHIP;
                double level = switch (type.categoryId()) {
                    case StaticData.CATEGORY_SHIP -> SHIP_PRICE_LEVELS.getOrDefault(type.groupId(), OTHER_SHIP_PRICE_LEVEL);
                    case StaticCatalog.CATEGORY_MODULE -> 1e6;
                    case StaticCatalog.CATEGORY_DRONE -> 3e5;
                    default -> 500;
                };
                double spread = gaussian(random);
                double average = ship ? level * Math.exp(0.2 * Math.max(-2, Math.min(2, spread)))
                        : level * Math.exp(1.5 * spread);
                double adjusted = average * (0.8 + 0.4 * random.nextDouble());
                g.writeStartObject();
                if (random.nextInt(10) != 0) {
                    g.writeNumberField("average_price", BigDecimal.valueOf(average).setScale(2, RoundingMode.HALF_UP));
                }
                g.writeNumberField("adjusted_price", BigDecimal.valueOf(adjusted).setScale(2, RoundingMode.HALF_UP));
                g.writeNumberField("type_id", type.typeId());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Box–Muller, so the value depends on the random stream alone. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
