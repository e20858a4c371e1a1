package dev.evedmv.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;
import dev.evedmv.ops.Readiness;
import io.javalin.Javalin;
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

    public static HttpServer start(int port, Readiness readiness, PrometheusMeterRegistry registry, Routes... routes) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = Runtime.version().feature() >= 21;
            config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
            config.http.defaultContentType = "application/json";
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        });
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/health/ready", ctx -> {
            Readiness.Result r = readiness.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.ready() ? "ok" : "fail");
            body.put("database", r.database());
            body.put("schema", r.schema());
            ctx.status(r.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape()));
        for (Routes r : routes) {
            r.register(app);
        }
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(Map.of("error", "internal error", "detail", "see the server log"));
        });
        try {
            app.start("0.0.0.0", port);
        } catch (RuntimeException e) {
            throw new EveDmvException("cannot listen on port " + port + ": " + rootMessage(e), e);
        }
        return new HttpServer(app);
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
