package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.NamedSql;

/**
 * Exact top lists without counting every entity of a kind: each kind is ranked ahead of time over
 * the settled days of each window (all of them but the last {@value #RECENT_DAYS}), and a top list
 * over a range close to a ranking's days is the ranking corrected by the days that differ. The
 * windows end today, or on the kind's last day with rollups when its history ends before the
 * settled days do (an import of past months, a feed stopped for days): its own last 7, 30, 90 and
 * 365 days are ranked then.
 *
 * <p>Why the answer is exact: the ranking's first entries (the candidates) get their exact totals
 * over the range, their ranked figures minus the days the range leaves out plus the days it adds.
 * Any other entity had at most the figure {@code B} of the last candidate over the ranked days, so
 * over the range it has at most {@code B} plus what the added days gave it. Entities whose added
 * days could lift them to the N-th candidate's total are found and counted whole (none when even
 * each added day's largest single-entity figure, kept in {@code rollup_days}, cannot); everyone
 * else stays strictly below the N-th entry. A ranking is used only while the {@code rollup_days}
 * versions of its days are what they were when it was built, read in the same snapshot as
 * everything else; otherwise, and for ranges too far from every ranking, the caller counts the
 * list whole.
 */
public final class TopRankings {
    private static final Logger log = LoggerFactory.getLogger(TopRankings.class);

    /** The windows ranked, by length in days; 0 is all days (see ranking_build.sql). */
    public static final List<Integer> WINDOWS = List.of(7, 30, 90, 365, 0);
    /** Entries kept per ranking: the longest list with room for the candidates beyond it. */
    public static final int LENGTH = 250;
    /** The last days of every window are left out: late killmails land on them most, and each would make a ranking stale. */
    static final int RECENT_DAYS = 2;
    /**
     * A ranking is used for a range only when the range adds at most this many days to the ranking's
     * (each may lift entities beyond the candidates into the list: they are looked for day by day)…
     */
    static final int MAX_ADDED_DAYS = 4;
    /** …and leaves out at most this many of them (each is a key probe per candidate). */
    static final int MAX_LEFT_OUT_DAYS = 31;
    /**
     * A kind with more late deltas than this waiting is built again at the next check: each top list
     * reads them (a feed replaying old killmails, or an import of a past month on the live path, logs many).
     */
    static final int MAX_LATE_DELTAS = 20_000;
    /** More entities than this that may have risen into a list are not counted one by one: the list is counted whole. */
    static final int MAX_RISERS = 200;

    private static final NamedSql CLEAR = NamedSql.of("intel.ranking_clear",
            "DELETE FROM top_rankings WHERE entity_kind = :kind");
    private static final NamedSql BUILD = NamedSql.load(TopRankings.class, "ranking_build");
    private static final NamedSql FORGET_LATE = NamedSql.of("intel.ranking_forget_late",
            "DELETE FROM late_rollup_deltas WHERE entity_kind = :kind");
    private static final NamedSql LATE = NamedSql.load(TopRankings.class, "ranking_late_entities");
    private static final NamedSql VACUUM_LATE = NamedSql.of("intel.ranking_vacuum_late", "VACUUM (ANALYZE) late_rollup_deltas");
    private static final NamedSql RECORD_DURATION = NamedSql.of("intel.ranking_record_duration",
            "UPDATE top_ranking_builds SET duration_ms = :duration_ms WHERE entity_kind = :kind");
    private static final NamedSql STATE = NamedSql.load(TopRankings.class, "ranking_state");
    private static final NamedSql BUILDS = NamedSql.load(TopRankings.class, "ranking_builds");
    private static final NamedSql VERSION_SUM = NamedSql.load(TopRankings.class, "ranking_version_sum");
    private static final NamedSql DATA_DAYS = NamedSql.load(TopRankings.class, "ranking_data_days");
    private static final NamedSql CANDIDATES = NamedSql.load(TopRankings.class, "ranking_candidates");
    private static final NamedSql DAY_LEADERS = NamedSql.load(TopRankings.class, "ranking_day_leaders");
    private static final NamedSql RISERS = NamedSql.load(TopRankings.class, "ranking_risers");
    private static final NamedSql TOTALS = NamedSql.load(TopRankings.class, "ranking_totals");
    private static final NamedSql NAMES = NamedSql.load(TopRankings.class, "ranking_names");

