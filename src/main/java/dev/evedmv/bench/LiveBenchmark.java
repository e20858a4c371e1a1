package dev.evedmv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;

import dev.evedmv.db.Database;

/**
 * {@code bench live}: a {@link FakeR2z2Server} publishes generated killmails at R a second while
 * an in-process {@code serve} follows it; a watcher asks the API for each published killmail
 * ({@code GET /api/v1/killmails/{id}}, {@code Cache-Control: no-cache}) until it answers, in
 * publication order (the feed walks sequences upward and commits in order, so a killmail not yet
 * visible means none after it is either). Reported: publication → visible, arrival at eve-dmv
 * (the fake's first answer of that sequence) → visible, and publication → arrival.
 */
public final class LiveBenchmark {
    /** First R2Z2 sequence number of the generated killmails (their ids are the seed's, see {@link SyntheticIds}). */
    static final long FIRST_SEQUENCE = 100_000_000L;
    private static final dev.evedmv.db.NamedSql CURSOR = dev.evedmv.db.NamedSql.load(LiveBenchmark.class, "live_feed_cursor");

    /** Rate (killmails a second), measured time, warm-up, and how long to wait for stragglers at the end. */
    public record Options(double rate, Duration duration, Duration warmup, Duration grace, long seed) {
        public Options {
            if (!(rate > 0) || rate > 10_000) {
                throw new IllegalArgumentException("--rate must be above 0 and at most 10000, not " + rate);
            }
            if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
                throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
            }
        }

