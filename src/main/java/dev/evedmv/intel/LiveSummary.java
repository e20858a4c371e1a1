package dev.evedmv.intel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.evedmv.db.NamedSql;

/**
 * An entity summary (any kind but characters, whose associates come from participants) that a
 * background refresh keeps current by reading only its recent days. It holds the figures of the
 * earlier days of its range summed once, with the full {@code {"id": count}} lists, and the rollup
 * rows of the recent days (yesterday and today, UTC) as they were last read. {@link #advance}
 * reads the recent days again with the row count and kill and loss sums of the earlier ones; when
 * those are unchanged no killmail landed on the earlier days (every killmail adds a kill or a
 * loss to each entity it touches) and their figures are reused, else everything is read again.
 * {@link #render} gives the very answer {@code entity_summary.sql} gives, which the tests check.
 *
 * <p>An alliance's summary over 90 days sums 90 rows of lists of thousands of members (10–20 ms
 * in SQL); advancing it reads two rows. Names of list entries are looked up once per id and kept
 * until the next full read, which {@code maxAge} bounds.
 */
public final class LiveSummary {
    private static final NamedSql DAYS = NamedSql.load(LiveSummary.class, "summary_days");
    private static final NamedSql NAMES = NamedSql.load(LiveSummary.class, "summary_names");
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

    private final EntityKind kind;
    private final long id;
    private final DateRange range;
    private final boolean includeNpc;
    private final LocalDate openFrom;
    private final Totals earlier;
    private final Counts earlierShips;
    private final Counts earlierSystems;
    private final Counts earlierMembers;
    private final List<Day> recent;
    private final Map<Name, Optional<String>> names;
    private final long loadedNanos;

    private LiveSummary(EntityKind kind, long id, DateRange range, boolean includeNpc, LocalDate openFrom,
                        Totals earlier, Counts earlierShips, Counts earlierSystems,
                        Counts earlierMembers, List<Day> recent, Map<Name, Optional<String>> names, long loadedNanos) {
        this.kind = kind;
        this.id = id;
        this.range = range;
        this.includeNpc = includeNpc;
        this.openFrom = openFrom;
        this.earlier = earlier;
        this.earlierShips = earlierShips;
        this.earlierSystems = earlierSystems;
        this.earlierMembers = earlierMembers;
        this.recent = recent;
        this.names = names;
        this.loadedNanos = loadedNanos;
    }

    /** True for the kinds whose summaries can be kept this way (all but characters). */
    public static boolean supports(EntityKind kind) {
        return kind != EntityKind.CHARACTER;
    }

    /** Reads every day of {@code range}; the days from yesterday ({@code today} - 1) on are the recent ones. */
    public static LiveSummary load(Handle h, EntityKind kind, long id, DateRange range, boolean includeNpc,
                                   LocalDate today) {
        if (!supports(kind)) {
            throw new IllegalArgumentException("a character's summary cannot be kept live (associates)");
        }
        LocalDate openFrom = clamp(today.minusDays(1), range.since(), range.until());
        Totals earlier = new Totals();
        Map<Long, Long> ships = new HashMap<>();
        Map<Long, Long> systems = new HashMap<>();
        Map<Long, Long> members = new HashMap<>();
        List<Day> recent = new ArrayList<>();
        for (Day d : days(h, kind, id, range, includeNpc, range.since()).days()) {
            if (d.day().isBefore(openFrom)) {
                earlier.add(d);
                addAll(ships, d.ships());
                addAll(systems, d.systems());
                addAll(members, d.members());
            } else {
                recent.add(d);
            }
        }
        return new LiveSummary(kind, id, range, includeNpc, openFrom, earlier, new Counts(ships), new Counts(systems),
                new Counts(members), List.copyOf(recent), new ConcurrentHashMap<>(), System.nanoTime());
    }

    /**
     * This summary with its recent days read again, or read whole when a killmail landed on an
     * earlier day or it was last read whole more than {@code maxAge} ago (names may have changed).
     */
    public LiveSummary advance(Handle h, LocalDate today, Duration maxAge) {
        if (System.nanoTime() - loadedNanos > maxAge.toNanos()) {
            return load(h, kind, id, range, includeNpc, today);
        }
        DaysRead read = days(h, kind, id, range, includeNpc, openFrom);
        if (read.earlierDays() != earlier.days || read.earlierKills() != earlier.sums.kills
                || read.earlierLosses() != earlier.sums.losses) {
            return load(h, kind, id, range, includeNpc, today);
        }
        return new LiveSummary(kind, id, range, includeNpc, openFrom, earlier, earlierShips, earlierSystems,
                earlierMembers, read.days(), names, loadedNanos);
    }

