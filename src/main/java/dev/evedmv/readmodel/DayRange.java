package dev.evedmv.readmodel;

import java.time.LocalDate;

/**
 * The UTC days [since, until) a verification covers; {@link #ALL} has no bound. A derived table
 * whose rows span days (a ranking, a month's lists) is verified when its days meet the range.
 */
public record DayRange(LocalDate since, LocalDate until) {
    /** Before and after every day that can hold a killmail (PostgreSQL's date takes both). */
    public static final DayRange ALL = new DayRange(LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31));

    public DayRange {
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("until (" + until + ") must be after since (" + since + ")");
        }
    }

    /** True when [from, to) shares a day with this range. */
    public boolean meets(LocalDate from, LocalDate to) {
        return from.isBefore(until) && to.isAfter(since);
    }
}
