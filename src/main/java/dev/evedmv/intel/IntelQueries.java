package dev.evedmv.intel;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import dev.evedmv.db.Database;
import dev.evedmv.db.ExplainableQuery;
import dev.evedmv.db.NamedSql;

/**
 * The intel questions, one named query (one round trip) each: the database builds the answer as a
 * JSON document, names joined in, and it is read into the answer's record.
 */
public final class IntelQueries {
    public static final int SUMMARY_LIST_DEFAULT = 10;
    public static final int SUMMARY_LIST_MAX = 100;
    public static final int ACTIVITY_DEFAULT = 50;
    public static final int ACTIVITY_MAX = 200;
    public static final int TOP_DEFAULT = 10;
    public static final int TOP_MAX = 100;
    public static final int SEARCH_MIN_LENGTH = 2;
    public static final int SEARCH_MAX_LENGTH = 100;

    private static final NamedSql SUMMARY = NamedSql.load(IntelQueries.class, "entity_summary");
    private static final NamedSql KILLMAIL = NamedSql.load(IntelQueries.class, "killmail_detail");
    private static final NamedSql TOP = NamedSql.load(IntelQueries.class, "top_entities");
    private static final NamedSql SEARCH = NamedSql.load(IntelQueries.class, "search");
    private static final NamedSql EXPORT_SNAPSHOT = NamedSql.of("intel.export_snapshot", "SELECT pg_export_snapshot()");
    /** The name of the statement that takes an exported snapshot: its text holds the snapshot's id, as SET wants. */
    private static final String IMPORT_SNAPSHOT = "intel.import_snapshot";
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]+-[0-9A-F]+-[0-9]+");
    private static final Map<EntityKind, NamedSql> ACTIVITY = activityQueries();
    private static final Map<ListOrder, NamedSql> KILLMAIL_LISTS = killmailListQueries();

    /** Which side of its killmails an activity list shows. */
    public enum Side { KILLS, LOSSES }

    /** What a top list ranks by. */
    public enum TopOrder {
        KILLS, ISK;

        public static TopOrder parse(String text) {
            for (TopOrder o : values()) {
                if (o.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return o;
                }
            }
            throw new InvalidQueryException("invalid by", "'" + text + "' is none of kills, isk");
        }
    }

    /** What a list of killmails is ordered by: ISK (the biggest first) or time (the newest first). */
    public enum ListOrder {
        ISK, NEWEST;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static ListOrder parse(String text) {
            for (ListOrder o : values()) {
                if (o.key().equals(text)) {
                    return o;
                }
            }
            throw new InvalidQueryException("invalid order", "'" + text + "' is none of isk, newest");
        }
    }

    private final Supplier<Database> database;
    private final IntelJson json = new IntelJson();
    private final KillmailItems killmailItems = new KillmailItems(json);
    /** Counts characters' associates beside their summaries: threads made as needed, idle ones ended after a minute. */
    private final ExecutorService beside = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "eve-dmv associates");
        t.setDaemon(true);
        return t;
    });

    public IntelQueries(Database database) {
        this(() -> database);
    }

    /** Reads from whichever database the supplier names at each question (the replica while it keeps up). */
    public IntelQueries(Supplier<Database> database) {
        this.database = database;
    }

    public EntitySummary summary(EntityKind kind, long id, DateRange range, boolean includeNpc, int limit) {
        checkLimit(limit, SUMMARY_LIST_MAX);
        Database db = database.get();
        if (kind != EntityKind.CHARACTER) {
            return db.jdbi().withHandle(h -> summaryWithoutAssociates(h, kind, id, range, includeNpc, limit));
        }
        // a character's summary is two statements over one snapshot, so that its associates count the kills it counts;
        // with a second connection to spare, the associates are counted on it at the same time, in the snapshot
        // exported to it
        return db.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> db.tryReservePair()
                ? summaryWithAssociatesBeside(db, h, id, range, includeNpc, limit)
                : summaryWithoutAssociates(h, kind, id, range, includeNpc, limit)
                        .withAssociates(Associates.of(h, id, range, includeNpc, limit)));
    }

    /**
     * A character's summary on {@code h}, its associates counted meanwhile on a second connection that takes
     * {@code h}'s snapshot; called with a pair reserved ({@link Database#tryReservePair}), which it gives back.
     */
    private EntitySummary summaryWithAssociatesBeside(Database db, Handle h, long id, DateRange range,
                                                      boolean includeNpc, int limit) {
        CompletableFuture<List<EntitySummary.Associate>> associates = null;
        try {
            String snapshot = EXPORT_SNAPSHOT.query(h).mapTo(String.class).one();
            if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
                throw new IllegalStateException("pg_export_snapshot gave '" + snapshot + "'");
            }
            associates = CompletableFuture.supplyAsync(() -> db.jdbi().inTransaction(
                    TransactionIsolationLevel.REPEATABLE_READ, other -> {
                        new NamedSql(IMPORT_SNAPSHOT, "SET TRANSACTION SNAPSHOT '" + snapshot + "'").update(other).execute();
                        return Associates.of(other, id, range, includeNpc, limit);
                    }), beside);
            EntitySummary summary = summaryWithoutAssociates(h, EntityKind.CHARACTER, id, range, includeNpc, limit);
            return summary.withAssociates(associates.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            if (associates != null) { // its connection back in the pool before the reservation is
                associates.handle((counted, failure) -> null).join();
            }
            db.releasePair();
        }
    }

    private EntitySummary summaryWithoutAssociates(Handle h, EntityKind kind, long id, DateRange range,
                                                   boolean includeNpc, int limit) {
        String document = SUMMARY.query(h)
                .bind("kind", kind.code())
                .bind("id", id)
                .bind("since", range.since())
                .bind("until", range.until())
                .bind("include_npc", includeNpc)
                .bind("limit", limit)
                .mapTo(String.class).one();
        return json.read(document, EntitySummary.class).forKind(kind).withMonthCoverage(range);
    }

    /** A page of kills or losses strictly older than {@code before} ({@link ActivityCursor#START} for the newest). */
    public ActivityPage activity(EntityKind kind, long id, Side side, ActivityCursor before, boolean includeNpc,
                                 int limit) {
        checkLimit(limit, ACTIVITY_MAX);
        String document = database.get().jdbi().withHandle(h -> ACTIVITY.get(kind).query(h)
                .bind("id", id)
                .bind("losses", side == Side.LOSSES)
                .bind("include_npc", includeNpc)
                .bind("before_time", OffsetDateTime.ofInstant(before.time(), ZoneOffset.UTC))
                .bind("before_id", before.killmailId())
                .bind("page_size", limit + 1)
                .mapTo(String.class).one());
        List<ActivityPage.Row> rows = json.read(document, new TypeReference<List<ActivityPage.Row>>() { });
        if (rows.size() <= limit) {
            return new ActivityPage(rows, null);
        }
        ActivityPage.Row last = rows.get(limit - 1);
        return new ActivityPage(List.copyOf(rows.subList(0, limit)),
                new ActivityCursor(last.killmailTime(), last.killmailId()).encode());
    }

    /** One killmail with its participants and the victim's fit ({@link KillmailItems}); empty when unknown. */
    public Optional<KillmailDetail> killmail(long killmailId) {
        return database.get().jdbi().withHandle(h -> KILLMAIL.query(h)
                .bind("id", killmailId)
                .map((rs, ctx) -> new StoredKillmail(rs.getString("document"), rs.getBytes("esi")))
                .findOne()
                .map(stored -> {
                    KillmailDetail detail = json.read(stored.document(), KillmailDetail.class);
                    List<KillmailFit.RawItem> items = killmailItems.victimItems(stored.esi());
                    return detail.completed(items, killmailItems.types(h, detail.victimShipTypeId(), items));
                }));
    }

    /** killmail_detail.sql's row: the killmail as a JSON document and its stored ESI payload. */
    private record StoredKillmail(String document, byte[] esi) {
    }

    /** The biggest or newest killmails of {@code range} (killmail_list.sql), npc killmails only with {@code includeNpc}. */
    public KillmailList killmails(ListOrder order, DateRange range, boolean includeNpc, int limit) {
        checkLimit(limit, TOP_MAX);
        String document = database.get().jdbi().withHandle(h -> KILLMAIL_LISTS.get(order).query(h)
                .bind("since", range.since())
                .bind("until", range.until())
                .bind("include_npc", includeNpc)
                .bind("limit", limit)
                .mapTo(String.class).one());
        return new KillmailList(order.key(), range.since(), range.until(),
                json.read(document, new TypeReference<List<ActivityPage.Row>>() { }));
    }

    /**
     * Without NPC kills, from the {@link TopRankings} when one is close enough to {@code range} and
     * current; otherwise, and with NPC kills, counted whole over entity_daily. Both give the same list.
     */
    public TopList top(EntityKind kind, DateRange range, TopOrder by, boolean includeNpc, int limit) {
        checkLimit(limit, TOP_MAX);
        Database db = database.get();
        Optional<List<TopList.Entry>> ranked = includeNpc ? Optional.empty()
                : db.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
                        h -> TopRankings.top(h, kind, range, by == TopOrder.ISK, limit));
        List<TopList.Entry> items = ranked.orElseGet(() -> countedWhole(db, kind, range, by, includeNpc, limit));
        return new TopList(kind.singular(), by.name().toLowerCase(Locale.ROOT), range.since(), range.until(), items);
    }

    /** The top list counted over every entity of {@code kind} in {@code range} (top_entities.sql). */
    List<TopList.Entry> countedWhole(Database db, EntityKind kind, DateRange range, TopOrder by, boolean includeNpc,
                                     int limit) {
        String document = db.jdbi().withHandle(h -> TOP.query(h)
                .bind("kind", kind.code())
                .bind("since", range.since())
                .bind("until", range.until())
                .bind("by_isk", by == TopOrder.ISK)
                .bind("include_npc", includeNpc)
                .bind("limit", limit)
                .mapTo(String.class).one());
        return json.read(document, new TypeReference<List<TopList.Entry>>() { });
    }

    /** Up to 20 names matching {@code text}: prefix matches first, then the most similar. */
    public List<SearchResult> search(String text) {
        String term = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (term.length() < SEARCH_MIN_LENGTH || term.length() > SEARCH_MAX_LENGTH) {
            throw new InvalidQueryException("invalid q", "the search text must have " + SEARCH_MIN_LENGTH + " to "
                    + SEARCH_MAX_LENGTH + " characters");
        }
        String document = database.get().jdbi().withHandle(h -> SEARCH.query(h)
                .bind("term", term)
                .bind("prefix_low", term)
                // U+10FFFF sorts after every character a name can continue with
                .bind("prefix_high", term + new String(Character.toChars(Character.MAX_CODE_POINT)))
                .bind("prefix_like", term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .mapTo(String.class).one());
        return json.read(document, new TypeReference<List<SearchResult>>() { });
    }

    /** The JSON form of answers, as the HTTP API and {@code query --json} write it. */
    public IntelJson json() {
        return json;
    }

    public static void checkLimit(long limit, int max) {
        if (limit < 1 || limit > max) {
            throw new InvalidQueryException("invalid limit", "limit must be 1 to " + max + ", not " + limit);
        }
    }

    private static Map<EntityKind, NamedSql> activityQueries() {
        String page = NamedSql.load(IntelQueries.class, "activity").sql();
        Map<EntityKind, NamedSql> queries = new EnumMap<>(EntityKind.class);
        for (EntityKind kind : EntityKind.values()) {
            queries.put(kind, NamedSql.of("intel.activity_" + kind.singular(),
                    page.replace("/*ENTITY_KILLMAILS*/", activityKillmails(kind))));
        }
        return Map.copyOf(queries);
    }

    /**
     * The scan of a kind's killmails that {@code activity.sql} pages over: for characters, corporations, alliances and
     * ship types {@code entity_daily.killmail_ids} ({@code activity_listed.sql}, the kind's code in place of its
     * marker); for systems and regions an index of {@code killmails}.
     */
    static String activityKillmails(EntityKind kind) {
        return switch (kind) {
            case CHARACTER, CORPORATION, ALLIANCE, SHIP -> NamedSql.load(IntelQueries.class, "activity_listed").sql()
                    .replace("/*KIND*/", Integer.toString(kind.code()));
            case SYSTEM, REGION -> NamedSql.load(IntelQueries.class, "activity_" + kind.singular()).sql();
        };
    }

    private static Map<ListOrder, NamedSql> killmailListQueries() {
        NamedSql list = NamedSql.load(IntelQueries.class, "killmail_list");
        Map<ListOrder, NamedSql> queries = new EnumMap<>(ListOrder.class);
        for (ListOrder order : ListOrder.values()) {
            NamedSql inner = NamedSql.load(IntelQueries.class, "killmail_list_" + order.key());
            queries.put(order, NamedSql.of(inner.name(), list.sql().replace("/*KILLMAILS*/", inner.sql())));
        }
        return Map.copyOf(queries);
    }

    private static final NamedSql BUSIEST = NamedSql.of("intel.explain_busiest_entity", """
            SELECT entity_id FROM entity_daily WHERE entity_kind = :kind AND NOT npc
            GROUP BY entity_id ORDER BY sum(kills) DESC, entity_id LIMIT 1""");
    private static final NamedSql LARGEST_KILLMAIL = NamedSql.of("intel.explain_largest_killmail",
            "SELECT killmail_id FROM killmails ORDER BY attacker_count DESC, killmail_id LIMIT 1");

    /**
     * The intel questions for {@code db explain}, asked about the busiest character, corporation and
     * alliance and the largest killmail of the current data over the default 90-day window, and the
     * background check of which monthly lists to build.
     */
    public static List<ExplainableQuery> explainable(Clock clock) {
        DateRange range = DateRange.resolve("90d", null, null, clock);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Function<EntityKind, Function<Handle, Map<String, Object>>> summaryOf = kind -> h -> Map.of("kind", kind.code(),
                "id", BUSIEST.query(h).bind("kind", kind.code()).mapTo(Long.class).findOne().orElse(0L),
                "since", range.since(), "until", range.until(), "include_npc", false, "limit", SUMMARY_LIST_DEFAULT);
        List<ExplainableQuery> queries = new ArrayList<>(TopRankings.explainable(today));
        queries.addAll(List.of(
                new ExplainableQuery("intel.entity_summary(character)", SUMMARY, summaryOf.apply(EntityKind.CHARACTER), true),
                new ExplainableQuery(Associates.KILLS.name(), Associates.KILLS, h -> Map.of("id",
                        BUSIEST.query(h).bind("kind", EntityKind.CHARACTER.code()).mapTo(Long.class).findOne().orElse(0L),
                        "since", range.since(), "until", range.until(), "include_npc", false), true),
                new ExplainableQuery("intel.entity_summary(corporation)", SUMMARY, summaryOf.apply(EntityKind.CORPORATION), true),
                new ExplainableQuery("intel.entity_summary(alliance)", SUMMARY, summaryOf.apply(EntityKind.ALLIANCE), true),
                new ExplainableQuery(KILLMAIL.name(), KILLMAIL, h -> Map.of("id",
                        LARGEST_KILLMAIL.query(h).mapTo(Long.class).findOne().orElse(0L)), false),
                new ExplainableQuery(TOP.name(), TOP, h -> Map.of("kind", EntityKind.CHARACTER.code(),
                        "since", range.since(), "until", range.until(), "by_isk", false, "include_npc", false,
                        "limit", TOP_DEFAULT), true),
                ExplainableQuery.of(MonthlyLists.STATE, Map.of("settled_until", today.minusDays(1)))));
        return List.copyOf(queries);
    }
}
