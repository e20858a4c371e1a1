package dev.evedmv.db;

import java.util.Locale;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Opens the primary database the configuration names: the external server of
 * {@code EVEDMV_DB_URL}, or the embedded one under {@code $EVEDMV_HOME/pg}. Migrates it when
 * {@code EVEDMV_AUTO_MIGRATE} is on.
 */
public final class DatabaseConnector {
    private DatabaseConnector() {
    }

    /** The embedded server preloads pg_stat_statements; its views appear once the extension exists. */
    private static void enableStatementStatistics(Database db) {
        db.jdbi().useHandle(h -> h.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
    }

    public static Database connect(EveDmvConfig config, MeterRegistry registry) {
        return connect(config, registry, StartupSteps.NONE);
    }

    /**
     * As {@link #connect(EveDmvConfig, MeterRegistry)}; {@code steps} is told of each slow step
     * (preparing or starting the embedded server, migrating) and, after any, that the database is ready.
     */
    public static Database connect(EveDmvConfig config, MeterRegistry registry, StartupSteps steps) {
        long start = System.nanoTime();
        boolean[] announced = new boolean[1];
        StartupSteps told = message -> {
            announced[0] = true;
            steps.step(message);
        };
        EmbeddedServer server = null;
        DatabaseUrls.JdbcTarget target;
        if (config.embedded()) {
            server = EmbeddedServer.attachOrStart(config.home().resolve("pg"),
                    EmbeddedServer.Options.production(config.embeddedPort()), told);
            target = new DatabaseUrls.JdbcTarget(server.jdbcUrl(), EmbeddedServer.SUPERUSER, "");
        } else {
            target = DatabaseUrls.toJdbc(config.databaseUrl().orElseThrow());
        }
        try {
            Database db = Database.open("primary", target, config, registry, server);
            if (config.autoMigrate()) {
                new Migrations(db).migrate(pending -> told.step("migrating the schema (" + pending
                        + (pending == 1 ? " changeset" : " changesets") + ")…"));
            }
            if (server != null) {
                enableStatementStatistics(db);
            }
            if (announced[0]) {
                steps.step(String.format(Locale.ROOT, "database ready (%.1f s)", (System.nanoTime() - start) / 1e9));
            }
            return db;
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }
}
