package dev.evedmv.ingest;

import java.net.http.HttpClient;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvConfig;

/**
 * Keeps one live feed running: starts it from the stored cursor and, when it fails (say the
 * database restarts), logs it, waits with backoff and starts again from the cursor last
 * committed, so nothing is lost and nothing is stored twice. The feed's health (last success, last
 * error, backlog) goes to its {@code feed_state} row through {@link FeedHealth}.
 */
public final class FeedRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);

    /** Which feed to follow. */
    public sealed interface Source {
        String feedName();
    }

    public record R2z2(String baseUrl, R2z2Feed.Timing timing) implements Source {
        @Override
        public String feedName() {
            return R2z2Feed.FEED;
        }
    }

    public record Sse(String url) implements Source {
        @Override
        public String feedName() {
            return SseFeed.feedName(url);
        }
    }

    private final IngestSetup setup;
    private final Source source;
    private final String userAgent;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Duration maxDelay;
    private final FeedHealth health;
    private volatile boolean running = true;
    private volatile Runnable stopCurrent = () -> { };

    public FeedRunner(IngestSetup setup, Source source, EveDmvConfig config, Duration maxDelay) {
        this.setup = setup;
        this.source = source;
        this.userAgent = config.userAgent();
        this.maxDelay = maxDelay;
        this.health = new FeedHealth(setup.database(), source.feedName(), FeedHealth.INTERVAL);
    }

    public void stop() {
        running = false;
        stopCurrent.run();
    }

    @Override
    public void run() {
        int failures = 0;
        while (running) {
            FeedBatcher batcher = new FeedBatcher(setup.writer(), setup.rejects(), source.feedName(), 500, maxDelay);
            try {
                String cursor = FeedBatcher.storedCursor(setup.database(), source.feedName());
                if (source instanceof R2z2 r) {
                    R2z2Feed feed = new R2z2Feed(http, r.baseUrl(), userAgent, setup.decoders().r2z2(), batcher, r.timing(),
                            health);
                    stopCurrent = feed::stop;
                    if (running) {
                        feed.run(cursor);
                    }
                } else if (source instanceof Sse s) {
                    SseFeed feed = new SseFeed(http, s.url(), userAgent, setup.decoders().wanderer(), batcher,
                            Duration.ofSeconds(60), health);
                    stopCurrent = feed::stop;
                    if (running) {
                        feed.run(cursor);
                    }
                }
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                health.failed("stopped: " + e.getMessage());
                if (failures == 1) {
                    log.warn("Feed {} stopped ({}); restarting from its last committed cursor", source.feedName(),
                            e.getMessage());
                } else {
                    log.debug("Feed {} failed again", source.feedName(), e);
                }
                try {
                    Thread.sleep(Math.min(60_000, 500L << Math.min(failures, 7)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