    /** A ranking as ranking_state.sql sees it. */
    private record State(int kind, int windowDays, LocalDate since, LocalDate until, boolean changed, long lateDeltas) {
    }

    /** The settled days [since, until) a ranking counts. */
    record Build(int windowDays, LocalDate since, LocalDate until, boolean complete, long versionSum) {
    }

    /** One of a day's leaders (none: a null id) and the day's floor, as ranking_day_leaders.sql gives them. */
    private record Leader(LocalDate day, BigDecimal floor, Long id, BigDecimal figure) {
    }

    /** A candidate: its exact figures over the range, and its figure as the ranking counted it. */
    private record Ranked(Total total, BigDecimal closed) {
    }

    /** An entity with its exact figures over a top list's range. */
    private record Total(long id, long kills, BigDecimal iskDestroyed) {
        BigDecimal figure(boolean byIsk) {
            return byIsk ? iskDestroyed : BigDecimal.valueOf(kills);
        }
    }

    private TopRankings() {
    }

    /**
     * The days [since, until) the ranking of a window of {@code windowDays} (0: all) counts on
     * {@code today}, for a kind whose days with rollups end before {@code dataUntil} (null: none):
     * the window's days up to the settled end (all but the last {@value #RECENT_DAYS} days). The
     * window ends today, or on the kind's last day when that is before the settled end, so that a
     * history that stopped is ranked over its own last days; a live feed's kinds always reach it.
     */
    static DateRange rankedDays(int windowDays, LocalDate today, LocalDate dataUntil) {
        LocalDate settledUntil = today.minusDays(RECENT_DAYS - 1L);
        LocalDate end = dataUntil != null && dataUntil.isBefore(settledUntil) ? dataUntil : today.plusDays(1);
        LocalDate since = windowDays == 0 ? DateRange.FIRST_DAY : end.minusDays(windowDays);
        return new DateRange(since, min(end, settledUntil));
    }

    /** The day after the last with rollups of {@code kind}, null when it has none. */
    private static LocalDate dataUntil(Handle h, EntityKind kind) {
        return dataDays(h, kind).map(Days::until).orElse(null);
    }

    /** The days [since, until) of {@code kind} that hold rollups, none when it has none. */
    private static Optional<Days> dataDays(Handle h, EntityKind kind) {
        return DATA_DAYS.query(h).bind("kind", kind.code())
                .map((rs, ctx) -> rs.getObject("since", LocalDate.class) == null ? null
                        : new Days(rs.getObject("since", LocalDate.class), rs.getObject("until", LocalDate.class)))
                .findOne();
    }

    // ---------------------------------------------------------------- upkeep

    /**
     * Builds the rankings of every {@link #stale} kind; returns the kinds built. Each kind is one
     * transaction, so top lists read the old rankings (or count whole) until it commits. {@code h}
     * must not be in a transaction (the late deltas are vacuumed after).
     */
    public static List<EntityKind> refreshStale(Handle h, LocalDate today) {
        List<EntityKind> built = stale(h, today);
        for (EntityKind kind : built) {
            build(h, kind, today);
        }
        vacuumLateDeltas(h, built);
        return built;
    }

