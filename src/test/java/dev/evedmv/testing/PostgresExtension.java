package dev.evedmv.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.EmbeddedServer;
import dev.evedmv.db.Migrations;
import dev.evedmv.ops.Metrics;

/**
 * Gives every test class a fresh, migrated database on a real PostgreSQL: one embedded server
 * per test JVM, a migrated template database made once, and {@code CREATE DATABASE … TEMPLATE}
 * per class (a few tens of milliseconds). Inject {@link TestDatabase} into a constructor,
 * {@code @BeforeAll} or test method.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);
    static final String TEMPLATE = "evedmv_template";

    @Override
    public void beforeAll(ExtensionContext context) {
        Cluster cluster = context.getRoot().getStore(NS)
                .getOrComputeIfAbsent(Cluster.class, k -> Cluster.start(), Cluster.class);
        String name = "test_" + cluster.counter.incrementAndGet() + "_"
                + context.getRequiredTestClass().getSimpleName().toLowerCase();
        cluster.createFromTemplate(name);
        context.getStore(NS).put(TestDatabase.class, new TestDatabase(cluster.server, name));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase db = context.getStore(NS).remove(TestDatabase.class, TestDatabase.class);
        if (db != null) {
            db.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ExtensionContext c = e;
        while (c != null) {
            TestDatabase db = c.getStore(NS).get(TestDatabase.class, TestDatabase.class);
            if (db != null) {
                return db;
            }
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("no test database: is the class annotated with @ExtendWith(PostgresExtension.class)?");
    }

    /** The JVM's embedded server and its migrated template; stopped when the JVM's tests end. */
    static final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final EmbeddedServer server;
        final AtomicInteger counter = new AtomicInteger();

        private Cluster(EmbeddedServer server) {
            this.server = server;
        }

        static Cluster start() {
            Path home = Path.of(System.getProperty("evedmv.test.home", "target/test-home")).toAbsolutePath();
            EmbeddedServer server = EmbeddedServer.attachOrStart(home.resolve("pg"), EmbeddedServer.Options.forTests());
            Cluster cluster = new Cluster(server);
            cluster.execute("DROP DATABASE IF EXISTS " + TEMPLATE + " WITH (FORCE)");
            cluster.execute("CREATE DATABASE " + TEMPLATE);
            EveDmvConfig config = TestDatabase.configFor(server.jdbcUrl(TEMPLATE), home);
            try (Database db = Database.open("template", new DatabaseUrls.JdbcTarget(server.jdbcUrl(TEMPLATE),
                    EmbeddedServer.SUPERUSER, ""), config, Metrics.newRegistry())) {
                new Migrations(db).migrate();
                db.jdbi().useHandle(h -> h.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
            }
            return cluster;
        }

        void createFromTemplate(String name) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        }

        void execute(String sql) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedServer.SUPERUSER, "");
                 Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
