package dev.evedmv.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;
import dev.evedmv.killmail.DerivedKillmail;

/**
 * Follows a wanderer-kills Server-Sent Events stream: {@code killmail} events carry one kill,
 * {@code batch} events several, {@code heartbeat} none. Reconnects with backoff, sending the
 * last committed event id as {@code Last-Event-ID} when the server gives ids. A connection and
 * every event count as successes, a refused or broken connection as a failure ({@link FeedHealth}).
 */
public final class SseFeed {
    private static final Logger log = LoggerFactory.getLogger(SseFeed.class);

    /** Decodes one event's data into killmails; throws an EveDmvException when it cannot. */
    @FunctionalInterface
    public interface EventDecoder {
        List<DerivedKillmail> decode(String event, byte[] data);
    }

    private final HttpClient http;
    private final URI url;
    private final String userAgent;
    private final EventDecoder decoder;
    private final FeedBatcher batcher;
    private final Duration maxBackoff;
    private final FeedHealth health;
    private volatile boolean running = true;
    private volatile Stream<String> open;
    private volatile RuntimeException flushFailure;
    private long eventCount;

    public SseFeed(HttpClient http, String url, String userAgent, EventDecoder decoder, FeedBatcher batcher,
                   Duration maxBackoff, FeedHealth health) {
        this.http = http;
        this.url = URI.create(url);
        this.userAgent = userAgent;
        this.decoder = decoder;
        this.batcher = batcher;
        this.maxBackoff = maxBackoff;
        this.health = health;
    }

    /** The feed_state key of a stream. */
    public static String feedName(String url) {
        return "sse:" + url;
    }

    public void stop() {
        running = false;
        Stream<String> s = open;
        if (s != null) {
            s.close();
        }
    }

    public void run(String lastEventId) throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-flush");
            t.setDaemon(true);
            return t;
        });
        // a quiet stream still commits what it has within the batcher's delay
        timer.scheduleWithFixedDelay(this::flushQuietly, 50, 50, TimeUnit.MILLISECONDS);
        try {
            follow(lastEventId);
        } finally {
            timer.shutdownNow();
        }
        if (flushFailure != null) {
            throw flushFailure;
        }
    }

    private void flushQuietly() {
        try {
            batcher.flushIfDue();
        } catch (RuntimeException e) {
            flushFailure = e;
            stop();
        }
    }

    private void follow(String lastEventId) throws InterruptedException {
        String lastId = lastEventId;
        int failures = 0;
        while (running) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .header("Accept", "text/event-stream")
                    .header("User-Agent", userAgent);
            if (lastId != null && !lastId.isEmpty()) {
                request.header("Last-Event-ID", lastId);
            }
            try {
                HttpResponse<Stream<String>> r = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    r.body().close();
                    throw new IOException("HTTP " + r.statusCode());
                }
                failures = 0;
                health.succeeded();
                open = r.body();
                lastId = consume(r.body().iterator(), lastId);
            } catch (IOException | java.io.UncheckedIOException e) {
                if (!running) {
                    break;
                }
                health.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                if (failures == 0) {
                    log.warn("SSE stream {} failed ({}); reconnecting with backoff", url, e.getMessage());
                }
            } finally {
                open = null;
                batcher.flush();
            }
            if (running) {
                failures++;
                Thread.sleep(Math.min(maxBackoff.toMillis(), 250L << Math.min(failures, 10)));
            }
        }
        batcher.flush();
    }

    public long events() {
        return eventCount;
    }

    /** Reads events until the stream ends; returns the last event id seen. */
    private String consume(Iterator<String> lines, String lastId) {
        String event = "message";
        StringBuilder data = new StringBuilder();
        String id = lastId;
        while (running && lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data.length() > 0 || !"message".equals(event)) {
                    dispatch(event, data.toString(), id);
                }
                event = "message";
                data.setLength(0);
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).startsWith(" ")
                    ? line.substring(colon + 2) : line.substring(colon + 1);
            switch (field) {
                case "event" -> event = value;
                case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                case "id" -> id = value;
                default -> { }
            }
        }
        return id;
    }

    private void dispatch(String event, String data, String id) {
        eventCount++;
        health.succeeded();
        String cursor = id != null ? id : "";
        if ("heartbeat".equals(event) || data.isBlank()) {
            batcher.advance(cursor);
            batcher.flushIfDue();
            return;
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        try {
            List<DerivedKillmail> kills = decoder.decode(event, bytes);
            if (kills.isEmpty()) {
                batcher.advance(cursor);
            }
            for (DerivedKillmail k : kills) {
                batcher.add(k, cursor);
            }
        } catch (EveDmvException e) {
            batcher.reject(new Rejection("sse:" + event + (id != null ? ":" + id : ""), e.getMessage(), bytes), cursor);
        }
    }
}
