package dev.evedmv.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.backfill.BackfillRecheck;
import dev.evedmv.api.BattleRoutes;
import dev.evedmv.api.DatabaseGate;
import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.api.RejectsEndpoint;
import dev.evedmv.battles.BattleQueries;
import dev.evedmv.cache.CacheWarmer;
import dev.evedmv.cache.InvalidationListener;
import dev.evedmv.cache.QueryCache;
import dev.evedmv.cache.RedisCache;
import dev.evedmv.db.Database;
import dev.evedmv.db.Databases;
import dev.evedmv.db.EmbeddedSupervisor;
import dev.evedmv.db.Migrations;
import dev.evedmv.health.Health;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.FeedRunner;
import dev.evedmv.ingest.IngestSetup;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.names.EsiNames;
import dev.evedmv.names.NameResolver;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.ops.OpsPage;
import dev.evedmv.ops.PerformanceStats;
import dev.evedmv.readmodel.ReadModelBuilds;
import dev.evedmv.web.KillmailStream;
import dev.evedmv.web.WebPages;

/**
 * Everything {@code serve} runs on one database: the HTTP API and pages, the query cache with its
 * invalidation listener, warmer and names worker, the read model's builds, the replica monitor and
 * (optionally) a live feed, and on the embedded server a supervisor that restarts it if its
 * postmaster dies. {@code serve} runs it until SIGTERM; {@code bench} starts one in
 * process. The background work (feed, cache refreshes and warmer, names worker, read model builds, the
 * live killmail stream's poller) runs on a second pool of {@code EVEDMV_BACKGROUND_POOL_SIZE}
 * connections, so that an API request admitted by the in-flight limit always finds a connection
 * free in the caller's pool (before, a burst of 200 clients on a fresh serve got a 503 when the
 * warmer and refreshes held connections). Closing it stops every part and closes that second pool
 * but leaves the caller's database open.
 */
final class ServeStack implements AutoCloseable {
    /**
     * Longest wait in line of an API request beyond {@code EVEDMV_MAX_IN_FLIGHT} before it is shed
     * with 503: as long as a statement may run, so that a burst of clients queues (bounded by
     * Jetty's threads) rather than failing while the server is merely busy.
     */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(30);

    /** Longest wait of a request for a worker thread before it is shed with 503. */
    static final Duration THREAD_WAIT = Duration.ofSeconds(5);

    private final HttpServer http;
    private final FeedRunner feed;
    private final ReadModelBuilds builds;
    private final Databases routing;
    private final Caching caching;
    private final Database background;
    private BackfillRecheck recheck;
    private final EmbeddedSupervisor supervisor;

    private ServeStack(HttpServer http, FeedRunner feed, ReadModelBuilds builds, Databases routing, Caching caching,
                       Database background, EmbeddedSupervisor supervisor) {
        this.supervisor = supervisor;
        this.http = http;
        this.feed = feed;
        this.builds = builds;
        this.routing = routing;
        this.caching = caching;
        this.background = background;
    }

    /**
     * Starts every part, listening on {@code host} and {@code port} (0 = any free port);
     * {@code feedSource} null follows no feed.
     */
    static ServeStack start(CliContext context, Database db, String host, int port, FeedRunner.Source feedSource) {
        FeedRunner feed = null;
        Databases routing = null;
        Database background = db.openSiblingPool("background", context.config().backgroundPoolSize());
        ReadModelBuilds builds = new ReadModelBuilds(background, context.clock());
        Caching caching = null;
        EmbeddedSupervisor supervisor = null;
        try {
            supervisor = supervise(db, background);
            if (feedSource != null) {
                feed = new FeedRunner(IngestSetup.open(background, context.clock()), feedSource, context.config(),
                        Duration.ofMillis(250));
                Thread feedThread = new Thread(feed, "feed-" + feedSource.feedName());
                feedThread.setDaemon(true);
                feedThread.start();
            }
            Migrations.Status status = new Migrations(db).status();
            List<String> expected = new ArrayList<>(status.applied());
            expected.addAll(status.pending());
            EmbeddedSupervisor restarts = supervisor;
            Readiness readiness = new Readiness(db, expected)
                    .withOutage(() -> restarts == null ? java.util.Optional.empty() : restarts.outage());
            routing = Databases.open(db, context.config(), context.registry(), context.clock());
            routing.startMonitor(Duration.ofSeconds(1));
            HealthChecks health = new HealthChecks(db, readiness, context.clock(), HealthChecks.Thresholds.DEFAULT)
                    .withReplica(routing).with(() -> HealthCommand.readModel(() -> builds.status(db), "building"));
            builds.start(context.config().buildInterval());
            PerformanceStats stats = new PerformanceStats(db, context.registry());
            DatabaseGate gate = new DatabaseGate(db::isReachable, Duration.ofMillis(500));
            caching = Caching.start(context.config(), db, background, routing, context.registry(), context.clock());
            if (caching.redis() != null) {
                health.with(caching.redis()::health);
            }
            IntelRoutes intel = new IntelRoutes(caching.cache(), context.clock());
            HttpServer http = HttpServer.builder().host(host).port(port)
                    .threads(context.config().httpThreads(), THREAD_WAIT).readiness(readiness).registry(context.registry())
                    .databaseGate(gate).loadShedding(context.config().effectiveMaxInFlight(), QUEUE_WAIT)
                    .answeredWithoutDatabase(intel::answeredFromCache)
                    .opsToken(context.config().opsToken().orElse(null))
                    .webjars(true).routes(new KillmailStream(background), new WebPages()) // the stream before /api/v1/{kind}/{id}
                    .routes(app -> {
                app.get("/health", ctx -> {
                    Health h = health.run();
                    ctx.status(h.status() == Health.Status.FAIL ? 503 : 200).json(h.toJson());
                });
                app.get("/api/v1/ops/stats", ctx -> ctx.json(stats.collect(10)));
                OpsPage page = new OpsPage(db, health::run, stats, context.clock());
                app.get("/ops", ctx -> ctx.contentType("text/html; charset=utf-8").result(page.render()));
            }, new RejectsEndpoint(db), new BattleRoutes(new BattleQueries(db), context.clock()), intel).start();
            return new ServeStack(http, feed, builds, routing, caching, background, supervisor);
        } catch (RuntimeException e) {
            if (supervisor != null) {
                supervisor.close();
            }
            if (feed != null) {
                feed.stop();
            }
            if (caching != null) {
                caching.close();
            }
            builds.close();
            if (routing != null) {
                routing.close();
            }
            background.close();
            throw e;
        }
    }

