package dev.evedmv.bench;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.Migrations;
import dev.evedmv.sde.StaticDataBootstrap;
import io.micrometer.core.instrument.MeterRegistry;

/** Fresh, migrated databases with static data, beside the configured one, for benchmarks that write. */
public final class BenchDatabases {
    private BenchDatabases() {
    }

    /**
     * Drops {@code name} if it exists and creates it anew on the server of {@code admin}, migrated
     * and with the bundled static data. {@code name} is one of the benchmarks' fixed names, never input.
     */
    public static Database fresh(Database admin, String name, EveDmvConfig config, MeterRegistry registry) {
        if (!name.matches("evedmv_bench_[a-z_]+")) {
            throw new IllegalArgumentException("not a benchmark database name: " + name);
        }
        admin.jdbi().useHandle(h -> {
            h.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            h.execute("CREATE DATABASE " + name);
        });
        Database db = Database.open(name, DatabaseUrls.withDatabase(admin.target(), name), config, registry);
        try {
            new Migrations(db).migrate();
            StaticDataBootstrap.ensureLoaded(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Drops {@code name} (a benchmark database) when it exists. */
    public static void drop(Database admin, String name) {
        if (!name.matches("evedmv_bench_[a-z_]+")) {
            throw new IllegalArgumentException("not a benchmark database name: " + name);
        }
        admin.jdbi().useHandle(h -> h.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }
}
