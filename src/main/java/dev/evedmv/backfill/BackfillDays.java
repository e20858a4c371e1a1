package dev.evedmv.backfill;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/** {@code backfill_days}: the state of each day of each source, read before a run and written day by day. */
final class BackfillDays {
    private static final NamedSql BETWEEN = NamedSql.load(BackfillDays.class, "backfill_days_between");
    private static final NamedSql SAVE = NamedSql.load(BackfillDays.class, "backfill_day_save");
    private static final NamedSql IDS_STORED = NamedSql.load(BackfillDays.class, "backfill_ids_stored");

    private final Database database;

    BackfillDays(Database database) {
        this.database = database;
    }

    Map<LocalDate, DayState> between(String source, LocalDate since, LocalDate until) {
        Map<LocalDate, DayState> out = new HashMap<>();
        database.jdbi().useHandle(h -> BETWEEN.query(h).bind("source", source).bind("since", since).bind("until", until)
                .map((rs, ctx) -> new DayState(source, rs.getObject("day", LocalDate.class), rs.getLong("listed"),
                        rs.getString("etag"), rs.getString("last_modified"), (Long) rs.getObject("bytes"),
                        (Long) rs.getObject("killmails"), (Long) rs.getObject("stored"), (Long) rs.getObject("fetched"),
                        (Long) rs.getObject("failed"), rs.getObject("checked_at", OffsetDateTime.class).toInstant(),
                        DayState.Outcome.ofSql(rs.getString("outcome")), rs.getString("detail")))
                .forEach(s -> out.put(s.day(), s)));
        return out;
    }

    void save(DayState s) {
        database.jdbi().useHandle(h -> SAVE.update(h).bind("source", s.source()).bind("day", s.day())
                .bind("listed", s.listed()).bind("etag", s.etag()).bind("last_modified", s.lastModified())
                .bindByType("bytes", s.bytes(), Long.class).bindByType("killmails", s.killmails(), Long.class)
                .bindByType("stored", s.stored(), Long.class).bindByType("fetched", s.fetched(), Long.class)
                .bindByType("failed", s.failed(), Long.class)
                .bind("checked_at", s.checkedAt().atOffset(ZoneOffset.UTC)).bind("outcome", s.outcome().sql())
                .bind("detail", s.detail()).execute());
    }

    /** Which of {@code ids} are stored (in {@code killmail_directory}). */
    java.util.Set<Long> stored(long[] ids) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (int i = 0; i < ids.length; i += 10_000) {
            long[] chunk = java.util.Arrays.copyOfRange(ids, i, Math.min(ids.length, i + 10_000));
            database.jdbi().useHandle(h -> out.addAll(IDS_STORED.query(h).bind("ids", chunk).mapTo(Long.class).list()));
        }
        return out;
    }
}
