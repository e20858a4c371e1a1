package dev.evedmv.readmodel;

import java.time.LocalDate;
import java.util.List;

import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.MonthlyLists;

/**
 * {@code entity_monthly_lists} and {@code entity_daily_heads}: both built by one
 * {@link MonthlyLists} build per kind and month, recorded in {@code entity_monthly_builds}, and
 * checked the same way: the rows a build would make now (the builder's own SELECT into a temporary
 * table), compared with the stored ones in one snapshot per kind and month.
 */
final class MonthlyListsTable implements DerivedTable {
    private static final NamedSql MONTHS = NamedSql.load(MonthlyListsTable.class, "monthly_months");
    private static final NamedSql LISTS_CHECK = NamedSql.load(MonthlyListsTable.class, "monthly_lists_check");
    private static final NamedSql HEADS_CHECK = NamedSql.load(MonthlyListsTable.class, "daily_heads_check");
    private static final NamedSql RECOMPUTE_LISTS = NamedSql.of("readmodel.verify_recompute_monthly_lists",
            "INSERT INTO verify_lists " + MonthlyLists.LISTS.sql());
    private static final NamedSql RECOMPUTE_HEADS = NamedSql.of("readmodel.verify_recompute_daily_heads",
            "INSERT INTO verify_heads " + MonthlyLists.DAILY_HEADS.sql());

    /** A kind and month to check over [month, until); claimed: its build record still holds. */
    private record Month(int kind, LocalDate month, LocalDate until, boolean built, boolean claimed) {
    }

    private final String table;
    private final boolean heads;

    private MonthlyListsTable(String table, boolean heads) {
        this.table = table;
        this.heads = heads;
    }

    /** {@code entity_monthly_lists}. */
    static MonthlyListsTable lists() {
        return new MonthlyListsTable("entity_monthly_lists", false);
    }

    /** {@code entity_daily_heads}. */
    static MonthlyListsTable dailyHeads() {
        return new MonthlyListsTable("entity_daily_heads", true);
    }

    @Override
    public String name() {
        return table;
    }

    @Override
    public String builtFrom() {
        return (heads
                ? "entity_daily (which verify checks against participants): the heads of the long lists of each settled "
                        + "day, built with their month's monthly lists (intel/daily_heads_select.sql). "
                : "entity_daily (which verify checks against participants): each kind's lists summed per month, the "
                        + "current one up to its settled days (intel/monthly_lists_select.sql). ")
                + "Verify runs the build's SELECT over the days the month's build record in entity_monthly_builds names "
                + "and compares: a row whose figures (kills and losses, and days for a month) are those of the daily "
                + "rows now must hold exactly what the build makes, since summaries read it; a row whose figures moved "
                + "is not read and no difference; a row missing or left over is a difference while the build record "
                + "still holds (no write reached the kind's rows of those days since: their rollup_days.writes sum to what "
                + "it recorded)";
    }

    @Override
    public String freshness() {
        return "entity_monthly_builds says which days of a kind and month were built and the sum of their rollup_days "
                + "writes then (the background refresh builds a month again when it moves or its settled days grow); "
                + "each row also carries the figures it summed, and summaries read it only while they equal the daily "
                + "rows' (a late killmail sends only the entities it touched to the daily rows, not the whole kind)";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        List<Month> months = database.jdbi().withHandle(h -> MONTHS.query(h).bind("since", days.since())
                .bind("until", days.until())
                .map((rs, ctx) -> new Month(rs.getInt("entity_kind"), rs.getObject("month", LocalDate.class),
                        rs.getObject("until", LocalDate.class), rs.getBoolean("built"), rs.getBoolean("claimed")))
                .list());
        Verification found = Verification.NONE;
        for (Month m : months) {
            long start = System.nanoTime();
            Verification v = database.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
                h.execute("SET LOCAL statement_timeout = 0");
                h.execute("SET LOCAL work_mem = '256MB'");
                if (heads) {
                    h.execute("CREATE TEMP TABLE verify_heads (LIKE entity_daily_heads) ON COMMIT DROP");
                    RECOMPUTE_HEADS.update(h).bind("kind", m.kind()).bind("month", m.month()).bind("until", m.until())
                            .bind("head_size", MonthlyLists.HEAD_SIZE).execute();
                    return Checks.one(HEADS_CHECK.query(h).bind("kind", m.kind()).bind("month", m.month())
                            .bind("claimed", m.claimed()));
                }
                h.execute("CREATE TEMP TABLE verify_lists (LIKE entity_monthly_lists) ON COMMIT DROP");
                RECOMPUTE_LISTS.update(h).bind("kind", m.kind()).bind("month", m.month()).bind("until", m.until())
                        .bind("head_size", MonthlyLists.HEAD_SIZE).execute();
                return Checks.one(LISTS_CHECK.query(h).bind("kind", m.kind()).bind("month", m.month())
                        .bind("until", m.until()).bind("built", m.built()).bind("claimed", m.claimed()));
            });
            progress.line(Checks.line(table, EntityKind.fromCode(m.kind()).plural() + " "
                    + m.month().toString().substring(0, 7), v, start));
            found = found.plus(v);
        }
        return found;
    }
}
