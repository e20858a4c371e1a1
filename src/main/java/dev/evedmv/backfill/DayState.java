package dev.evedmv.backfill;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of {@code backfill_days}: what a source said of a day when last checked and what was
 * stored from it. Null fields are what the source or the outcome does not tell.
 */
record DayState(String source, LocalDate day, long listed, String etag, String lastModified, Long bytes,
                Long killmails, Long stored, Long fetched, Long failed, Instant checkedAt, Outcome outcome,
                String detail) {

    /** How the day's last check ended; {@link #done()} outcomes let the next run ask conditionally or skip. */
    enum Outcome {
        /** EVE Ref: the archive's killmails are committed. */
        IMPORTED,
        /** EVE Ref: committed, and the archive holds another count than totals.json (warned). */
        COUNT_DIFFERS,
        /** zKillboard: every id of the dump was stored already. */
        COMPLETE,
        /** zKillboard: the ids missing were fetched from ESI and stored. */
        REPAIRED,
        /** zKillboard: some ids could not be fetched or were refused. */
        INCOMPLETE,
        /** The request failed: server errors, timeouts, an answer that is not what the service documents. */
        FAILED,
        /** EVE Ref: the archive cannot be read whole (truncated, damaged, not an archive); nothing of it stored. */
        CORRUPT,
        /** The source has no file for a day its totals list (404). */
        MISSING;

        String sql() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome ofSql(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }

        boolean done() {
            return this == IMPORTED || this == COUNT_DIFFERS || this == COMPLETE || this == REPAIRED;
        }
    }
}