    /**
     * The kinds that have no ranking of some window over the days {@link #rankedDays} gives for
     * {@code today}, whose ranked days were written since without logging, or with more than
     * {@value #MAX_LATE_DELTAS} late deltas logged.
     */
    public static List<EntityKind> stale(Handle h, LocalDate today) {
        Map<Integer, LocalDate> dataUntil = new HashMap<>();
        for (EntityKind kind : EntityKind.values()) {
            dataUntil.put(kind.code(), dataUntil(h, kind));
        }
        Map<Integer, Integer> current = new HashMap<>(); // kind → its rankings that are current
        for (State r : STATE.query(h).map((rs, ctx) -> new State(rs.getInt("entity_kind"), rs.getInt("window_days"),
                rs.getObject("since", LocalDate.class), rs.getObject("until", LocalDate.class), rs.getBoolean("changed"),
                rs.getLong("late_deltas"))).list()) {
            DateRange due = rankedDays(r.windowDays(), today, dataUntil.get(r.kind()));
            if (r.since().equals(due.since()) && r.until().equals(due.until()) && !r.changed()
                    && r.lateDeltas() <= MAX_LATE_DELTAS) {
                current.merge(r.kind(), 1, Integer::sum);
            }
        }
        return Stream.of(EntityKind.values())
                .filter(kind -> current.getOrDefault(kind.code(), 0) != WINDOWS.size()).toList();
    }

    /**
     * After {@code built} kinds were built: they deleted the late deltas they counted, and an import
     * on the live path may have logged millions. {@code h} must not be in a transaction.
     */
    public static void vacuumLateDeltas(Handle h, List<EntityKind> built) {
        if (!built.isEmpty()) {
            VACUUM_LATE.update(h).execute();
        }
    }

