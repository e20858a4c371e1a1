package dev.evedmv.intel;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;

/** Where an activity page ends: the (killmail_time, killmail_id) of its last row, opaque to clients. */
public record ActivityCursor(Instant time, long killmailId) {
    /** Before every killmail. */
    public static final ActivityCursor START = new ActivityCursor(Instant.parse("9999-12-31T23:59:59Z"), Long.MAX_VALUE);
    private static final Instant EARLIEST = LocalDate.of(DateRange.FIRST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LATEST = LocalDate.of(DateRange.LAST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC)
            .toInstant();

    public String encode() {
        String plain = time + "|" + killmailId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@code cursor} stands for: base64url of {@code <instant>|<killmail id>}, its time
     * within the years {@link DateRange#FIRST_YEAR} to {@link DateRange#LAST_YEAR} (what a killmail
     * time and the database can hold) and its id a positive whole number.
     */
    public static ActivityCursor decode(String cursor) {
        ActivityCursor decoded;
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            decoded = new ActivityCursor(Instant.parse(plain.substring(0, bar)),
                    Parameters.wholeNumber("cursor", plain.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeException | InvalidQueryException e) {
            throw invalid(cursor, "");
        }
        if (decoded.time.isBefore(EARLIEST) || !decoded.time.isBefore(AFTER_LATEST) || decoded.killmailId < 1) {
            throw invalid(cursor, ": its time or killmail id is out of range");
        }
        return decoded;
    }

    private static InvalidQueryException invalid(String cursor, String why) {
        return new InvalidQueryException("invalid cursor", "'" + Parameters.shown(cursor)
                + "' is not a cursor this service gave out" + why);
    }
}
