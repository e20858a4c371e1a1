package dev.evedmv.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A connection pool (HikariCP) and the Jdbi over it, for one PostgreSQL target. Opening fails
 * fast with a one-line {@link DatabaseUnavailableException} when the server cannot be reached.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final DatabaseUrls.JdbcTarget target;
    private final AutoCloseable owner;
    private final SlowQueryLog slowQueries;
    /** False for a sibling pool, which shares its creator's log. */
    private final boolean ownsSlowQueries;
    private final MeterRegistry registry;
    private final EveDmvConfig config;
    /**
     * Permits to take a second connection of this pool while holding one: half the pool, so that the
     * holders waiting for their second can never hold every connection between them.
     */
    private final Semaphore pairs;

    private Database(HikariDataSource dataSource, DatabaseUrls.JdbcTarget target, EveDmvConfig config,
                     MeterRegistry registry, AutoCloseable owner, SlowQueryLog sharedSlowQueries) {
        this.dataSource = dataSource;
        this.target = target;
        this.config = config;
        this.owner = owner;
        this.registry = registry;
        this.jdbi = Jdbi.create(dataSource);
        this.pairs = new Semaphore(dataSource.getMaximumPoolSize() / 2);
        this.ownsSlowQueries = sharedSlowQueries == null;
        this.slowQueries = sharedSlowQueries != null ? sharedSlowQueries
                : new SlowQueryLog(config.slowQueryThreshold(), Duration.ofMinutes(1), () -> jdbi);
        configure(jdbi);
    }

    private Jdbi configure(Jdbi j) {
        return j.installPlugin(new PostgresPlugin()).setTemplateEngine(new NoTemplateEngine())
                .setSqlLogger(new QueryTimer(registry, slowQueries));
    }

    /**
     * A handle on a connection of its own, outside the pool, with the pool's settings and query
     * timing: for work that holds one connection far longer than the pool's leak detection
     * allows (a month's backfill). Closing the handle closes the connection.
     */
    public org.jdbi.v3.core.Handle openDedicated(String purpose) {
        try {
            return configure(Jdbi.create(() -> target.connect(dedicatedSettings(purpose)))).open();
        } catch (RuntimeException e) {
            throw DatabaseUnavailableException.from(target, e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * As {@link #openDedicated}, a plain JDBC connection for long work that manages its own transactions
     * (migrations, bulk copies); it starts without the pool's statement_timeout, which is meant for
     * answers. The caller closes it.
     */
    public java.sql.Connection dedicatedConnection(String purpose) {
        try {
            Properties settings = dedicatedSettings(purpose);
            settings.setProperty("options", sessionOptions(java.time.Duration.ZERO));
            return target.connect(settings);
        } catch (java.sql.SQLException e) {
            throw DatabaseUnavailableException.from(target, e);
        }
    }

    /** The server settings every session starts with: UTC, and the given statement_timeout (zero for none). */
    private static String sessionOptions(java.time.Duration statementTimeout) {
        return "-c statement_timeout=" + statementTimeout.toMillis() + " -c timezone=UTC";
    }

    private Properties dedicatedSettings(String purpose) {
        Properties p = new Properties();
        p.putAll(dataSource.getDataSourceProperties());
        p.setProperty("ApplicationName", "eve-dmv " + purpose);
        return p;
    }

    /**
     * Opens a pool named {@code poolName} on {@code target}; waits at most the configured
     * connection timeout for the first connection.
     */
    public static Database open(String poolName, DatabaseUrls.JdbcTarget target, EveDmvConfig config,
                                MeterRegistry registry) {
        return open(poolName, target, config, registry, null);
    }

    /** As {@link #open(String, DatabaseUrls.JdbcTarget, EveDmvConfig, MeterRegistry)}; {@code owner} is closed after the pool. */
    static Database open(String poolName, DatabaseUrls.JdbcTarget target, EveDmvConfig config,
                         MeterRegistry registry, AutoCloseable owner) {
        return open(poolName, config.poolSize(), target, config, registry, owner, null);
    }

    /**
     * A second pool of {@code size} connections on the same server, with this one's settings and
     * metrics registry, that reports its slow queries to this pool's log: so that background work
     * (feed, warmer, names, read model builds) never takes a connection an API request is waiting for.
     * The caller closes it; closing it leaves this pool open.
     */
    public Database openSiblingPool(String poolName, int size) {
        return open(poolName, size, target, config, registry, null, slowQueries);
    }

    private static Database open(String poolName, int size, DatabaseUrls.JdbcTarget target, EveDmvConfig config,
                                 MeterRegistry registry, AutoCloseable owner, SlowQueryLog sharedSlowQueries) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            hc.setUsername(target.user());
        }
        if (target.password() != null) {
            hc.setPassword(target.password());
        }
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(size);
        hc.setConnectionTimeout(config.connectionTimeout().toMillis());
        hc.setValidationTimeout(Math.min(config.connectionTimeout().toMillis(), 5_000));
        // one attempt: a command against a server that is down should say so at once
        hc.setInitializationFailTimeout(1);
        hc.setMaxLifetime(config.maxLifetime().toMillis());
        hc.setLeakDetectionThreshold(config.leakDetectionThreshold().toMillis());
        Properties props = new Properties();
        long connectSeconds = Math.max(1, config.connectionTimeout().toSeconds());
        props.setProperty("connectTimeout", Long.toString(connectSeconds));
        props.setProperty("loginTimeout", Long.toString(connectSeconds));
        props.setProperty("socketTimeout", "0");
        props.setProperty("ApplicationName", "eve-dmv " + poolName);
        props.setProperty("reWriteBatchedInserts", "true");
        props.setProperty("options", sessionOptions(config.statementTimeout()));
        hc.setDataSourceProperties(props);
        hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        try {
            return new Database(new HikariDataSource(hc), target, config, registry, owner, sharedSlowQueries);
        } catch (HikariPool.PoolInitializationException e) {
            throw DatabaseUnavailableException.from(target, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            throw DatabaseUnavailableException.from(target, e);
        }
    }

    /**
     * Reserves the right to take a second connection while the caller holds one (an answer split over two
     * connections, see {@code IntelQueries#summary}); false when half the pool is reserved so already, and the
     * caller does the work on its one connection. A reservation is given back with {@link #releasePair}.
     */
    public boolean tryReservePair() {
        return pairs.tryAcquire();
    }

    public void releasePair() {
        pairs.release();
    }

    /** Slow runs of the named queries, with their plans. */
    public SlowQueryLog slowQueries() {
        return slowQueries;
    }

    /** Where this database's users record their metrics. */
    public MeterRegistry registry() {
        return registry;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public HikariDataSource pool() {
        return dataSource;
    }

    public DatabaseUrls.JdbcTarget target() {
        return target;
    }

    /** The embedded server this pool was opened on and stops on close; empty for an external server. */
    public java.util.Optional<EmbeddedServer> embeddedServer() {
        return owner instanceof EmbeddedServer server ? java.util.Optional.of(server) : java.util.Optional.empty();
    }

    /** A connection outside Jdbi, for COPY and Liquibase; the caller closes it. */
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw DatabaseUnavailableException.from(target, e);
        }
    }

    /** True when a trivial query answers within the validation timeout. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            log.debug("database not reachable", e);
            return false;
        }
    }

    @Override
    public void close() {
        if (ownsSlowQueries) {
            slowQueries.close(); // before the pool: an EXPLAIN still running would find its connection closed
        }
        dataSource.close();
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", owner, e.getMessage());
            }
        }
    }
}
