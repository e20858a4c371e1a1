package dev.evedmv.intel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Where an activity page ends: the (killmail_time, killmail_id) of its last row, opaque to clients. */
public record ActivityCursor(Instant time, long killmailId) {
    /** Before every killmail. */
    public static final ActivityCursor START = new ActivityCursor(Instant.parse("9999-12-31T23:59:59Z"), Long.MAX_VALUE);

    public String encode() {
        String plain = time + "|" + killmailId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static ActivityCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new ActivityCursor(Instant.parse(plain.substring(0, bar)), Long.parseLong(plain.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidQueryException("invalid cursor", "'" + cursor + "' is not a cursor this service gave out");
        }
    }
}
