package dev.evedmv.intel;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UTC days [since, until): what every figure of an answer is counted over. A window of N days is
 * the last N days including today; "all" starts on the game's first day.
 */
public record DateRange(LocalDate since, LocalDate until) {
    public static final LocalDate FIRST_DAY = LocalDate.of(2003, 5, 6);
    public static final String DEFAULT_WINDOW = "90d";
    /** The years a date or cursor of a request may name: the game's first to the last with four digits. */
    public static final int FIRST_YEAR = 2003;
    public static final int LAST_YEAR = 9999;

    private static final Pattern WINDOW = Pattern.compile("(7|30|90|365)d");
    private static final Pattern DAY_SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * The range a request asks for: {@code window} (7d, 30d, 90d, 365d, all) or {@code since} and/or
     * {@code until} (YYYY-MM-DD, until exclusive), never both; none of them means the default window.
     */
    public static DateRange resolve(String window, String since, String until, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (window != null && (since != null || until != null)) {
            throw new InvalidQueryException("conflicting range", "give window or since/until, not both");
        }
        if (since == null && until == null) {
            return ofWindow(window == null ? DEFAULT_WINDOW : window, today);
        }
        LocalDate from = since == null ? FIRST_DAY : parseDay("since", since);
        LocalDate to = until == null ? today.plusDays(1) : parseDay("until", until);
        if (!to.isAfter(from)) {
            throw new InvalidQueryException("empty range", "until (" + to + ") must be after since (" + from + ")");
        }
        return new DateRange(from, to);
    }

    private static DateRange ofWindow(String window, LocalDate today) {
        if (window.equals("all")) {
            return new DateRange(FIRST_DAY, today.plusDays(1));
        }
        Matcher m = WINDOW.matcher(window);
        if (!m.matches()) {
            throw new InvalidQueryException("invalid window", "'" + window + "' is none of 7d, 30d, 90d, 365d, all");
        }
        int days = Integer.parseInt(m.group(1));
        return new DateRange(today.minusDays(days - 1L), today.plusDays(1));
    }

    /**
     * The day {@code text} names: YYYY-MM-DD in the digits 0-9, a real date in the years
     * {@value #FIRST_YEAR} to {@value #LAST_YEAR} (four digits cannot name a later one).
     */
    public static LocalDate parseDay(String parameter, String text) {
        LocalDate day;
        try {
            day = DAY_SHAPE.matcher(text).matches() ? LocalDate.parse(text, DAY) : null;
        } catch (DateTimeParseException e) {
            day = null;
        }
        if (day == null) {
            throw new InvalidQueryException("invalid " + parameter, "'" + Parameters.shown(text)
                    + "' is not a date YYYY-MM-DD");
        }
        if (day.getYear() < FIRST_YEAR) {
            throw new InvalidQueryException("invalid " + parameter, "'" + text + "' is before " + FIRST_YEAR
                    + ": dates run from " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        return day;
    }
}
