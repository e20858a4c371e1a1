package dev.evedmv.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.DatabaseUrls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Listens for {@link Invalidations} on a connection of its own (a pooled one would be handed to
 * queries between waits) and evicts what they name. After any (re)connection it flushes the
 * whole cache, since messages sent while it was not listening are lost.
 */
public final class InvalidationListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvalidationListener.class);
    private static final int WAIT_MILLIS = 250;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DatabaseUrls.JdbcTarget target;
    private final QueryCache cache;
    private final Clock clock;
    private final Counter received;
    private final Counter flushes;
    private final Timer delay;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;
    private volatile boolean listening;

    private InvalidationListener(DatabaseUrls.JdbcTarget target, QueryCache cache, Clock clock, MeterRegistry registry) {
        this.target = target;
        this.cache = cache;
        this.clock = clock;
        this.received = Counter.builder("evedmv_cache_invalidations_received")
                .description("invalidation notifications received").register(registry);
        this.flushes = Counter.builder("evedmv_cache_flushes")
                .description("whole-cache flushes (reconnects, flush-all messages)").register(registry);
        this.delay = Timer.builder("evedmv_cache_invalidation_delay")
                .description("from the ingest's notify (just before its commit) to receipt here")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.thread = new Thread(this::run, "cache-invalidations");
        this.thread.setDaemon(true);
    }

    /** Starts listening on a connection of its own to {@code target}. */
    public static InvalidationListener start(DatabaseUrls.JdbcTarget target, QueryCache cache, Clock clock,
                                             MeterRegistry registry) {
        InvalidationListener l = new InvalidationListener(target, cache, clock, registry);
        l.thread.start();
        return l;
    }

    /** True while LISTEN is in place on a live connection. */
    public boolean listening() {
        return listening;
    }

    /** Waits up to {@code timeout} for the listener to be in place; true if it is. */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return listening;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        boolean everConnected = false;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + Invalidations.CHANNEL);
                }
                // anything sent while not listening is lost: start from an empty cache
                cache.evictAll(everConnected);
                flushes.increment();
                if (everConnected) {
                    log.info("Cache invalidation listener reconnected; flushed the cache (notifications sent meanwhile are lost)");
                }
                everConnected = true;
                listening = true;
                backoff = Duration.ofMillis(100);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            apply(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    log.warn("Cache invalidation listener lost its connection ({}); reconnecting in {} ms",
                            firstLine(e), backoff.toMillis());
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private void apply(String payload) {
        Invalidations.Message m;
        try {
            m = Invalidations.Message.parse(payload);
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed invalidation: {}", payload.length() > 80 ? payload.substring(0, 80) : payload);
            cache.evictAll(false);
            return;
        }
        received.increment();
        long delayMillis = Math.max(0, clock.millis() - m.sentMillis());
        delay.record(delayMillis, TimeUnit.MILLISECONDS);
        if (m.all()) {
            cache.evictAll(true);
            flushes.increment();
        } else {
            cache.evict(m.touched(), Duration.ofMillis(delayMillis));
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "eve-dmv cache-invalidations");
        p.setProperty("connectTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
        return target.connect(p);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = connection;
        if (thread.isAlive() && c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing the listener connection", e);
            }
        }
    }
}
