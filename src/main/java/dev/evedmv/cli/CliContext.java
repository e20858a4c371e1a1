package dev.evedmv.cli;

import java.io.PrintStream;
import java.util.Map;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.DatabaseConnector;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.evedmv.ops.Metrics;

/**
 * What every command gets: the environment it runs in, its output streams and the way to the
 * database. Commands receive it through their constructor (see {@link Main}).
 */
public final class CliContext {
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private EveDmvConfig config;
    private PrometheusMeterRegistry registry;

    public CliContext(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
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

    /** Opens the primary database, migrating it unless EVEDMV_AUTO_MIGRATE is off. */
    public Database openDatabase() {
        return DatabaseConnector.connect(config(), registry());
    }

    /** Opens the primary database without touching its schema (for the db commands). */
    public Database openDatabaseWithoutMigrating() {
        return DatabaseConnector.connect(config().withAutoMigrate(false), registry());
    }
}
