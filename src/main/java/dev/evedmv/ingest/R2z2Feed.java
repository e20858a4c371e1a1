package dev.evedmv.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;

/**
 * Follows zKillboard's R2Z2 feed: {@code GET {base}/ephemeral/{N}.json} for N upward from the
 * stored cursor (or from {@code sequence.json} on the first run) until a 404, then waits and
 * tries again. At most 20 requests a second; 429 and server errors back off; the cursor commits
 * with the killmails it covers. Every answer and failure goes to {@link FeedHealth}, with the
 * backlog: the latest sequence {@code sequence.json} gave (asked again every
 * {@value #LATEST_EVERY_SECONDS} s while records come) minus the cursor.
 */
public final class R2z2Feed {
    private static final Logger log = LoggerFactory.getLogger(R2z2Feed.class);
    public static final String FEED = "r2z2";
    static final int LATEST_EVERY_SECONDS = 30;
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\"\\s*:\\s*(\\d+)");

    /** Timing of the loop; tests shorten it. */
    public record Timing(Duration minRequestInterval, Duration idleWait, Duration maxBackoff) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(50), Duration.ofSeconds(6), Duration.ofSeconds(60));
    }

    private final HttpClient http;
    private final URI base;
    private final String userAgent;
    private final KillmailDecoder decoder;
    private final FeedBatcher batcher;
    private final Timing timing;
    private final FeedHealth health;
    private volatile boolean running = true;
    private long lastRequestNanos;
    private int failuresInARow;
    /** The latest sequence published as last known, -1 before {@code sequence.json} answered. */
    private long latestKnown = -1;
    /** When {@code sequence.json} was last asked, 0 before the first time. */
    private long latestAskedNanos;

    public R2z2Feed(HttpClient http, String baseUrl, String userAgent, KillmailDecoder decoder, FeedBatcher batcher,
                    Timing timing, FeedHealth health) {
        this.http = http;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.userAgent = userAgent;
        this.decoder = decoder;
        this.batcher = batcher;
        this.timing = timing;
        this.health = health;
    }

    /** Asks the loop to end after the current request; what it holds is written. */
    public void stop() {
        running = false;
    }

    /** Runs until {@link #stop()}; resumes after {@code storedCursor} when given. */
    public void run(String storedCursor) throws InterruptedException {
        long next = storedCursor != null ? Long.parseLong(storedCursor) + 1 : -1;
        while (running && next < 0) {
            next = latestSequence();
            if (next < 0) {
                backoff();
            }
        }
        long askedAgain = -1;
        while (running) {
            HttpResponse<byte[]> r = get("ephemeral/" + next + ".json");
            if (r == null) {
                batcher.flush();
                backoff();
                continue;
            }
            switch (r.statusCode()) {
                case 200 -> {
                    failuresInARow = 0;
                    try {
                        batcher.add(decoder.decode(r.body()), Long.toString(next));
                    } catch (EveDmvException e) {
                        batcher.reject(new Rejection(FEED + ":" + next, e.getMessage(), r.body()), Long.toString(next));
                    }
                    next++;
                    if (latestAskedNanos == 0 || System.nanoTime() - latestAskedNanos > LATEST_EVERY_SECONDS * 1_000_000_000L) {
                        latestSequence();
                    }
                    answered(next);
                }
                case 404 -> {
                    failuresInARow = 0;
                    batcher.flush();
                    long latest = latestSequence();
                    if (latest >= 0) {
                        answered(next);
                    }
                    if (latest > next && askedAgain != next) {
                        // it may have been published between our request and sequence.json's answer: ask once more
                        askedAgain = next;
                    } else if (latest > next) {
                        log.warn("R2Z2 sequence {} is missing while {} exists; skipping it", next, latest);
                        batcher.advance(Long.toString(next));
                        next++;
                    } else {
                        sleep(timing.idleWait());
                    }
                }
                case 429 -> {
                    batcher.flush();
                    Duration wait = r.headers().firstValue("Retry-After").map(R2z2Feed::seconds).orElse(null);
                    log.info("R2Z2 asked us to slow down (429)");
                    if (wait != null) {
                        sleep(wait);
                    } else {
                        backoff();
                    }
                }
                default -> {
                    batcher.flush();
                    logFailure("HTTP " + r.statusCode());
                    backoff();
                }
            }
            batcher.flushIfDue();
        }
        batcher.flush();
    }

    private long latestSequence() throws InterruptedException {
        latestAskedNanos = System.nanoTime();
        HttpResponse<byte[]> r = get("ephemeral/sequence.json");
        if (r == null || r.statusCode() != 200) {
            if (r != null) {
                logFailure("sequence.json answered HTTP " + r.statusCode());
            }
            return -1;
        }
        Matcher m = SEQUENCE.matcher(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        if (!m.find()) {
            logFailure("sequence.json has no sequence");
            return -1;
        }
        latestKnown = Long.parseLong(m.group(1));
        return latestKnown;
    }

    /** The server answered; {@code next} is the sequence to ask for next. */
    private void answered(long next) {
        health.backlog(latestKnown < 0 ? null : Math.max(0, latestKnown - next + 1));
        health.succeeded();
    }

    /** One paced request; null when the network failed (logged). */
    private HttpResponse<byte[]> get(String path) throws InterruptedException {
        long wait = lastRequestNanos + timing.minRequestInterval().toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        lastRequestNanos = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("User-Agent", userAgent)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(20))
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            logFailure(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return null;
        }
    }

    private void backoff() throws InterruptedException {
        failuresInARow++;
        long millis = Math.min(timing.maxBackoff().toMillis(),
                timing.minRequestInterval().toMillis() * (1L << Math.min(failuresInARow + 3, 20)));
        sleep(Duration.ofMillis(millis));
    }

    /**
     * Records the failure; the first of a streak is a warning, repeats go to the debug log so a long
     * outage does not flood it.
     */
    private void logFailure(String what) {
        health.failed(what);
        if (failuresInARow == 0) {
            log.warn("R2Z2 feed at {} failed ({}); retrying with backoff", base, what);
        } else {
            log.debug("R2Z2 feed still failing: {}", what);
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (running && System.nanoTime() < end) {
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            batcher.flushIfDue();
        }
    }

    private static Duration seconds(String header) {
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
