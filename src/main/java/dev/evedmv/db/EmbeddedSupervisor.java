package dev.evedmv.db;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL of a long-running process up: checks every {@code interval} that
 * its postmaster lives and, when it died (a {@code kill -9}, the OOM killer), starts it again on
 * the same data directory and port with {@link EmbeddedServer#restart()}, retrying with a growing
 * pause while the restart fails. Once the server is back, it runs the {@code afterRestart} actions
 * (the pools drop their dead connections). While the server is down, {@link #outage()} says so.
 */
public final class EmbeddedSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSupervisor.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final EmbeddedServer server;
    private final List<Runnable> afterRestart;
    private final ScheduledExecutorService executor;
    private volatile String outage;
    private long downSince;
    private int failedAttempts;
    private long nextAttempt;

    private EmbeddedSupervisor(EmbeddedServer server, List<Runnable> afterRestart) {
        this.server = server;
        this.afterRestart = List.copyOf(afterRestart);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /** Supervises {@code server} on a daemon thread until {@link #close()}. */
    public static EmbeddedSupervisor start(EmbeddedServer server, Duration interval, List<Runnable> afterRestart) {
        EmbeddedSupervisor s = new EmbeddedSupervisor(server, afterRestart);
        s.executor.scheduleWithFixedDelay(s::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** While the server is down and being restarted, what to tell a client ("database restarting…"). */
    public Optional<String> outage() {
        return Optional.ofNullable(outage);
    }

    /** One look: restarts the server when its postmaster is gone; never throws. */
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
                outage = "database restarting: the embedded PostgreSQL stopped unexpectedly";
                log.warn("The embedded PostgreSQL on port {} stopped unexpectedly; restarting it on {}",
                        server.port(), server.dataDirectory());
            }
            if (now < nextAttempt) {
                return;
            }
            server.restart();
            log.info("The embedded PostgreSQL is back on port {} after {} ms (crash recovery done)", server.port(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
            for (Runnable action : afterRestart) {
                action.run();
            }
            outage = null;
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
