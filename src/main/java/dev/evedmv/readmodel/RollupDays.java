package dev.evedmv.readmodel;

import java.time.LocalDate;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@code rollup_days}: per entity kind and day of {@code entity_daily}, its write counters and the
 * day's leaders. The counters are how every table built ahead of time knows it is stale: a build
 * records their sum over the days it read, and is stale once that sum moved.
 */
final class RollupDays implements DerivedTable {
    private static final NamedSql ENDS = NamedSql.load(RollupDays.class, "rollup_days_months");
    private static final NamedSql CHECK = NamedSql.load(RollupDays.class, "rollup_days_check");

    @Override
    public String name() {
        return "rollup_days";
    }

    @Override
    public String builtFrom() {
        return "entity_daily: every write of its rows records their kinds and days in the same transaction, the "
                + "writes counted, the version raised (or the change logged in late_rollup_deltas) and the day's 50 "
                + "leaders by kills and by "
                + "ISK merged in. Verify checks it against entity_daily, month by month: a row for every kind and day "
                + "that has rows, and leaders that bound every player's figure of the day (a listed entity at most its "
                + "figure, any other at most the floor), which is what the top lists rely on. writes and version are "
                + "counters, not figures: the builds of top_rankings and the monthly lists record their sums";
    }

    @Override
    public String freshness() {
        return "always current: written in the transaction of the entity_daily rows it describes";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        LocalDate[] ends = database.jdbi().withHandle(h -> ENDS.query(h).bind("since", days.since())
                .bind("until", days.until()).map((rs, ctx) -> new LocalDate[] {rs.getObject("first", LocalDate.class),
                        rs.getObject("last", LocalDate.class)}).one());
        Verification found = Verification.NONE;
        if (ends[0] == null) {
            return found;
        }
        for (LocalDate month = ends[0].withDayOfMonth(1); !month.isAfter(ends[1]); month = month.plusMonths(1)) {
            LocalDate from = month.isBefore(days.since()) ? days.since() : month;
            LocalDate until = month.plusMonths(1).isAfter(days.until()) ? days.until() : month.plusMonths(1);
            long start = System.nanoTime();
            Verification v = database.jdbi().inTransaction(h -> {
                h.execute("SET LOCAL statement_timeout = 0");
                return Checks.one(CHECK.query(h).bind("from", from).bind("until", until));
            });
            progress.line(Checks.line(name(), month.toString().substring(0, 7), v, start));
            found = found.plus(v);
        }
        return found;
    }
}
