package dev.evedmv.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.NamedSql;

/**
 * One live feed as its {@code feed_state} row tells it: the cursor stored last and how long ago,
 * and the health its process records ({@link FeedHealth}). Ages are in seconds by the database's
 * clock; null where there is nothing to measure.
 *
 * @param backlog records published and not yet stored when last known; null when the feed cannot tell
 */
public record FeedState(String feed, String cursor, Long cursorSecondsAgo, Instant lastSuccessAt,
                        Long successSecondsAgo, Instant lastErrorAt, String lastError, Instant failingSince,
                        Long failingSeconds, Long backlog) {
    /** Every feed's state, by name (also explained by {@code db explain}). */
    public static final NamedSql ALL = NamedSql.load(FeedState.class, "feed_states");

    /** Every feed that has run or tried to, by name. */
    public static List<FeedState> all(Handle h) {
        return ALL.query(h).map((rs, ctx) -> new FeedState(rs.getString("feed"), rs.getString("cursor"),
                longOrNull(rs, "cursor_seconds_ago"), instant(rs, "last_success_at"), longOrNull(rs, "success_seconds_ago"),
                instant(rs, "last_error_at"), rs.getString("last_error"), instant(rs, "failing_since"),
                longOrNull(rs, "failing_seconds"), longOrNull(rs, "backlog"))).list();
    }

    public boolean failing() {
        return failingSince != null;
    }

    /** "failing" from the first failure after a success until the next success; "ok" otherwise. */
    public String status() {
        return failing() ? "failing" : "ok";
    }

    /** The kind of feed without its address ({@code r2z2}, {@code sse}): what public pages show. */
    public String kind() {
        int colon = feed.indexOf(':');
        return colon < 0 ? feed : feed.substring(0, colon);
    }

    /** One line for people: whether it works, since when it fails and why, its last success, cursor and backlog. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (failing()) {
            parts.add(feed + " failing for " + duration(failingSeconds) + ": " + lastError);
            parts.add("last success " + (lastSuccessAt == null ? "never" : duration(successSecondsAgo) + " ago"));
        } else {
            parts.add(feed + (lastSuccessAt == null ? "" : " answered " + duration(successSecondsAgo) + " ago"));
        }
        parts.add(cursor == null ? "nothing stored yet" : "stored through " + cursor + " " + duration(cursorSecondsAgo) + " ago");
        if (backlog != null) {
            parts.add("backlog " + backlog + (failing() ? " when last seen" : ""));
        }
        return String.join(", ", parts);
    }

    /** The JSON of {@code stats} and {@code /api/v1/ops/stats} (snake_case). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feed", feed);
        out.put("status", status());
        out.put("cursor", cursor);
        out.put("seconds_ago", cursorSecondsAgo);
        out.put("last_success_at", lastSuccessAt);
        out.put("last_error_at", lastErrorAt);
        out.put("last_error", lastError);
        out.put("failing_since", failingSince);
        out.put("backlog", backlog);
        return out;
    }

    /** What the public {@code /live} page gets: no address, cursor or error text. */
    public Map<String, Object> toPublicJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feed", kind());
        out.put("status", status());
        out.put("last_success_at", lastSuccessAt);
        out.put("failing_since", failingSince);
        out.put("backlog", backlog);
        return out;
    }

    /** Seconds as people read them: 45 s, 12 min, 3 h, 2 d. */
    static String duration(Long seconds) {
        long s = seconds == null ? 0 : Math.max(0, seconds);
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s < 172_800 ? s / 3600 + " h" : s / 86_400 + " d";
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