    /** True when {@code other} reuses this summary's earlier days (it was advanced, not read whole). */
    public boolean sharesEarlierDaysWith(LiveSummary other) {
        return other.earlier == earlier;
    }

    /** List entries held: a measure of the memory this summary takes. */
    public int weight() {
        return 1 + earlierShips.size() + earlierSystems.size() + earlierMembers.size();
    }

    /** The summary with lists of {@code limit} entries, as {@code entity_summary.sql} answers it. */
    public EntitySummary render(Handle h, int limit) {
        IntelQueries.checkLimit(limit, IntelQueries.SUMMARY_LIST_MAX);
        Totals t = earlier.copy();
        recent.forEach(t::add);
        List<long[]> ships = top(earlierShips, recent.stream().map(Day::ships).toList(), limit);
        List<long[]> systems = kind == EntityKind.SYSTEM ? List.of()
                : top(earlierSystems, recent.stream().map(Day::systems).toList(), limit);
        boolean hasMembers = kind == EntityKind.CORPORATION || kind == EntityKind.ALLIANCE;
        List<long[]> members = hasMembers ? top(earlierMembers, recent.stream().map(Day::members).toList(), limit)
                : List.of();
        Name self = new Name(switch (kind) {
            case SHIP -> "ship";
            case SYSTEM -> "system";
            case REGION -> "region";
            default -> "name";
        }, id);
        List<Name> wanted = new ArrayList<>();
        wanted.add(self);
        ships.forEach(e -> wanted.add(new Name("ship", e[0])));
        systems.forEach(e -> wanted.add(new Name("system", e[0])));
        members.forEach(e -> wanted.add(new Name("name", e[0])));
        lookUp(h, wanted);

        long[][] heatmap = new long[7][24];
        long[] byHour = new long[24];
        for (int d = 0; d < 7; d++) {
            for (int hour = 0; hour < 24; hour++) {
                heatmap[d][hour] = t.hourOfWeek[d][hour];
                byHour[hour] += t.hourOfWeek[d][hour];
            }
        }
        List<EntitySummary.Month> monthly = new ArrayList<>();
        t.monthly.forEach((month, m) -> monthly.add(new EntitySummary.Month(month, m.kills, m.losses, m.iskDestroyed,
                m.iskLost)));
        long kills = t.sums.kills;
        long losses = t.sums.losses;
        return new EntitySummary(id, nameOf(self), kills, losses, orZero(t.sums.iskDestroyed), orZero(t.sums.iskLost),
                t.soloKills, t.soloLosses, t.finalBlows,
                kills + losses == 0 ? 0 : (int) (100 * kills / (kills + losses)),
                kills == 0 ? 0 : (int) (100 - 100 * t.soloKills / kills),
                kills == 0 ? new BigDecimal("0.00")
                        : BigDecimal.valueOf(t.attackersOnKills).divide(BigDecimal.valueOf(kills), 2, RoundingMode.HALF_UP),
                heatmap, timezones(byHour), monthly,
                ships.stream().map(e -> new EntitySummary.ShipKills((int) e[0], nameOf(new Name("ship", e[0])), e[1])).toList(),
                kind == EntityKind.SYSTEM ? null : systems.stream()
                        .map(e -> new EntitySummary.SystemKills((int) e[0], nameOf(new Name("system", e[0])), e[1])).toList(),
                null,
                hasMembers ? members.stream()
                        .map(e -> new EntitySummary.MemberKills(e[0], nameOf(new Name("name", e[0])), e[1])).toList() : null);
    }

    private String nameOf(Name n) {
        Optional<String> known = names.get(n);
        return known == null ? null : known.orElse(null);
    }