    /**
     * On the embedded server, a supervisor that restarts it when its postmaster dies and then
     * makes both pools drop their dead connections; null on an external server, where the pools
     * keep retrying until it returns.
     */
    private static EmbeddedSupervisor supervise(Database db, Database background) {
        return db.embeddedServer().map(server -> EmbeddedSupervisor.start(server, Duration.ofSeconds(1), List.of(
                () -> db.pool().getHikariPoolMXBean().softEvictConnections(),
                () -> background.pool().getHikariPoolMXBean().softEvictConnections()), db::isReachable)).orElse(null);
    }

    /**
     * Re-checks the last EVEDMV_BACKFILL_DAYS days against EVE Ref's and zKillboard's totals every
     * EVEDMV_BACKFILL_INTERVAL on the background pool, storing what is missing (outside requests:
     * {@code serve} starts it only when it follows the live feed).
     */
    synchronized void keepComplete(CliContext context) {
        if (recheck == null) {
            recheck = new BackfillRecheck(background, context.config(), context.clock()).start(BackfillRecheck.FIRST_DELAY);
        }
    }

    int port() {
        return http.port();
    }

    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close(); // first: the server is stopped on purpose after this
        }
        if (feed != null) {
            feed.stop();
        }
        synchronized (this) {
            if (recheck != null) {
                recheck.close();
            }
        }
        http.close();
        builds.close();
        routing.close();
        caching.close();
        background.close();
    }

    /** The query cache and what keeps it right and warm: invalidation listener, warmer, names worker. */
    private record Caching(QueryCache cache, RedisCache redis, InvalidationListener listener, CacheWarmer warmer,
                           NameResolver names) implements AutoCloseable {
        static Caching start(EveDmvConfig config, Database db, Database background, Databases routing,
                             io.micrometer.core.instrument.MeterRegistry registry, Clock clock) {
            EveDmvConfig.CacheSettings settings = config.cache();
            RedisCache redis = config.redisUrl()
                    .map(url -> RedisCache.connect(url, settings.redisTimeout(), clock, registry)).orElse(null);
            // background reads go where requests go, except that the primary is reached through the background pool
            IntelQueries backgroundQueries = new IntelQueries(() -> {
                Database reader = routing.reader();
                return reader == db ? background : reader;
            });
            QueryCache cache = QueryCache.create(new IntelQueries(routing::reader), backgroundQueries, settings, redis,
                    registry);
            InvalidationListener listener = InvalidationListener.start(db.target(), cache, clock, registry);
            CacheWarmer warmer = settings.warmInterval().isZero() ? null
                    : CacheWarmer.start(cache, background, clock, settings.warmInterval(), 200, 200);
            NameResolver names = new NameResolver(background, new EsiNames(java.net.http.HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).build(), config.esiUrl(), config.userAgent(),
                    EsiNames.Pause.REAL, registry), clock, config.namesTtl(), registry).start(Duration.ofSeconds(30));
            return new Caching(cache, redis, listener, warmer, names);
        }

        @Override
        public void close() {
            names.close();
            if (warmer != null) {
                warmer.close();
            }
            listener.close();
            cache.close();
            if (redis != null) {
                redis.close();
            }
        }
    }
}
