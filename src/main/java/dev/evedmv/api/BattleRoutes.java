package dev.evedmv.api;

import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.battles.BattleList;
import dev.evedmv.battles.BattleQueries;
import dev.evedmv.intel.InvalidQueryException;
import dev.evedmv.intel.Parameters;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The battle answers under {@code /api/v1} (docs/battles.md): a battle by id, a killmail's battle,
 * the list, and a battle's killmails for its page. Read from the stored battles (a primary-key read
 * and one for names), so they are not cached. Bad parameters answer 400, unknown ids 404.
 * Registered before {@link IntelRoutes}, whose {@code /api/v1/{kind}/{id}} would match {@code /api/v1/battles/{id}}.
 */
public final class BattleRoutes implements HttpServer.Routes {
    private static final String JSON = "application/json";

    private final BattleQueries battles;
    private final Clock clock;

    public BattleRoutes(BattleQueries battles, Clock clock) {
        this.battles = battles;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/battles", ctx -> write(ctx, battles.list(BattleList.parse(ctx.queryParam("since"),
                ctx.queryParam("until"), ctx.queryParam("system_id"), ctx.queryParam("region_id"),
                ctx.queryParam("min_killmails"), ctx.queryParam("limit"), ctx.queryParam("before"), clock))));
        app.get("/api/v1/battles/{battle_id}", ctx -> {
            long id = id("battle_id", ctx.pathParam("battle_id"));
            write(ctx, battles.battle(id).orElseThrow(() -> unknownBattle(id)));
        });
        app.get("/api/v1/battles/{battle_id}/killmails", ctx -> {
            long id = id("battle_id", ctx.pathParam("battle_id"));
            write(ctx, battles.killmails(id).orElseThrow(() -> unknownBattle(id)));
        });
        app.get("/api/v1/killmails/{id}/battle", ctx -> {
            long id = id("id", ctx.pathParam("id"));
            BattleQueries.OfKillmail found = battles.ofKillmail(id);
            if (found instanceof BattleQueries.Found f) {
                write(ctx, f.battle());
            } else if (found instanceof BattleQueries.InNone) {
                throw new ApiException(404, "no battle", "killmail " + id + " is in no battle");
            } else {
                throw new ApiException(404, "unknown killmail", "no killmail " + id + " is stored");
            }
        });
    }

    private static long id(String parameter, String text) {
        long id = Parameters.wholeNumber(parameter, text);
        if (id < 1) {
            throw new InvalidQueryException("invalid " + parameter, parameter + " is positive, not " + id);
        }
        return id;
    }

    private static ApiException unknownBattle(long id) {
        return new ApiException(404, "unknown battle", "no battle " + id + " is stored");
    }

    private static void write(Context ctx, Object answer) {
        ctx.contentType(JSON).result(json(answer));
    }

    /** The JSON of a battle answer, as the API writes it: what {@code query battle --json} prints. */
    public static String json(Object answer) {
        try {
            return Json.mapper().writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new EveDmvException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
