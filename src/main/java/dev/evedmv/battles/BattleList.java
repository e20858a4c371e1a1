package dev.evedmv.battles;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.evedmv.intel.ActivityCursor;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.intel.InvalidQueryException;
import dev.evedmv.intel.Parameters;

/**
 * The question of a battle list page: battles that started in [since, until) (UTC days; the default
 * window when neither is given), optionally of one system or region, with at least
 * {@code minKillmails}, newest first, after the cursor {@code before}.
 */
public record BattleList(DateRange range, Integer systemId, Integer regionId, int minKillmails, int limit,
                         ActivityCursor before) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** The question the parameters ask (each may be null), checked as every request parameter is. */
    public static BattleList parse(String since, String until, String systemId, String regionId, String minKillmails,
                                   String limit, String before, Clock clock) {
        DateRange range = DateRange.resolve(null, since, until, clock);
        int lim = DEFAULT_LIMIT;
        if (limit != null) {
            long l = Parameters.wholeNumber("limit", limit);
            IntelQueries.checkLimit(l, MAX_LIMIT);
            lim = (int) l;
        }
        int min = Clusters.MIN_KILLMAILS;
        if (minKillmails != null) {
            long m = Parameters.wholeNumber("min_killmails", minKillmails);
            if (m < 1 || m > Integer.MAX_VALUE) {
                throw new InvalidQueryException("invalid min_killmails", "min_killmails is a whole number from 1, not "
                        + Parameters.shown(minKillmails));
            }
            min = (int) m;
        }
        return new BattleList(range, id("system_id", systemId), id("region_id", regionId), min, lim,
                before == null ? ActivityCursor.START : ActivityCursor.decode(before));
    }

    private static Integer id(String parameter, String text) {
        if (text == null) {
            return null;
        }
        long id = Parameters.wholeNumber(parameter, text);
        if (id < 1 || id > Integer.MAX_VALUE) {
            throw new InvalidQueryException("invalid " + parameter, parameter + " is a positive id, not "
                    + Parameters.shown(text));
        }
        return (int) id;
    }

    Instant sinceInstant() {
        return range.since().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant untilInstant() {
        return range.until().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
