package dev.evedmv.readmodel;

import java.util.List;

import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * The materialized views {@code top_entities_7d} and {@code top_entities_30d}: checked against
 * their own defining query ({@code pg_get_viewdef}), while nothing was stored since their last
 * refresh on the current day; a view refreshed before the last killmail stored, or on an earlier
 * day, is stale as {@code matview_refreshes} says, and is not compared.
 */
final class TopEntitiesView implements DerivedTable {
    private static final NamedSql DEFINITION = NamedSql.of("readmodel.view_definition",
            "SELECT pg_get_viewdef(to_regclass(:view), false)");
    private static final NamedSql REFRESHED = NamedSql.of("readmodel.view_refreshed", """
            SELECT refreshed_at, refreshed_at::date = current_date AS today,
                   refreshed_at >= coalesce((SELECT max(ingested_at) FROM killmails), '-infinity') AS after_last_killmail
            FROM matview_refreshes WHERE view_name = :view""");

    private final String view;

    TopEntitiesView(String view) {
        this.view = view;
    }

    @Override
    public String name() {
        return view;
    }

    @Override
    public String builtFrom() {
        return "entity_daily: non-npc kills and ISK destroyed per entity over the last days, by its defining query. "
                + "Verify compares its rows with that query when it is fresh";
    }

    @Override
    public String freshness() {
        return "matview_refreshes: when serve last refreshed it (REFRESH … CONCURRENTLY every EVEDMV_MATVIEW_REFRESH)";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        long start = System.nanoTime();
        Verification v = database.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET LOCAL statement_timeout = 0");
            // the definition comes from the catalog, not from input
            String definition = DEFINITION.query(h).bind("view", view).mapTo(String.class).one().strip();
            definition = definition.endsWith(";") ? definition.substring(0, definition.length() - 1) : definition;
            long rows = NamedSql.of("readmodel.view_rows_" + view, "SELECT count(*) FROM " + view).query(h)
                    .mapTo(Long.class).one();
            long differences = NamedSql.of("readmodel.view_differences_" + view,
                    "SELECT count(*) FROM (((SELECT * FROM " + view + ") EXCEPT ALL (" + definition + ")) UNION ALL (("
                            + definition + ") EXCEPT ALL (SELECT * FROM " + view + "))) AS d")
                    .query(h).mapTo(Long.class).one();
            if (differences == 0) {
                return new Verification(rows, 0, List.of());
            }
            var refreshed = REFRESHED.query(h).bind("view", view).mapToMap().findOne();
            boolean fresh = refreshed.isPresent() && Boolean.TRUE.equals(refreshed.get().get("today"))
                    && Boolean.TRUE.equals(refreshed.get().get("after_last_killmail"));
            if (!fresh) {
                progress.line("verify: " + view + " is stale (refreshed "
                        + refreshed.map(r -> String.valueOf(r.get("refreshed_at"))).orElse("never")
                        + ", before the last killmail stored or on an earlier day): not compared");
                return new Verification(rows, 0, List.of());
            }
            return new Verification(rows, differences, List.of(differences + " rows differ from the view's query"));
        });
        progress.line(Checks.line(view, "against its query", v, start));
        return v;
    }
}
