package dev.evedmv.db;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL of a long-running process up: checks every {@code interval} that
 * its postmaster lives and, when it died (a {@code kill -9}, the OOM killer), starts it again on
 * the same data directory and port with {@link EmbeddedServer#restart()}, retrying with a growing
 * pause while the restart fails. Once the server is back, it runs the {@code afterRestart} actions
 * (the pools drop their dead connections) and waits for the pool to answer. Until then
 * {@link #outage()} says "database restarting".
 */
public final class EmbeddedSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSupervisor.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final EmbeddedServer server;
    private final List<Runnable> afterRestart;
    private final BooleanSupplier poolAnswers;
    private final ScheduledExecutorService executor;
    private static final String STOPPED = "database restarting: the embedded PostgreSQL stopped unexpectedly";
    private volatile String outage;
    private long downSince;
    private int failedAttempts;
    private long nextAttempt;
    private boolean restarted;

    private EmbeddedSupervisor(EmbeddedServer server, List<Runnable> afterRestart, BooleanSupplier poolAnswers) {
        this.server = server;
        this.afterRestart = List.copyOf(afterRestart);
        this.poolAnswers = poolAnswers;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Supervises {@code server} on a daemon thread until {@link #close()}; the outage lasts until
     * {@code poolAnswers} (a query through the process's pool) is true again.
     */
    public static EmbeddedSupervisor start(EmbeddedServer server, Duration interval, List<Runnable> afterRestart,
                                           BooleanSupplier poolAnswers) {
        EmbeddedSupervisor s = new EmbeddedSupervisor(server, afterRestart, poolAnswers);
        s.executor.scheduleWithFixedDelay(s::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /**
     * While the server is down and being restarted, what to tell a client ("database restarting…"),
     * from the moment its postmaster is gone, before the next look notices it.
     */
    public Optional<String> outage() {
        String known = outage;
        if (known == null && server.postmasterPid().isEmpty()) {
            known = STOPPED;
        }
        return Optional.ofNullable(known);
    }

    /** One look: restarts the server when its postmaster is gone, then waits for the pool to answer; never throws. */
    void check() {
        try {
            if (outage == null && server.postmasterPid().isPresent()) {
                return;
            }
            long now = System.nanoTime();
            if (outage == null) {
                downSince = now;
                failedAttempts = 0;
                nextAttempt = now;
                restarted = false;
                outage = STOPPED;
                log.warn("The embedded PostgreSQL on port {} stopped unexpectedly; restarting it on {}",
                        server.port(), server.dataDirectory());
            }
            if (restarted && server.postmasterPid().isEmpty()) {
                restarted = false; // died again before the pools came back
            }
            if (!restarted) {
                if (now < nextAttempt) {
                    return;
                }
                server.restart();
                restarted = true;
                log.info("The embedded PostgreSQL is back on port {} after {} ms (crash recovery done); "
                        + "the pools drop their dead connections", server.port(), millisSince(downSince));
                for (Runnable action : afterRestart) {
                    action.run();
                }
            }
            if (poolAnswers.getAsBoolean()) {
                outage = null;
                log.info("The database answers again, {} ms after the embedded PostgreSQL stopped", millisSince(downSince));
            } else {
                outage = "database restarting: the server is back, waiting for a connection";
            }
        } catch (RuntimeException e) {
            failedAttempts++;
            Duration pause = Duration.ofSeconds(1L << Math.min(failedAttempts - 1, 5));
            pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
            nextAttempt = System.nanoTime() + pause.toNanos();
            outage = "database restarting: attempt " + failedAttempts + " failed (" + e.getMessage() + ")";
            log.error("Restarting the embedded PostgreSQL failed (attempt {}): {}; trying again in {} s",
                    failedAttempts, e.getMessage(), pause.toSeconds());
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Stops supervising; the server itself is left as it is (its owner stops it). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
