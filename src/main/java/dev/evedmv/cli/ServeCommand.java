package dev.evedmv.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.api.DatabaseGate;
import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.cache.CacheWarmer;
import dev.evedmv.cache.InvalidationListener;
import dev.evedmv.cache.QueryCache;
import dev.evedmv.cache.RedisCache;
import dev.evedmv.db.Database;
import dev.evedmv.db.Databases;
import dev.evedmv.db.Migrations;
import dev.evedmv.ingest.FeedRunner;
import dev.evedmv.ingest.IngestSetup;
import dev.evedmv.ingest.R2z2Feed;
import dev.evedmv.ops.Health;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.ops.MaterializedViews;
import dev.evedmv.ops.OpsPage;
import dev.evedmv.ops.PerformanceStats;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.names.EsiNames;
import dev.evedmv.names.NameResolver;
import dev.evedmv.ops.Readiness;
import dev.evedmv.web.KillmailStream;
import dev.evedmv.web.WebPages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP API until SIGTERM, then a graceful stop. */
@Command(name = "serve", description = "Run the HTTP service (and follow the R2Z2 feed unless --no-feed).",
        mixinStandardHelpOptions = true)
final class ServeCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final CliContext context;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: EVEDMV_HTTP_PORT, 8080).")
    Integer port;

    @Option(names = "--demo", description = "On a database without killmails, generate and import a demo set first.")
    boolean demo;

    @Option(names = "--demo-killmails", paramLabel = "N", defaultValue = "200000",
            description = "Size of the demo set (default: ${DEFAULT-VALUE}, over the last 90 days).")
    long demoKillmails;

    @Option(names = "--no-feed", description = "Do not follow the R2Z2 live feed.")
    boolean noFeed;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        int httpPort = port != null ? port : context.config().httpPort();
        Database db = context.openDatabase();
        HttpServer http;
        FeedRunner feed = null;
        Databases routing = null;
        MaterializedViews views = new MaterializedViews(db);
        Caching caching = null;
        try {
            if (demo) {
                new DemoData(context, db).ensure(demoKillmails);
            }
            if (!noFeed) {
                feed = new FeedRunner(IngestSetup.open(db, Clock.systemUTC()),
                        new FeedRunner.R2z2(context.config().r2z2Url(), R2z2Feed.Timing.DEFAULT), context.config(),
                        Duration.ofMillis(250));
                Thread feedThread = new Thread(feed, "feed-r2z2");
                feedThread.setDaemon(true);
                feedThread.start();
            }
            Migrations.Status status = new Migrations(db).status();
            List<String> expected = new ArrayList<>(status.applied());
            expected.addAll(status.pending());
            Readiness readiness = new Readiness(db, expected);
            routing = Databases.open(db, context.config(), context.registry(), Clock.systemUTC());
            routing.startMonitor(Duration.ofSeconds(1));
            HealthChecks health = new HealthChecks(db, readiness, Clock.systemUTC(),
                    HealthChecks.Thresholds.DEFAULT.withMatviewRefresh(context.config().matviewRefresh()))
                    .withReplica(routing);
            views.start(context.config().matviewRefresh());
            PerformanceStats stats = new PerformanceStats(db, context.registry());
            DatabaseGate gate = new DatabaseGate(db::isReachable, Duration.ofMillis(500));
            caching = Caching.start(context.config(), db, routing, context.registry());
            if (caching.redis() != null) {
                health.with(caching.redis()::health);
            }
            http = HttpServer.builder().port(httpPort).readiness(readiness).registry(context.registry())
                    .databaseGate(gate).loadShedding(context.config().maxInFlight(), Duration.ofMillis(200))
                    .opsToken(context.config().opsToken().orElse(null))
                    .webjars(true).routes(new KillmailStream(db), new WebPages()) // the stream before /api/v1/{kind}/{id}
                    .routes(app -> {
                app.get("/health", ctx -> {
                    Health h = health.run();
                    ctx.status(h.status() == Health.Status.FAIL ? 503 : 200).json(h.toJson());
                });
                app.get("/api/v1/ops/stats", ctx -> ctx.json(stats.collect(10)));
                OpsPage page = new OpsPage(db, health::run, stats, Clock.systemUTC());
                app.get("/ops", ctx -> ctx.contentType("text/html; charset=utf-8").result(page.render()));
            }, new IntelRoutes(caching.cache(), Clock.systemUTC())).start();
        } catch (RuntimeException e) {
            if (feed != null) {
                feed.stop();
            }
            if (caching != null) {
                caching.close();
            }
            views.close();
            if (routing != null) {
                routing.close();
            }
            db.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        FeedRunner runningFeed = feed;
        Databases runningRouting = routing;
        Caching runningCaching = caching;
        Thread hook = new Thread(() -> {
            log.info("Shutting down");
            if (runningFeed != null) {
                runningFeed.stop();
            }
            http.close();
            views.close();
            runningRouting.close();
            runningCaching.close();
            db.close();
            stopped.countDown();
        }, "eve-dmv-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        context.out().println("eve-dmv serving on http://localhost:" + http.port() + "/  (Ctrl-C to stop)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The query cache and what keeps it right and warm: invalidation listener, warmer, names worker. */
    private record Caching(QueryCache cache, RedisCache redis, InvalidationListener listener, CacheWarmer warmer,
                           NameResolver names) implements AutoCloseable {
        static Caching start(EveDmvConfig config, Database db, Databases routing,
                             io.micrometer.core.instrument.MeterRegistry registry) {
            Clock clock = Clock.systemUTC();
            EveDmvConfig.CacheSettings settings = config.cache();
            RedisCache redis = config.redisUrl()
                    .map(url -> RedisCache.connect(url, settings.redisTimeout(), clock, registry)).orElse(null);
            QueryCache cache = QueryCache.create(new IntelQueries(routing::reader), settings, redis, registry);
            InvalidationListener listener = InvalidationListener.start(db.target(), cache, clock, registry);
            CacheWarmer warmer = settings.warmInterval().isZero() ? null
                    : CacheWarmer.start(cache, db, clock, settings.warmInterval(), 200, 200);
            NameResolver names = new NameResolver(db, new EsiNames(java.net.http.HttpClient.newBuilder()
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
