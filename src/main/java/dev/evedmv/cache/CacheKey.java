package dev.evedmv.cache;

import java.time.LocalDate;
import java.util.Locale;

import dev.evedmv.intel.ActivityCursor;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;

/**
 * One intel question with its parameters normalized (windows resolved to dates, defaults filled
 * in), so equal questions share a cache entry. A key knows how to answer itself and which entity
 * it is about (ingests that touch the entity make its answer stale; any ingest, a top list's).
 */
public sealed interface CacheKey {
    /** The cache this key's answers live in. */
    QueryClass queryClass();

    /** The answer (a record the API writes as JSON), or null when there is none (an unknown killmail). */
    Object compute(IntelQueries intel);

    /** True for answers an ingest can change (summaries, activity pages, top lists). */
    default boolean changesOnIngest() {
        QueryClass c = queryClass();
        return c == QueryClass.SUMMARY || c == QueryClass.ACTIVITY || c == QueryClass.TOP;
    }

    /** The entity whose answers this key belongs to, or null for answers about no one entity. */
    Entity entity();

    /** A stable text form, the field name in the shared cache. */
    String text();

    /** The query classes, each with its own size and time to live. */
    enum QueryClass {
        SUMMARY, ACTIVITY, TOP, KILLMAIL, SEARCH;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static CacheKey summary(EntityKind kind, long id, DateRange range, boolean includeNpc, int limit) {
        return new Summary(new Entity(kind, id), range.since(), range.until(), includeNpc, limit);
    }

    static CacheKey activity(EntityKind kind, long id, IntelQueries.Side side, String before, boolean includeNpc,
                             int limit) {
        return new Activity(new Entity(kind, id), side, before, includeNpc, limit);
    }

    static CacheKey top(EntityKind kind, DateRange range, IntelQueries.TopOrder by, boolean includeNpc, int limit) {
        return new Top(kind, range.since(), range.until(), by, includeNpc, limit);
    }

    static CacheKey killmails(IntelQueries.ListOrder order, DateRange range, boolean includeNpc, int limit) {
        return new Killmails(order, range.since(), range.until(), includeNpc, limit);
    }

    static CacheKey killmail(long id) {
        return new Killmail(id);
    }

    static CacheKey search(String text) {
        return new Search(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    }

    record Summary(Entity entity, LocalDate since, LocalDate until, boolean includeNpc, int limit) implements CacheKey {
        @Override
        public QueryClass queryClass() {
            return QueryClass.SUMMARY;
        }

        @Override
        public Object compute(IntelQueries intel) {
            return intel.summary(entity.kind(), entity.id(), new DateRange(since, until), includeNpc, limit);
        }

        @Override
        public String text() {
            return "summary/" + entity.encode() + "/" + since + "/" + until + "/" + includeNpc + "/" + limit;
        }
    }

    /** {@code before} is the encoded cursor, null for the newest page. */
    record Activity(Entity entity, IntelQueries.Side side, String before, boolean includeNpc, int limit)
            implements CacheKey {
        @Override
        public QueryClass queryClass() {
            return QueryClass.ACTIVITY;
        }

        @Override
        public Object compute(IntelQueries intel) {
            return intel.activity(entity.kind(), entity.id(), side,
                    before == null ? ActivityCursor.START : ActivityCursor.decode(before), includeNpc, limit);
        }

        @Override
        public String text() {
            return "activity/" + entity.encode() + "/" + side + "/" + before + "/" + includeNpc + "/" + limit;
        }
    }

    record Top(EntityKind kind, LocalDate since, LocalDate until, IntelQueries.TopOrder by, boolean includeNpc,
               int limit) implements CacheKey {
        @Override
        public QueryClass queryClass() {
            return QueryClass.TOP;
        }

        @Override
        public Object compute(IntelQueries intel) {
            return intel.top(kind, new DateRange(since, until), by, includeNpc, limit);
        }

        @Override
        public Entity entity() {
            return null;
        }

        @Override
        public String text() {
            return "top/" + kind.code() + "/" + since + "/" + until + "/" + by + "/" + includeNpc + "/" + limit;
        }
    }

    /** A list of killmails: any ingest can change it, like a top list's. */
    record Killmails(IntelQueries.ListOrder order, LocalDate since, LocalDate until, boolean includeNpc, int limit)
            implements CacheKey {
        @Override
        public QueryClass queryClass() {
            return QueryClass.TOP;
        }

        @Override
        public Object compute(IntelQueries intel) {
            return intel.killmails(order, new DateRange(since, until), includeNpc, limit);
        }

        @Override
        public Entity entity() {
            return null;
        }

        @Override
        public String text() {
            return "killmails/" + order.key() + "/" + since + "/" + until + "/" + includeNpc + "/" + limit;
        }
    }

    /** A stored killmail never changes; a missing one is never cached, so ingest cannot make it stale. */
    record Killmail(long id) implements CacheKey {
        @Override
        public QueryClass queryClass() {
            return QueryClass.KILLMAIL;
        }

        @Override
        public Object compute(IntelQueries intel) {
            return intel.killmail(id).orElse(null);
        }

        @Override
        public Entity entity() {
            return null;
        }

        @Override
        public String text() {
            return "killmail/" + id;
        }
    }

    /** Search answers come from names, which ingest does not write; they age out by TTL. */
    record Search(String term) implements CacheKey {
        @Override
        public QueryClass queryClass() {
            return QueryClass.SEARCH;
        }

        @Override
        public Object compute(IntelQueries intel) {
            return intel.search(term);
        }

        @Override
        public Entity entity() {
            return null;
        }

        @Override
        public String text() {
            return "search/" + term;
        }
    }
}
