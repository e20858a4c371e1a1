package dev.evedmv.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers that the database is down, so that requests during an outage fail at once with 503
 * instead of each waiting out the pool's connection timeout; a probe thread watches for its
 * return and opens the gate again.
 */
public final class DatabaseGate {
    private static final Logger log = LoggerFactory.getLogger(DatabaseGate.class);

    private final BooleanSupplier probe;
    private final Duration probeInterval;
    private final AtomicBoolean down = new AtomicBoolean();

    /** {@code probe} answers whether the database is reachable (quickly: it runs while down). */
    public DatabaseGate(BooleanSupplier probe, Duration probeInterval) {
        this.probe = probe;
        this.probeInterval = probeInterval;
    }

    public boolean isDown() {
        return down.get();
    }

    /** True when {@code failure} means the database cannot be reached (rather than a bad query). */
    public static boolean isConnectionFailure(Throwable failure) {
        if (isPoolExhausted(failure)) {
            return false;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException se && se.getSQLState() != null
                    && (se.getSQLState().startsWith("08") || se.getSQLState().equals("57P01")
                        || se.getSQLState().equals("57P02") || se.getSQLState().equals("57P03"))) {
                return true;
            }
            if (c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code failure} is the pool's wait for a free connection running out while the
     * database itself answers (HikariCP's timeout with no connection failure behind it): the
     * server is overloaded, not cut off, so the gate stays open.
     */
    public static boolean isPoolExhausted(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException && c.getCause() == null) {
                return true;
            }
        }
        return false;
    }

    /** Closes the gate and starts probing until the database answers again. */
    public void reportDown(Throwable failure) {
        if (!down.compareAndSet(false, true)) {
            return;
        }
        log.warn("Database unreachable ({}); answering 503 until it returns", failure.getMessage());
        Thread t = new Thread(() -> {
            while (down.get()) {
                try {
                    Thread.sleep(probeInterval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (probe.getAsBoolean()) {
                    down.set(false);
                    log.info("Database reachable again");
                }
            }
        }, "database-gate-probe");
        t.setDaemon(true);
        t.start();
    }
}