    /** Looks up the names not yet known (an id without one is remembered as such). */
    private void lookUp(Handle h, List<Name> wanted) {
        List<Name> missing = wanted.stream().filter(n -> !names.containsKey(n)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<String, List<Long>> ids = new HashMap<>();
        missing.forEach(n -> ids.computeIfAbsent(n.list(), k -> new ArrayList<>()).add(n.id()));
        Map<Name, Optional<String>> found = new HashMap<>();
        NAMES.query(h)
                .bindArray("ships", Integer.class, ints(ids.get("ship")))
                .bindArray("systems", Integer.class, ints(ids.get("system")))
                .bindArray("regions", Integer.class, ints(ids.get("region")))
                .bindArray("names", Long.class, ids.getOrDefault("name", List.of()).toArray(new Long[0]))
                .map((rs, ctx) -> Map.entry(new Name(rs.getString("list"), rs.getLong("id")),
                        Optional.ofNullable(rs.getString("name"))))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        for (Name n : missing) {
            names.put(n, found.getOrDefault(n, Optional.empty()));
        }
    }

    private static Integer[] ints(List<Long> ids) {
        return ids == null ? new Integer[0] : ids.stream().map(Long::intValue).toArray(Integer[]::new);
    }

    /** An entry of one of the name sources: {@code ship}, {@code system}, {@code region} or {@code name}. */
    private record Name(String list, long id) {
    }

    /** A {@code {"id": count}} list summed over the earlier days, with its ids ranked once (kills descending, then id). */
    private static final class Counts {
        final Map<Long, Long> byId;
        final long[] ranked;

        Counts(Map<Long, Long> byId) {
            this.byId = byId;
            this.ranked = byId.entrySet().stream()
                    .sorted(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .mapToLong(Map.Entry::getKey).toArray();
        }

        int size() {
            return ranked.length;
        }
    }

    private static final Comparator<long[]> RANK = Comparator.<long[]>comparingLong(e -> -e[1]).thenComparingLong(e -> e[0]);

    /**
     * The {@code limit} entries of the earlier and recent lists summed with the most kills, by kills
     * descending then id: {id, kills}. Recent days only add kills, so an id they do not name ranks
     * as it did in the earlier days: the answer is among the ids they name and the first
     * {@code limit} others of the earlier ranking, and the rest of that ranking is never looked at.
     */
    private static List<long[]> top(Counts earlier, List<Map<Long, Long>> recent, int limit) {
        Map<Long, Long> added = new HashMap<>();
        recent.forEach(m -> addAll(added, m));
        List<long[]> candidates = new ArrayList<>(added.size() + limit);
        added.forEach((key, count) -> candidates.add(new long[] {key, count + earlier.byId.getOrDefault(key, 0L)}));
        int others = 0;
        for (int i = 0; i < earlier.ranked.length && others < limit; i++) {
            long key = earlier.ranked[i];
            if (!added.containsKey(key)) {
                candidates.add(new long[] {key, earlier.byId.get(key)});
                others++;
            }
        }
        candidates.sort(RANK);
        return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
    }

    /** zKillboard's buckets of the UTC hour, as entity_summary.sql sums them. */
    private static EntitySummary.Timezones timezones(long[] byHour) {
        long au = 0, eu = 0, ru = 0, use = 0, usw = 0;
        for (int hour = 0; hour < 24; hour++) {
            long k = byHour[hour];
            if (hour >= 8 && hour <= 13) {
                au += k;
            }
            if (hour >= 17 && hour <= 21) {
                eu += k;
            }
            if (hour >= 14 && hour <= 16) {
                ru += k;
            }
            if (hour < 4 || hour > 21) {
                use += k;
            }
            if (hour >= 4 && hour <= 7) {
                usw += k;
            }
        }
        return new EntitySummary.Timezones(au, eu, ru, use, usw);
    }

    private static BigDecimal orZero(BigDecimal sum) {
        return sum == null ? BigDecimal.ZERO : sum;
    }

    private static LocalDate clamp(LocalDate day, LocalDate since, LocalDate until) {
        return day.isBefore(since) ? since : day.isAfter(until) ? until : day;
    }

    private static void addAll(Map<Long, Long> into, Map<Long, Long> counts) {
        counts.forEach((key, count) -> into.merge(key, count, Long::sum));
    }

    /** What {@code summary_days.sql} returns: the recent days' rows and the earlier days' sums. */
    private record DaysRead(long earlierDays, long earlierKills, long earlierLosses, List<Day> days) {
    }

    private static DaysRead days(Handle h, EntityKind kind, long id, DateRange range, boolean includeNpc,
                                 LocalDate openFrom) {
        // every row carries the earlier days' sums; a row without a day stands for no recent day
        List<DaysRead> rows = DAYS.query(h).bind("kind", kind.code()).bind("id", id).bind("since", range.since())
                .bind("until", range.until()).bind("open_from", openFrom).bind("include_npc", includeNpc)
                .map((rs, ctx) -> new DaysRead(rs.getLong("earlier_days"), rs.getLong("earlier_kills"),
                        rs.getLong("earlier_losses"), rs.getObject("day") == null ? List.of() : List.of(Day.of(rs))))
                .list();
        DaysRead first = rows.get(0);
        return new DaysRead(first.earlierDays(), first.earlierKills(), first.earlierLosses(),
                rows.stream().flatMap(r -> r.days().stream()).toList());
    }

    /** One rollup row (entity_daily) of the entity. */
    private record Day(LocalDate day, long kills, long losses, long soloKills, long soloLosses, long finalBlows,
                       BigDecimal iskDestroyed, BigDecimal iskLost, long attackersOnKills, int[] hourlyKills,
                       Map<Long, Long> ships, Map<Long, Long> systems, Map<Long, Long> members) {
        static Day of(ResultSet rs) throws SQLException {
            Array hourly = rs.getArray("hourly_kills");
            Integer[] hours = (Integer[]) hourly.getArray();
            int[] byHour = new int[hours.length];
            for (int i = 0; i < hours.length; i++) {
                byHour[i] = hours[i];
            }
            return new Day(rs.getObject("day", LocalDate.class), rs.getLong("kills"), rs.getLong("losses"),
                    rs.getLong("solo_kills"), rs.getLong("solo_losses"), rs.getLong("final_blows"),
                    rs.getBigDecimal("isk_destroyed"), rs.getBigDecimal("isk_lost"), rs.getLong("attackers_on_kills"),
                    byHour, counts(rs.getString("ships")), counts(rs.getString("systems")),
                    counts(rs.getString("members")));
        }
    }

    /** A {@code {"id": count}} list. */
    private static Map<Long, Long> counts(String json) {
        Map<Long, Long> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("a rollup list is not a JSON object: " + json);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                long key = Long.parseLong(p.currentName());
                p.nextToken();
                out.put(key, p.getLongValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The figures of some days summed: totals, kills by weekday and hour, and by month. */
    private static final class Totals {
        final Sums sums = new Sums();
        long days;
        long soloKills;
        long soloLosses;
        long finalBlows;
        long attackersOnKills;
        final long[][] hourOfWeek = new long[7][24];
        final TreeMap<String, Sums> monthly = new TreeMap<>();

        void add(Day d) {
            days++;
            sums.add(d);
            soloKills += d.soloKills();
            soloLosses += d.soloLosses();
            finalBlows += d.finalBlows();
            attackersOnKills += d.attackersOnKills();
            int weekday = d.day().getDayOfWeek().getValue() - 1;
            for (int hour = 0; hour < d.hourlyKills().length; hour++) {
                hourOfWeek[weekday][hour] += d.hourlyKills()[hour];
            }
            monthly.computeIfAbsent(d.day().format(MONTH), k -> new Sums()).add(d);
        }

        Totals copy() {
            Totals t = new Totals();
            t.sums.addAll(sums);
            t.days = days;
            t.soloKills = soloKills;
            t.soloLosses = soloLosses;
            t.finalBlows = finalBlows;
            t.attackersOnKills = attackersOnKills;
            for (int d = 0; d < 7; d++) {
                System.arraycopy(hourOfWeek[d], 0, t.hourOfWeek[d], 0, 24);
            }
            monthly.forEach((month, m) -> t.monthly.computeIfAbsent(month, k -> new Sums()).addAll(m));
            return t;
        }
    }

    /** Kills, losses and ISK of some days (ISK null while no day is counted, as SQL's sum of no rows). */
    private static final class Sums {
        long kills;
        long losses;
        BigDecimal iskDestroyed;
        BigDecimal iskLost;

        void add(Day d) {
            add(d.kills(), d.losses(), d.iskDestroyed(), d.iskLost());
        }

        void addAll(Sums other) {
            add(other.kills, other.losses, other.iskDestroyed, other.iskLost);
        }

        private void add(long k, long l, BigDecimal destroyed, BigDecimal lost) {
            kills += k;
            losses += l;
            iskDestroyed = plus(iskDestroyed, destroyed);
            iskLost = plus(iskLost, lost);
        }

        private static BigDecimal plus(BigDecimal sum, BigDecimal value) {
            return sum == null ? value : value == null ? sum : sum.add(value);
        }
    }
}
