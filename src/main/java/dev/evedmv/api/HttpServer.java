package dev.evedmv.api;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.health.Readiness;
import dev.evedmv.intel.InvalidQueryException;
import dev.evedmv.intel.Parameters;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The HTTP side of {@code serve}: Javalin on Jetty with the health endpoints, {@code /metrics}
 * and the routes features register. Stops gracefully, letting requests in flight finish.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Routes beyond the built-in ones, added by features. */
    public interface Routes {
        void register(Javalin app);
    }

    /** Starts with the defaults: no database gate, no ops token, 64 requests in flight. */
    public static HttpServer start(int port, Readiness readiness, PrometheusMeterRegistry registry, Routes... routes) {
        return builder().port(port).readiness(readiness).registry(registry).routes(routes).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everything {@code serve} sets on its HTTP side. */
    public static final class Builder {
        private int port = 8080;
        private String host = "0.0.0.0";
        private int threads = 32;
        private Duration threadWait = Duration.ofSeconds(5);
        private Readiness readiness;
        private PrometheusMeterRegistry registry;
        private DatabaseGate gate;
        private String opsToken;
        private int maxInFlight = 64;
        private Duration queueWait = Duration.ofMillis(200);
        private boolean webjars;
        private java.util.function.Predicate<io.javalin.http.Context> withoutDatabase = ctx -> false;
        private final List<Routes> routes = new ArrayList<>();

        /** The port to listen on, 1 to 65535, or 0 for any free port. */
        public Builder port(int port) {
            if (port < 0 || port > EveDmvConfig.MAX_PORT) {
                throw new EveDmvException("port must be from 0 (any free port) to " + EveDmvConfig.MAX_PORT + ", got " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on: {@code 0.0.0.0} (every interface, the default), {@code 127.0.0.1}, a host name. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * At most this many threads ({@link WorkerPool}); a request that waited longer than
         * {@code wait} for one gets 503 with {@code Retry-After}.
         */
        public Builder threads(int threads, Duration wait) {
            this.threads = threads;
            this.threadWait = wait;
            return this;
        }

        public Builder readiness(Readiness readiness) {
            this.readiness = readiness;
            return this;
        }

        public Builder registry(PrometheusMeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** Requests during a database outage get 503 at once. */
        public Builder databaseGate(DatabaseGate gate) {
            this.gate = gate;
            return this;
        }

        /**
         * When set, {@code /ops} and {@code /api/v1/ops/*} need {@code Authorization: Bearer <token>};
         * when not, they answer loopback clients only.
         */
        public Builder opsToken(String token) {
            this.opsToken = token;
            return this;
        }

        /**
         * Threads kept free of waits for an in-flight slot, for health probes, pages and cached
         * answers (Jetty's acceptors and selectors are among the threads too).
         */
        static final int THREADS_NOT_WAITING = 8;

        int maxWaitingForSlot() {
            return Math.max(1, threads - maxInFlight - THREADS_NOT_WAITING);
        }

        /**
         * At most this many API requests run at once; others wait up to {@code queueWait}, as many
         * as the threads allow ({@link #maxWaitingForSlot}), then get 503.
         */
        public Builder loadShedding(int maxInFlight, Duration queueWait) {
            this.maxInFlight = maxInFlight;
            this.queueWait = queueWait;
            return this;
        }

        /** Serve the WebJars on the class path under {@code /webjars/<name>/<version>/…}. */
        /**
         * Requests for which {@code probe} is true (answers a cache holds) skip the in-flight
         * limit: it is there for database work, and a hit should not wait behind queries.
         */
        public Builder answeredWithoutDatabase(java.util.function.Predicate<io.javalin.http.Context> probe) {
            this.withoutDatabase = probe;
            return this;
        }

        public Builder webjars(boolean enabled) {
            this.webjars = enabled;
            return this;
        }

        public Builder routes(Routes... more) {
            routes.addAll(List.of(more));
            return this;
        }

        public HttpServer start() {
            return HttpServer.start(this);
        }
    }

    private static HttpServer start(Builder b) {
        WorkerPool workers = new WorkerPool(b.threads, b.threadWait);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false; // its thread would keep a process that failed to start alive for 5 s
            config.jetty.threadPool = workers.threadPool();
            config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
            // the requests Jetty refuses itself answer in the same format as the rest
            config.jetty.modifyServer(server -> server.setErrorHandler(new ErrorResponses.JettyErrors()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ErrorResponses.JettyErrors()));
            config.http.defaultContentType = "application/json";
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            if (b.webjars) {
                // as enableWebjars(), with the charset of scripts and styles named (Jetty's default says charset=null)
                config.staticFiles.add(files -> {
                    files.directory = "META-INF/resources/webjars";
                    files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                    files.headers = Map.of("Cache-Control", "max-age=31622400");
                    files.mimeTypes.add("text/javascript; charset=utf-8", "js");
                    files.mimeTypes.add("text/css; charset=utf-8", "css");
                });
            }
        });
        app.before("/api/*", HttpServer::checkParameters);
        workers.register(app);
        Semaphore inFlight = new Semaphore(b.maxInFlight, true); // fair: requests beyond the limit queue in order
        // after routing, so that the probe sees the endpoint and its path parameters
        app.beforeMatched("/api/*", ctx -> {
            if (ctx.path().startsWith(STREAMS)) {
                return; // a long-lived stream does no query work of its own and must not hold a slot
            }
            if (b.withoutDatabase.test(ctx)) {
                return;
            }
            // a request waiting for a slot holds a worker thread: so many wait at most, and the
            // threads left over answer health probes, pages and cached answers meanwhile
            boolean admitted = inFlight.tryAcquire()
                    || (inFlight.getQueueLength() < b.maxWaitingForSlot()
                        && inFlight.tryAcquire(b.queueWait.toMillis(), TimeUnit.MILLISECONDS));
            if (!admitted) {
                ctx.header("Retry-After", "1");
                throw new ApiException(503, "overloaded", "too many requests in flight; retry shortly");
            }
            ctx.attribute(IN_FLIGHT, Boolean.TRUE);
            if (b.gate != null && b.gate.isDown()) {
                ctx.header("Retry-After", "5");
                throw new ApiException(503, "database unavailable", "the database cannot be reached; retry shortly");
            }
        });
        app.after("/api/*", ctx -> {
            if (Boolean.TRUE.equals(ctx.attribute(IN_FLIGHT))) {
                inFlight.release();
            }
        });
        if (b.opsToken != null) {
            Handler guard = ctx -> {
                String auth = ctx.header("Authorization");
                if (auth == null || !constantTimeEquals(auth, "Bearer " + b.opsToken)) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    throw new ApiException(401, "unauthorized", "this endpoint needs Authorization: Bearer <EVEDMV_OPS_TOKEN>");
                }
            };
            app.before("/ops", guard);
            app.before("/ops/*", guard);
            app.before("/api/v1/ops/*", guard);
        } else {
            Handler loopbackOnly = ctx -> {
                if (!isLoopback(ctx.req().getRemoteAddr())) {
                    throw new ApiException(403, "forbidden", "without EVEDMV_OPS_TOKEN set, the ops endpoints answer "
                            + "only clients on this machine (loopback); set EVEDMV_OPS_TOKEN to reach them from elsewhere");
                }
            };
            app.before("/ops", loopbackOnly);
            app.before("/ops/*", loopbackOnly);
            app.before("/api/v1/ops/*", loopbackOnly);
        }
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/health/ready", ctx -> {
            Readiness.Result r = b.readiness.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.ready() ? "ok" : "fail");
            body.put("database", r.database());
            body.put("schema", r.schema());
            ctx.status(r.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(b.registry.scrape()));
        for (Routes r : b.routes) {
            r.register(app);
        }
        app.exception(ApiException.class, (e, ctx) -> ErrorResponses.write(ctx, e.status(), e.getMessage(), e.detail()));
        app.exception(InvalidQueryException.class, (e, ctx) -> ErrorResponses.write(ctx, 400, e.error(), e.detail()));
        // Javalin's own answers, such as 404 for a path no route matches
        app.exception(HttpResponseException.class, ErrorResponses::write);
        app.exception(Exception.class, (e, ctx) -> {
            if (DatabaseGate.isPoolExhausted(e)) {
                ctx.header("Retry-After", "1");
                ErrorResponses.write(ctx, 503, "overloaded", "no database connection came free in time; retry shortly");
                return;
            }
            if (DatabaseGate.isConnectionFailure(e)) {
                if (b.gate != null) {
                    b.gate.reportDown(e);
                }
                ctx.header("Retry-After", "5");
                ErrorResponses.write(ctx, 503, "database unavailable", "the database cannot be reached; retry shortly");
                return;
            }
            log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            ErrorResponses.write(ctx, 500, "internal error", "see the server log");
        });
        try {
            app.start(b.host, b.port);
        } catch (Exception e) { // Jetty's checked exceptions come through Javalin undeclared
            log.debug("Listening on {} port {} failed", b.host, b.port, e);
            try {
                app.stop();
            } catch (RuntimeException stopFailed) {
                e.addSuppressed(stopFailed);
            }
            checkCanListen(b.host, b.port);
            throw new EveDmvException("cannot start the HTTP server on " + b.host + " port " + b.port + ": " + rootMessage(e)
                    + " (details in the log)", e);
        }
        log.info("Listening on {} port {} with at most {} worker threads", b.host, app.port(), b.threads);
        return new HttpServer(app);
    }

    /**
     * Fails with "port N is already in use" (or why else the port cannot be had) unless a server
     * could listen on {@code port} now; {@code serve} asks before it starts anything.
     */
    public static void checkCanListen(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port held only by closed connections is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            throw new EveDmvException(reason.contains("in use") ? "port " + port + " is already in use"
                    : "cannot listen on port " + port + ": " + reason, e);
        } catch (IOException e) {
            throw new EveDmvException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static final String IN_FLIGHT = "evedmv.inFlight";
    /** Server-Sent Event streams, outside load shedding and the database gate. */
    public static final String STREAMS = "/api/v1/stream/";

    /**
     * Every query parameter of an API request, names and values, is free of control characters
     * (a NUL would reach PostgreSQL, which refuses it). Each endpoint checks the shape of its own.
     */
    private static void checkParameters(io.javalin.http.Context ctx) {
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            if (p.getKey().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("invalid parameter", "a parameter name holds a control character");
            }
            for (String value : p.getValue()) {
                Parameters.checkText(p.getKey(), value);
            }
        }
    }

    /** The remote address as the connection gives it (an IP literal, so no name lookup happens). */
    static boolean isLoopback(String remoteAddress) {
        try {
            return remoteAddress != null && java.net.InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