    /** Ranks {@code kind} over the days {@link #rankedDays} gives for {@code today}, every window, replacing its rankings. */
    public static void build(Handle handle, EntityKind kind, LocalDate today) {
        long start = System.nanoTime();
        // one snapshot: the late deltas deleted are exactly those the build counts (it reads entity_daily
        // less the late deltas, which are none once deleted)
        LocalDate until = handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET LOCAL statement_timeout = 0");
            h.execute("SET LOCAL work_mem = '256MB'");
            CLEAR.update(h).bind("kind", kind.code()).execute();
            FORGET_LATE.update(h).bind("kind", kind.code()).execute();
            LocalDate dataUntil = dataUntil(h, kind);
            LocalDate rankedUntil = rankedDays(0, today, dataUntil).until();
            var build = BUILD.update(h).bind("kind", kind.code()).bind("length", LENGTH).bind("until", rankedUntil);
            for (int window : WINDOWS) {
                build.bind("since_" + (window == 0 ? "all" : window), rankedDays(window, today, dataUntil).since());
            }
            build.execute();
            RECORD_DURATION.update(h).bind("kind", kind.code())
                    .bind("duration_ms", (System.nanoTime() - start) / 1_000_000).execute();
            return rankedUntil;
        });
        log.info("Ranked the {} entities of the days before {} in {} ms", kind.singular(), until,
                (System.nanoTime() - start) / 1_000_000);
    }

    // ---------------------------------------------------------------- top lists

    /**
     * The first {@code limit} non-npc entities of {@code kind} over {@code range} by kills or ISK
     * destroyed, exactly as top_entities.sql counts them; empty when no ranking can answer (none
     * close enough to the range, or its days were written since it was built), and the caller
     * counts the list whole. {@code h} must be in a repeatable-read transaction: every read here
     * has to see the same snapshot.
     */
    static Optional<List<TopList.Entry>> top(Handle h, EntityKind kind, DateRange range, boolean byIsk, int limit) {
        // a day that holds no rollup of the kind adds nothing to any total: ranges and rankings are
        // compared on the days that hold some (a range from the first killmail is the all-days ranking)
        Optional<Days> data = dataDays(h, kind);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        Days asked = Days.of(range).within(data.get());
        Optional<Build> closest = BUILDS.query(h).bind("kind", kind.code())
                .map((rs, ctx) -> new Build(rs.getInt("window_days"), rs.getObject("since", LocalDate.class),
                        rs.getObject("until", LocalDate.class), rs.getBoolean("complete"), rs.getLong("version_sum")))
                .list().stream()
                .filter(b -> asked.daysNotIn(Days.of(b).within(data.get())) <= MAX_ADDED_DAYS
                        && Days.of(b).within(data.get()).daysNotIn(asked) <= MAX_LEFT_OUT_DAYS)
                .min(Comparator.comparingLong(b -> Days.of(b).within(data.get()).differingDays(asked)));
        if (closest.isEmpty()) {
            log.debug("No ranking of {} adds at most {} days to {} and leaves out at most {}", kind, MAX_ADDED_DAYS,
                    range, MAX_LEFT_OUT_DAYS);
            return Optional.empty();
        }
        Build build = closest.get();
        long versionSum = VERSION_SUM.query(h).bind("kind", kind.code()).bind("since", build.since())
                .bind("until", build.until()).mapTo(Long.class).one();
        if (versionSum != build.versionSum()) {
            log.debug("The ranking of {} over {} to {} is stale", kind, build.since(), build.until());
            return Optional.empty();
        }
        // the range's days the ranking does not count, and the ranking's days the range leaves out
        Days ranked = Days.of(build).within(data.get());
        List<LocalDate> added = new ArrayList<>(days(asked.since(), min(asked.until(), ranked.since())));
        added.addAll(days(max(asked.since(), ranked.until()), asked.until()));
        List<LocalDate> differing = new ArrayList<>(added);
        differing.addAll(days(ranked.since(), min(ranked.until(), asked.since())));
        differing.addAll(days(max(ranked.since(), asked.until()), ranked.until()));
        int ranks = Math.min(2 * limit + 20, LENGTH);
        Optional<List<TopList.Entry>> answer = answer(h, kind, range, byIsk, limit, build, differing, added, ranks);
        if (answer.isEmpty() && ranks < LENGTH) {
            answer = answer(h, kind, range, byIsk, limit, build, differing, added, LENGTH);
        }
        return answer;
    }

    /**
     * The list from the first {@code ranks} entries of the ranking; empty when they do not settle it
     * (the days left out took so much from them that entities beyond might now rank above).
     */
    private static Optional<List<TopList.Entry>> answer(Handle h, EntityKind kind, DateRange range, boolean byIsk,
                                                        int limit, Build build, List<LocalDate> differing,
                                                        List<LocalDate> added, int ranks) {
        List<Ranked> ranked = CANDIDATES.query(h).bind("window", build.windowDays()).bind("kind", kind.code())
                .bind("by_isk", byIsk).bind("ranks", ranks).bind("since", range.since()).bind("until", range.until())
                .bind("days", texts(differing)).bind("ranked_since", build.since()).bind("ranked_until", build.until())
                .map((rs, ctx) -> new Ranked(new Total(rs.getLong("entity_id"), rs.getLong("kills"),
                        rs.getBigDecimal("isk_destroyed")), byIsk ? rs.getBigDecimal("closed_isk_destroyed")
                        : BigDecimal.valueOf(rs.getLong("closed_kills")))).list();
        List<Total> candidates = ranked.stream().map(Ranked::total).toList();
        // every entity beyond the candidates counted at most this over the ranked days
        BigDecimal beyond = ranked.isEmpty() || build.complete() && ranked.size() < ranks ? BigDecimal.ZERO
                : ranked.get(ranked.size() - 1).closed();
        List<Total> listed = ordered(candidates, byIsk);
        Set<Long> known = new HashSet<>();
        candidates.forEach(c -> known.add(c.id()));
        // late kills on the ranked days since the build: whoever got them is counted one by one
        List<Long> late = LATE.query(h).bind("kind", kind.code()).bind("ranked_since", build.since())
                .bind("ranked_until", build.until()).mapTo(Long.class).list().stream().filter(id -> !known.contains(id)).toList();
        known.addAll(late);
        List<Long> risers;
        if (listed.size() >= limit) {
            BigDecimal nth = listed.get(limit - 1).figure(byIsk);
            if (nth.compareTo(beyond) <= 0) {
                log.debug("Top {} of {}: the ranking's first {} fell below the rest over {}", limit, kind, ranks, range);
                return Optional.empty();
            }
            if (added.isEmpty() && late.isEmpty()) {
                return Optional.of(named(h, kind, listed.subList(0, limit)));
            }
            // an entity beyond the candidates could reach the n-th only with this much from the added days
            BigDecimal needed = nth.subtract(beyond);
            Optional<List<Long>> led = added.isEmpty() ? Optional.of(List.of())
                    : ledRisers(h, kind, byIsk, added, needed, known);
            if (led.isPresent()) {
                risers = led.get();
            } else if (ranks < LENGTH) {
                return Optional.empty(); // more candidates first: they lower what those beyond counted
            } else {
                risers = scanRisers(h, kind, byIsk, added, needed, known);
            }
        } else if (beyond.signum() > 0) {
            log.debug("Top {} of {}: fewer than {} of the ranking's first {} have kills over {}", limit, kind, limit,
                    ranks, range);
            return Optional.empty();
        } else {
            risers = added.isEmpty() ? List.of() : scanRisers(h, kind, byIsk, added, BigDecimal.ZERO, known);
        }
        risers = Stream.concat(late.stream(), risers.stream()).toList();
        if (risers.size() > MAX_RISERS) {
            log.debug("Top {} of {} over {}: {} entities may have risen, too many to count one by one", limit, kind,
                    range, risers.size());
            return Optional.empty();
        }
        List<Total> all = new ArrayList<>(candidates);
        if (!risers.isEmpty()) {
            TOTALS.query(h).bind("kind", kind.code()).bind("ids", risers.stream().mapToLong(Long::longValue).toArray())
                    .bind("since", range.since()).bind("until", range.until())
                    .map((rs, ctx) -> new Total(rs.getLong("entity_id"), rs.getLong("kills"),
                            rs.getBigDecimal("isk_destroyed")))
                    .forEach(all::add);
        }
        listed = ordered(all, byIsk);
        return Optional.of(named(h, kind, listed.subList(0, Math.min(limit, listed.size()))));
    }

    /**
     * The entities beyond {@code known} that the {@code added} days may have given at least
     * {@code needed}, found among the days' leaders; empty when the days' floors add up to that
     * much, so that an entity led on none of them might have too.
     */
    private static Optional<List<Long>> ledRisers(Handle h, EntityKind kind, boolean byIsk, List<LocalDate> added,
                                     BigDecimal needed, Set<Long> known) {
        Map<LocalDate, BigDecimal> floors = new HashMap<>();
        Map<LocalDate, Map<Long, BigDecimal>> leaders = new HashMap<>();
        for (Leader l : DAY_LEADERS.query(h).bind("kind", kind.code()).bind("by_isk", byIsk)
                .bind("days", texts(added))
                .map((rs, ctx) -> new Leader(rs.getObject("day", LocalDate.class), rs.getBigDecimal("floor"),
                        rs.getObject("entity_id", Long.class), rs.getBigDecimal("figure"))).list()) {
            floors.put(l.day(), l.floor());
            if (l.id() != null) {
                leaders.computeIfAbsent(l.day(), d -> new HashMap<>()).put(l.id(), l.figure());
            }
        }
        BigDecimal floorSum = floors.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (floorSum.compareTo(needed) >= 0) {
            return Optional.empty();
        }
        Set<Long> led = new HashSet<>();
        leaders.values().forEach(l -> led.addAll(l.keySet()));
        List<Long> risers = new ArrayList<>();
        for (long id : led) {
            BigDecimal most = BigDecimal.ZERO;
            for (LocalDate day : added) {
                Map<Long, BigDecimal> l = leaders.getOrDefault(day, Map.of());
                most = most.add(l.getOrDefault(id, floors.getOrDefault(day, BigDecimal.ZERO)));
            }
            if (most.compareTo(needed) >= 0 && !known.contains(id)) {
                risers.add(id);
            }
        }
        return Optional.of(risers);
    }

    /** The entities beyond {@code known} with kills and at least {@code needed} on the {@code added} days, counted there. */
    private static List<Long> scanRisers(Handle h, EntityKind kind, boolean byIsk, List<LocalDate> added,
                                         BigDecimal needed, Set<Long> known) {
        return RISERS.query(h).bind("kind", kind.code()).bind("by_isk", byIsk)
                .bind("days", texts(added))
                .bind("at_least", needed).mapTo(Long.class).list().stream().filter(id -> !known.contains(id)).toList();
    }

    /** Those with kills, by the figure descending, then id. */
    private static List<Total> ordered(List<Total> totals, boolean byIsk) {
        return totals.stream().filter(t -> t.kills() > 0)
                .sorted(Comparator.comparing((Total t) -> t.figure(byIsk)).reversed().thenComparingLong(Total::id))
                .toList();
    }

    private static List<TopList.Entry> named(Handle h, EntityKind kind, List<Total> totals) {
        Map<Long, String> names = new HashMap<>();
        NAMES.query(h).bind("kind", kind.code()).bind("ids", totals.stream().mapToLong(Total::id).toArray())
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), Optional.ofNullable(rs.getString("name"))))
                .forEach(e -> e.getValue().ifPresent(n -> names.put(e.getKey(), n)));
        return totals.stream().map(t -> new TopList.Entry(t.id(), names.get(t.id()), t.kills(), t.iskDestroyed())).toList();
    }

    /**
     * The read queries of a top list for {@code db explain}: the 90-day characters by kills (its
     * ranking corrected by the two days it leaves out) and the leaders of those days by ISK.
     */
    static List<dev.evedmv.db.ExplainableQuery> explainable(LocalDate today) {
        DateRange window = new DateRange(today.minusDays(89), today.plusDays(1));
        DateRange ranked = rankedDays(90, today, null);
        String[] recent = days(ranked.until(), window.until()).stream().map(LocalDate::toString)
                .toArray(String[]::new);
        return List.of(
                dev.evedmv.db.ExplainableQuery.of(CANDIDATES, Map.of("window", 90, "kind", EntityKind.CHARACTER.code(),
                        "by_isk", false, "ranks", 2 * IntelQueries.TOP_DEFAULT + 20, "since", window.since(),
                        "until", window.until(), "days", recent, "ranked_since", ranked.since(),
                        "ranked_until", ranked.until())),
                dev.evedmv.db.ExplainableQuery.of(DAY_LEADERS, Map.of("kind", EntityKind.CHARACTER.code(),
                        "by_isk", true, "days", recent)));
    }

    /** Days [since, until), empty when until is not after since. */
    record Days(LocalDate since, LocalDate until) {
        static Days of(DateRange range) {
            return new Days(range.since(), range.until());
        }

        static Days of(Build build) {
            return new Days(build.since(), build.until());
        }

        long length() {
            return Math.max(0, until.toEpochDay() - since.toEpochDay());
        }

        /** These days that are also in {@code other} (empty, at other's start, when none are). */
        Days within(Days other) {
            LocalDate from = max(since, other.since());
            LocalDate to = min(until, other.until());
            return to.isAfter(from) ? new Days(from, to) : new Days(other.since(), other.since());
        }

        /** Days in one of these and {@code other} but not both. */
        long differingDays(Days other) {
            return daysNotIn(other) + other.daysNotIn(this);
        }

        /** These days that are not in {@code other}. */
        long daysNotIn(Days other) {
            return length() - Math.max(0, min(until, other.until()).toEpochDay() - max(since, other.since()).toEpochDay());
        }
    }

    /** Days as the text a {@code CAST(:days AS date[])} parameter takes. */
    private static String[] texts(List<LocalDate> days) {
        return days.stream().map(LocalDate::toString).toArray(String[]::new);
    }

    /** The days [from, until), none when until is not after from. */
    private static List<LocalDate> days(LocalDate from, LocalDate until) {
        return from.datesUntil(until.isAfter(from) ? until : from).toList();
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
