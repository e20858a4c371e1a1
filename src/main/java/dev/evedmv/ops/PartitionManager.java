package dev.evedmv.ops;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;

/**
 * Keeps the monthly partitions of {@code killmails}, {@code killmail_payloads} and
 * {@code participants}: lists them, creates the months ahead, and finds the months missing. A
 * month is missing from a table when it lacks the partition of the current month or of one ahead,
 * of a month that another of the tables has, or of a month that held killmails (the rollups keep
 * counting them) which was neither archived nor is there. A month that never held killmails is not
 * missing: history is sparse (a corporation's killmails, a backfill of selected days).
 */
public final class PartitionManager {
    public static final List<String> PARENTS = List.of("killmails", "killmail_payloads", "participants");
    private static final NamedSql LIST = NamedSql.load(PartitionManager.class, "list_partitions");
    private static final NamedSql ENSURE = NamedSql.of("ops.ensure_month_partition",
            "SELECT evedmv_ensure_month_partition(:month)");
    private static final NamedSql MONTHS_WITH_KILLMAILS = NamedSql.load(PartitionManager.class,
            "months_with_killmails");
    private static final Pattern FROM = Pattern.compile("FROM \\('(\\d{4})-(\\d{2})-01");

    /** One partition as the catalog shows it. */
    public record Partition(String parent, String name, YearMonth month, String bounds, long estimatedRows,
                            long totalBytes) {
    }

    private final Database database;
    private final Clock clock;

    public PartitionManager(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public List<Partition> list() {
        return database.jdbi().withHandle(h -> LIST.query(h).map((rs, ctx) -> {
            String bounds = rs.getString("bounds");
            Matcher m = FROM.matcher(bounds);
            YearMonth month = m.find() ? YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
            return new Partition(rs.getString("parent"), rs.getString("partition"), month, bounds,
                    rs.getLong("estimated_rows"), rs.getLong("total_bytes"));
        }).list());
    }

    /** Creates the partitions of the current month and {@code monthsAhead} months after it; returns the months created. */
    public List<YearMonth> ensureAhead(int monthsAhead) {
        YearMonth now = YearMonth.from(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        List<YearMonth> created = new ArrayList<>();
        database.jdbi().useTransaction(h -> {
            for (int i = 0; i <= monthsAhead; i++) {
                YearMonth m = now.plusMonths(i);
                if (ENSURE.query(h).bind("month", m.atDay(1)).mapTo(Boolean.class).one()) {
                    created.add(m);
                }
            }
        });
        return created;
    }

    /**
     * Months missing, as "table YYYY-MM": the current month and {@code monthsAhead} after it, every
     * month that one of the tables has, and every month that held killmails, each for every table
     * that neither has nor archived it.
     */
    public List<String> gaps(int monthsAhead) {
        List<Partition> all = list();
        Set<String> archived = new TreeSet<>();
        new PartitionArchiver(database, clock, PartitionArchiver.Steps.NONE).archived()
                .forEach(a -> archived.add(a.parent() + " " + a.month()));
        Set<YearMonth> expected = new TreeSet<>();
        YearMonth current = YearMonth.from(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        for (int i = 0; i <= monthsAhead; i++) {
            expected.add(current.plusMonths(i));
        }
        all.stream().map(Partition::month).filter(Objects::nonNull).forEach(expected::add);
        database.jdbi().useHandle(h -> MONTHS_WITH_KILLMAILS.query(h).bind("system_kind", EntityKind.SYSTEM.code())
                .map((rs, ctx) -> YearMonth.from(rs.getDate("month").toLocalDate())).forEach(expected::add));
        List<String> missing = new ArrayList<>();
        for (String parent : PARENTS) {
            Set<YearMonth> have = new TreeSet<>();
            all.stream().filter(p -> p.parent().equals(parent)).forEach(p -> have.add(p.month()));
            for (YearMonth m : expected) {
                if (!have.contains(m) && !archived.contains(parent + " " + m)) {
                    missing.add(parent + " " + m);
                }
            }
        }
        return missing;
    }
}
