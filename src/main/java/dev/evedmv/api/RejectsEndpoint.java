package dev.evedmv.api;

import java.time.LocalDate;

import dev.evedmv.db.Database;
import dev.evedmv.ingest.RejectedInputs;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.Parameters;
import io.javalin.Javalin;

/**
 * {@code GET /api/v1/ops/rejects?since=YYYY-MM-DD&source=S&limit=N}: the JSON of
 * {@code rejects list --json}. Behind the ops token like the other {@code /api/v1/ops/} paths;
 * register it before {@code IntelRoutes}, whose {@code /api/v1/{kind}/{id}} would take its path.
 */
public final class RejectsEndpoint implements HttpServer.Routes {
    public static final String PATH = "/api/v1/ops/rejects";

    private final Database database;

    public RejectsEndpoint(Database database) {
        this.database = database;
    }

    @Override
    public void register(Javalin app) {
        app.get(PATH, ctx -> {
            String day = ctx.queryParam("since");
            LocalDate since = day == null || day.isEmpty() ? null : DateRange.parseDay("since", day);
            int limit = RejectedInputs.DEFAULT_LIMIT;
            String n = ctx.queryParam("limit");
            if (n != null && !n.isEmpty()) {
                long asked = Parameters.wholeNumber("limit", n);
                if (asked < 1 || asked > RejectedInputs.MAX_LIMIT) {
                    throw ApiException.badRequest("invalid limit", "'" + n + "' is not a number from 1 to "
                            + RejectedInputs.MAX_LIMIT);
                }
                limit = (int) asked;
            }
            ctx.json(new RejectedInputs(database).list(RejectedInputs.Filter.of(since, ctx.queryParam("source")), limit)
                    .toJson());
        });
    }
}
