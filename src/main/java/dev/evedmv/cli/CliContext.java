package dev.evedmv.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.DatabaseConnector;
import dev.evedmv.db.StartupSteps;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.ops.Metrics;
import dev.evedmv.ops.PartitionManager;

/**
 * What every command gets: the environment it runs in, its output streams and the way to the
 * database. Commands receive it through their constructor (see {@link Main}).
 */
public final class CliContext {
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final boolean terminal;
    private EveDmvConfig config;
    private PrometheusMeterRegistry registry;

    public CliContext(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this(env, out, err, clock, false);
    }

    /** @param terminal whether the error stream is a terminal (progress is then redrawn in place) */
    public CliContext(Map<String, String> env, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
    }

    /** Whether the error stream is a terminal: progress is redrawn in place there, and printed as plain lines elsewhere. */
    public boolean terminal() {
        return terminal;
    }

    /** The time every command reads: the system's UTC clock, or a fixed one a test passes in. */
    public Clock clock() {
        return clock;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** The configuration, parsed and validated on first use. */
    public synchronized EveDmvConfig config() {
        if (config == null) {
            config = EveDmvConfig.from(env);
        }
        return config;
    }

    public synchronized PrometheusMeterRegistry registry() {
        if (registry == null) {
            registry = Metrics.newRegistry();
        }
        return registry;
    }

    /**
     * Opens the primary database, migrating it and creating the partitions of this month and the
     * next three unless EVEDMV_AUTO_MIGRATE is off.
     */
    public Database openDatabase() {
        Database db = DatabaseConnector.connect(config(), registry(), startupSteps());
        if (config().autoMigrate()) {
            try {
                ensurePartitionsAhead(db, clock);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }
        return db;
    }

    /** A migrated database keeps its monthly partitions ahead, so health finds no gap from the start. */
    static void ensurePartitionsAhead(Database db, Clock clock) {
        new PartitionManager(db, clock).ensureAhead(HealthChecks.Thresholds.DEFAULT.monthsAhead());
    }

    /** Opens the primary database without touching its schema (for the db commands). */
    public Database openDatabaseWithoutMigrating() {
        return DatabaseConnector.connect(config().withAutoMigrate(false), registry(), startupSteps());
    }

    /** The slow steps of opening the database, a line each on the error stream (the output stays the answer's). */
    private StartupSteps startupSteps() {
        return err::println;
    }
}