        int killmails() {
            return (int) Math.ceil(rate * (duration.toMillis() + warmup.toMillis()) / 1000.0);
        }
    }

    /** The generated records, in publication order. */
    public record Prepared(List<Long> killmailIds, List<byte[]> records) {
    }

    /** What the run measured (measured killmails only: published after the warm-up). */
    public record Result(Options options, long published, long measured, long arrived, long visible, long notVisible,
                         long skippedByFeed,
                         LatencyFigures publishToVisible, LatencyFigures arrivalToVisible,
                         LatencyFigures publishToArrival, double achievedRate) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate_per_second", options.rate());
            m.put("achieved_rate_per_second", Math.round(achievedRate * 10) / 10.0);
            m.put("duration_seconds", options.duration().toMillis() / 1000.0);
            m.put("warmup_seconds", options.warmup().toMillis() / 1000.0);
            m.put("published", published);
            m.put("measured", measured);
            m.put("arrived", arrived);
            m.put("visible", visible);
            m.put("not_visible", notVisible);
            m.put("skipped_by_feed", skippedByFeed);
            m.put("publish_to_visible", publishToVisible.toJson());
            m.put("arrival_to_visible", arrivalToVisible.toJson());
            m.put("publish_to_arrival", publishToArrival.toJson());
            return m;
        }
    }

    private final Options options;

    /** The sequence the fake publishes first. */
    public static long firstSequence() {
        return FIRST_SEQUENCE;
    }

    public LiveBenchmark(Options options) {
        this.options = options;
    }

    /** Generates the killmails to publish (today's, none later than {@code now}) with the static data of {@code db}. */
    public Prepared prepare(Database db, Instant now) {
        int count = options.killmails();
        StaticCatalog catalog = new SdeTablesCatalogSource().load(db);
        Population population = new Population(options.seed(), Math.max(count, 10_000));
        DayGenerator generator = new DayGenerator(population, new DayGenerator.Catalog(catalog, options.seed()));
        List<Long> ids = new ArrayList<>(count);
        List<byte[]> records = new ArrayList<>(count);
        SplittableRandom values = new SplittableRandom(options.seed());
        long uploadedAt = System.currentTimeMillis() / 1000;
        try {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            generator.generate(options.seed(), today, DayGenerator.secondsAvailable(today, now),
                    SyntheticIds.killmail(options.seed(), 0), count,
                    (id, epochSecond, json) -> {
                        long sequence = FIRST_SEQUENCE + ids.size();
                        ids.add(id);
                        records.add(FakeR2z2Server.record(sequence, id, json,
                                Math.round(values.nextDouble(1e6, 5e9)), uploadedAt));
                    }, new BitSet(), new BitSet(), new BitSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Prepared(List.copyOf(ids), List.copyOf(records));
    }

    /** Sets the R2Z2 cursor of {@code db} (a fresh benchmark database) just before the first sequence published. */
    public static void startFeedAtFirstSequence(Database db) {
        db.jdbi().useHandle(h -> CURSOR.update(h).bind("feed", dev.evedmv.ingest.R2z2Feed.FEED)
                .bind("cursor", Long.toString(FIRST_SEQUENCE - 1)).execute());
    }

    /** Publishes {@code prepared} into {@code fake} at the rate while watching the API at {@code api}. */
    public Result run(FakeR2z2Server fake, URI api, Prepared prepared) {
        int n = prepared.killmailIds().size();
        long[] visibleAt = new long[n];
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + options.warmup().toNanos();
        long[] lastPublished = {0};
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * 1e9 / options.rate());
                sleepUntil(due);
                fake.publish(FIRST_SEQUENCE + i, prepared.records().get(i));
            }
            lastPublished[0] = System.nanoTime();
        }, "bench-live-publisher");
        publisher.setDaemon(true);
        publisher.start();
        long deadline = start + options.warmup().toNanos() + options.duration().toNanos() + options.grace().toNanos();
        watch(fake, api, prepared, visibleAt, deadline);
        try {
            publisher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Histogram toVisible = LatencyFigures.newHistogram();
        Histogram arrivalToVisible = LatencyFigures.newHistogram();
        Histogram toArrival = LatencyFigures.newHistogram();
        long measured = 0;
        long skipped = 0;
        long arrived = 0;
        long visible = 0;
        long firstMeasured = Long.MAX_VALUE;
        long lastMeasured = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            Long published = fake.publishedAt(FIRST_SEQUENCE + i);
            if (published == null || published < measureFrom) {
                continue;
            }
            measured++;
            firstMeasured = Math.min(firstMeasured, published);
            lastMeasured = Math.max(lastMeasured, published);
            Long served = fake.servedAt(FIRST_SEQUENCE + i);
            if (served == null && visibleAt[i] == 0 && skippedByFeed(fake, i, n)) {
                skipped++;
            }
            if (served != null) {
                arrived++;
                toArrival.recordValue(micros(served - published));
            }
            if (visibleAt[i] != 0) {
                visible++;
                toVisible.recordValue(micros(visibleAt[i] - published));
                if (served != null) {
                    arrivalToVisible.recordValue(micros(visibleAt[i] - served));
                }
            }
        }
        double seconds = options.duration().toNanos() / 1e9;
        double achieved = measured > 1 ? (measured - 1) / ((lastMeasured - firstMeasured) / 1e9) : 0;
        return new Result(options, fake.published().size(), measured, arrived, visible, measured - visible - skipped,
                skipped, LatencyFigures.of(toVisible, measured - visible, seconds),
                LatencyFigures.of(arrivalToVisible, 0, seconds), LatencyFigures.of(toArrival, measured - arrived, seconds),
                achieved);
    }

    /** Asks for each published killmail, oldest first, until it is visible or the deadline passes. */
    private static void watch(FakeR2z2Server fake, URI api, Prepared prepared, long[] visibleAt, long deadline) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int n = prepared.killmailIds().size();
        int i = 0;
        while (i < n && System.nanoTime() < deadline) {
            if (fake.publishedAt(FIRST_SEQUENCE + i) == null) {
                sleepUntil(System.nanoTime() + 1_000_000L);
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(api.resolve("api/v1/killmails/" + prepared.killmailIds().get(i)))
                    .header("Cache-Control", "no-cache").header("User-Agent", "eve-dmv-bench")
                    .timeout(Duration.ofSeconds(10)).GET().build();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (status == 200) {
                visibleAt[i] = System.nanoTime();
                i++;
            } else if (skippedByFeed(fake, i, n)) {
                i++; // never fetched while a later one was: it cannot show, and need not hold up the rest
            } else {
                sleepUntil(System.nanoTime() + 5_000_000L);
            }
        }
    }

    /**
     * True when the feed fetched a later sequence but never this one: it moved past it (R2Z2Feed
     * skips a sequence that answered 404 while {@code sequence.json} already named a later one).
     */
    private static boolean skippedByFeed(FakeR2z2Server fake, int i, int n) {
        if (fake.servedAt(FIRST_SEQUENCE + i) != null) {
            return false;
        }
        for (int k = i + 1; k < n && fake.publishedAt(FIRST_SEQUENCE + k) != null; k++) {
            if (fake.servedAt(FIRST_SEQUENCE + k) != null) {
                return true;
            }
        }
        return false;
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long micros(long nanos) {
        return Math.max(1, Math.min(600_000_000L, nanos / 1000));
    }
}
