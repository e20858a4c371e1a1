package dev.evedmv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.EmbeddedServer;
import dev.evedmv.ops.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** One test class's own migrated database, with a pool and the environment to run commands on it. */
public final class TestDatabase implements AutoCloseable {
    private final EmbeddedServer server;
    private final String name;
    private final Path home;
    private final PrometheusMeterRegistry registry = Metrics.newRegistry();
    private Database database;
    private final List<TestDatabase> siblings = new ArrayList<>();

    TestDatabase(EmbeddedServer server, String name) {
        this.server = server;
        this.name = name;
        try {
            this.home = Files.createTempDirectory("evedmv-test-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name) + "?user=" + EmbeddedServer.SUPERUSER;
    }

    public EmbeddedServer server() {
        return server;
    }

    /** A private EVEDMV_HOME for this class. */
    public Path home() {
        return home;
    }

    /** Environment for running eve-dmv commands against this database. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("EVEDMV_DB_URL", jdbcUrl());
        env.put("EVEDMV_HOME", home.toString());
        env.put("EVEDMV_POOL_SIZE", "3");
        // a new connection can take seconds on a test machine whose two cores run a dozen processes
        env.put("EVEDMV_CONNECTION_TIMEOUT", "20s");
        return env;
    }

    public EveDmvConfig config() {
        return EveDmvConfig.from(env());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A pool on this database, opened on first use and closed after the class. */
    public synchronized Database database() {
        if (database == null) {
            database = Database.open("test", new DatabaseUrls.JdbcTarget(server.jdbcUrl(name),
                    EmbeddedServer.SUPERUSER, ""), config(), registry);
        }
        return database;
    }

    public Jdbi jdbi() {
        return database().jdbi();
    }

    /**
     * Another fresh migrated database on the same server, named after this one and {@code suffix}:
     * for a test that compares two databases filled in different ways. Closed with this one.
     */
    public synchronized TestDatabase sibling(String suffix) {
        String siblingName = name + "_" + suffix;
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedServer.SUPERUSER, "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + siblingName + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + siblingName + " TEMPLATE " + PostgresExtension.TEMPLATE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + siblingName + ": " + e.getMessage(), e);
        }
        TestDatabase sibling = new TestDatabase(server, siblingName);
        siblings.add(sibling);
        return sibling;
    }

    static EveDmvConfig configFor(String jdbcUrl, Path home) {
        return EveDmvConfig.from(Map.of("EVEDMV_DB_URL", jdbcUrl, "EVEDMV_HOME", home.toString(),
                "EVEDMV_POOL_SIZE", "2"));
    }

    @Override
    public synchronized void close() {
        siblings.forEach(TestDatabase::close);
        siblings.clear();
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
