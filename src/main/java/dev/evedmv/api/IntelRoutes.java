package dev.evedmv.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.evedmv.cache.Answer;
import dev.evedmv.cache.CacheKey;
import dev.evedmv.cache.QueryCache;
import dev.evedmv.intel.ActivityCursor;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.intel.InvalidQueryException;
import dev.evedmv.intel.Parameters;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The intel answers under {@code /api/v1}: entity summaries and activity lists, killmail detail,
 * top lists, search and the OpenAPI document. Bad parameters answer 400, unknown killmails 404.
 * Answers come through a {@link QueryCache} with a strong ETag ({@code If-None-Match} answers 304)
 * and {@code Cache-Control}; a request's {@code Cache-Control: no-cache} makes the database answer.
 */
public final class IntelRoutes implements HttpServer.Routes {
    private static final String JSON = "application/json";

    private final QueryCache cache;
    private final Clock clock;
    private final String openApi;
    /** The question behind each endpoint path, for {@link #answeredFromCache}. */
    private final java.util.Map<String, Question> questions = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code clock} decides what "today" is for windows such as 7d. */
    public IntelRoutes(IntelQueries intel, Clock clock) {
        this(QueryCache.uncached(intel), clock);
    }

    /** Answers through {@code cache}. */
    public IntelRoutes(QueryCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
        this.openApi = resource("openapi.json");
    }

    @Override
    public void register(Javalin app) {
        // the fixed paths first: /api/v1/{kind}/{id} would match /api/v1/killmails/{id} too
        app.get("/api/v1/openapi.json", ctx -> ctx.contentType(JSON).result(openApi));
        get(app, "/api/v1/killmails/{id}", this::killmail);
        get(app, "/api/v1/killmails", this::killmails);
        get(app, "/api/v1/top", this::top);
        get(app, "/api/v1/search", ctx -> CacheKey.search(ctx.queryParam("q")));
        get(app, "/api/v1/{kind}/{id}", this::summary);
        get(app, "/api/v1/{kind}/{id}/kills", ctx -> activity(ctx, IntelQueries.Side.KILLS));
        get(app, "/api/v1/{kind}/{id}/losses", ctx -> activity(ctx, IntelQueries.Side.LOSSES));
    }

    private void get(Javalin app, String path, Question question) {
        questions.put(path, question);
        app.get(path, answer(question));
    }

    /**
     * True when the matched request will be answered from the cache, without database work: such
     * requests need not wait in line with those that query (see {@link HttpServer.Builder#answeredWithoutDatabase}).
     */
    public boolean answeredFromCache(Context ctx) {
        Question question = questions.get(ctx.endpointHandlerPath());
        if (question == null || noCache(ctx)) {
            return false;
        }
        try {
            return cache.cached(question.of(ctx)) != null;
        } catch (RuntimeException e) {
            return false; // a bad request: the endpoint answers it
        }
    }

    /** The normalized question a request asks. */
    @FunctionalInterface
    private interface Question {
        CacheKey of(Context ctx);
    }

    private Handler answer(Question question) {
        return ctx -> {
            CacheKey key;
            Answer answer;
            try {
                key = question.of(ctx);
                answer = cache.get(key, noCache(ctx));
            } catch (InvalidQueryException e) {
                throw ApiException.badRequest(e.error(), e.detail());
            }
            if (answer == null) {
                throw new ApiException(404, "unknown killmail", "no killmail " + ((CacheKey.Killmail) key).id()
                        + " is stored");
            }
            ctx.header("ETag", answer.etag());
            ctx.header("Cache-Control", "public, max-age=" + cache.maxAgeSeconds(key));
            if (answer.matches(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
            ctx.contentType(JSON).result(answer.body());
        };
    }

    private static boolean noCache(Context ctx) {
        String control = ctx.header("Cache-Control");
        return control != null && (control.contains("no-cache") || control.contains("no-store"));
    }

    private CacheKey summary(Context ctx) {
        EntityKind kind = EntityKind.fromPlural(ctx.pathParam("kind"));
        long id = kind.parseId(ctx.pathParam("id"));
        return CacheKey.summary(kind, id, range(ctx), includeNpc(ctx),
                limit(ctx, IntelQueries.SUMMARY_LIST_DEFAULT, IntelQueries.SUMMARY_LIST_MAX));
    }

    private CacheKey activity(Context ctx, IntelQueries.Side side) {
        EntityKind kind = EntityKind.fromPlural(ctx.pathParam("kind"));
        long id = kind.parseId(ctx.pathParam("id"));
        String before = ctx.queryParam("before");
        return CacheKey.activity(kind, id, side, before == null ? null : ActivityCursor.decode(before).encode(),
                includeNpc(ctx),
                limit(ctx, IntelQueries.ACTIVITY_DEFAULT, IntelQueries.ACTIVITY_MAX));
    }

    private CacheKey killmail(Context ctx) {
        long id = Parameters.wholeNumber("id", ctx.pathParam("id"));
        if (id < 1) {
            throw new InvalidQueryException("invalid id", "killmail ids are positive, not " + id);
        }
        return CacheKey.killmail(id);
    }

    private CacheKey killmails(Context ctx) {
        String order = ctx.queryParam("order");
        return CacheKey.killmails(order == null ? IntelQueries.ListOrder.ISK : IntelQueries.ListOrder.parse(order),
                range(ctx), includeNpc(ctx), limit(ctx, IntelQueries.TOP_DEFAULT, IntelQueries.TOP_MAX));
    }

    private CacheKey top(Context ctx) {
        String kind = ctx.queryParam("kind");
        if (kind == null) {
            throw new InvalidQueryException("missing kind", "kind is one of character, corporation, alliance, ship, "
                    + "system, region");
        }
        String by = ctx.queryParam("by");
        return CacheKey.top(EntityKind.fromSingular(kind), range(ctx),
                by == null ? IntelQueries.TopOrder.KILLS : IntelQueries.TopOrder.parse(by), includeNpc(ctx),
                limit(ctx, IntelQueries.TOP_DEFAULT, IntelQueries.TOP_MAX));
    }

    private DateRange range(Context ctx) {
        return DateRange.resolve(ctx.queryParam("window"), ctx.queryParam("since"), ctx.queryParam("until"), clock);
    }

    private static boolean includeNpc(Context ctx) {
        String value = ctx.queryParam("include_npc");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidQueryException("invalid include_npc", "'" + value + "' is neither true nor false");
    }

    private static int limit(Context ctx, int defaultLimit, int max) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return defaultLimit;
        }
        long limit = Parameters.wholeNumber("limit", value);
        IntelQueries.checkLimit(limit, max);
        return (int) limit;
    }

    private static String resource(String name) {
        try (InputStream in = IntelRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + IntelRoutes.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
