package dev.evedmv.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;

/**
 * The questions {@code bench queries} asks, drawn from the data itself: entity ids ranked by
 * activity (kills plus losses over the window) and drawn by Zipf rank, so the busiest characters
 * and the largest alliances are asked for most; a random sample of killmail ids, and one of the
 * killmails in battles for their battle; prefixes of real names for search; the battle list, of all
 * regions or of one. The window is the last 90 days of the data (or all of it when shorter).
 */
public final class QueryWorkload {
    /** How steeply requests favour the busiest entities (Zipf exponent over the activity ranks). */
    public static final double ZIPF_EXPONENT = 1.1;
    static final int WINDOW_DAYS = 90;
    private static final NamedSql WINDOW = NamedSql.load(QueryWorkload.class, "workload_window");
    private static final NamedSql ENTITIES = NamedSql.load(QueryWorkload.class, "workload_entities");
    private static final NamedSql KILLMAILS = NamedSql.load(QueryWorkload.class, "workload_killmails");
    private static final NamedSql NAMES = NamedSql.load(QueryWorkload.class, "workload_names");
    private static final NamedSql BATTLE_KILLMAILS = NamedSql.load(QueryWorkload.class, "workload_battle_killmails");
    private static final NamedSql NO_TIMEOUT = NamedSql.of("bench.workload_no_timeout", "SET LOCAL statement_timeout = 0");
    private static final NamedSql STORED = NamedSql.of("bench.workload_stored", "SELECT count(*) FROM killmail_directory");

    /** The endpoint families, with their share of requests. */
    public enum Family {
        SUMMARY_CHARACTER("summary_character", 16),
        SUMMARY_CORPORATION("summary_corporation", 8),
        SUMMARY_ALLIANCE("summary_alliance", 8),
        SUMMARY_SHIP("summary_ship", 4),
        SUMMARY_SYSTEM("summary_system", 2),
        SUMMARY_REGION("summary_region", 2),
        ACTIVITY("activity", 20),
        KILLMAIL("killmail", 15),
        TOP("top", 10),
        SEARCH("search", 15),
        BATTLE("battle", 3),
        BATTLES("battles", 2);

        public final String label;
        final int weight;

        Family(String label, int weight) {
            this.label = label;
            this.weight = weight;
        }

        /** The family labelled {@code label}, e.g. {@code summary_character}. */
        public static Family byLabel(String label) {
            for (Family f : values()) {
                if (f.label.equals(label)) {
                    return f;
                }
            }
            throw new EveDmvException("unknown endpoint family '" + label + "'; the families are "
                    + Arrays.stream(values()).map(f -> f.label).collect(Collectors.joining(", ")));
        }
    }

    /** One request: its family and its path with query string. */
    public record Request(Family family, String path) {
    }

    private static final EntityKind[] ACTIVITY_KINDS = {EntityKind.CHARACTER, EntityKind.CORPORATION, EntityKind.ALLIANCE};

    private final LocalDate since;
    private final LocalDate until;
    private final Map<EntityKind, List<Long>> ranked;
    private final List<Long> killmails;
    private final List<Long> battleKillmails;
    private final List<String> names;
    private final List<Family> drawable;
    private final int[] cumulative;

    QueryWorkload(LocalDate since, LocalDate until, Map<EntityKind, List<Long>> ranked, List<Long> killmails,
                  List<Long> battleKillmails, List<String> names) {
        this(since, until, ranked, killmails, battleKillmails, names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT))
                .filter(n -> n.length() >= 2 && n.length() <= 100).toList(), EnumSet.allOf(Family.class));
    }

    private QueryWorkload(LocalDate since, LocalDate until, Map<EntityKind, List<Long>> ranked, List<Long> killmails,
                          List<Long> battleKillmails, List<String> names, Set<Family> asked) {
        this.since = since;
        this.until = until;
        this.ranked = ranked;
        this.killmails = killmails;
        this.battleKillmails = battleKillmails;
        this.names = names;
        List<Family> families = new ArrayList<>();
        for (Family f : asked) {
            if (available(f)) {
                families.add(f);
            }
        }
        if (families.isEmpty()) {
            throw new EveDmvException("the database holds no killmails to ask about; import or generate some first");
        }
        this.drawable = List.copyOf(families);
        this.cumulative = new int[drawable.size()];
        int sum = 0;
        for (int i = 0; i < drawable.size(); i++) {
            sum += drawable.get(i).weight;
            cumulative[i] = sum;
        }
    }

    /** Reads the window, the {@code perKind} busiest entities of each kind, killmail ids and names from {@code db}. */
    public static QueryWorkload load(Database db, int perKind) {
        return db.jdbi().inTransaction(h -> {
            NO_TIMEOUT.update(h).execute(); // ranking a busy server's entities may outlast the pool's statement_timeout
            OffsetDateTime[] span = WINDOW.query(h).map((rs, ctx) -> new OffsetDateTime[] {
                    rs.getObject("first_time", OffsetDateTime.class), rs.getObject("last_time", OffsetDateTime.class)}).one();
            if (span[1] == null) {
                throw new EveDmvException("the database holds no killmails to ask about; import or generate some first");
            }
            LocalDate first = span[0].withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            LocalDate last = span[1].withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            LocalDate until = last.plusDays(1);
            LocalDate since = first.isAfter(until.minusDays(WINDOW_DAYS)) ? first : until.minusDays(WINDOW_DAYS);
            Map<EntityKind, List<Long>> ranked = new EnumMap<>(EntityKind.class);
            for (EntityKind kind : EntityKind.values()) {
                ranked.put(kind, ENTITIES.query(h).bind("kind", kind.code()).bind("since", since).bind("until", until)
                        .bind("limit", perKind).mapTo(Long.class).list());
            }
            long stored = STORED.query(h).mapTo(Long.class).one();
            double percent = stored == 0 ? 100 : Math.min(100.0, 200.0 * perKind / stored);
            List<Long> killmails = KILLMAILS.query(h).bind("percent", percent).bind("limit", perKind)
                    .mapTo(Long.class).list();
            List<Long> inBattles = BATTLE_KILLMAILS.query(h).bind("limit", perKind).mapTo(Long.class).list();
            List<Long> named = new ArrayList<>();
            for (EntityKind kind : ACTIVITY_KINDS) {
                named.addAll(ranked.get(kind));
            }
            List<String> names = NAMES.query(h).bindArray("ids", Long.class, named).mapTo(String.class).list();
            return new QueryWorkload(since, until, ranked, killmails, inBattles, names);
        });
    }

    /**
     * This workload asking only {@code families}, in the same proportions among themselves: to
     * measure one family under load without the others' queueing.
     */
    public QueryWorkload only(Set<Family> families) {
        if (families.isEmpty()) {
            return this;
        }
        for (Family f : families) {
            if (!available(f)) {
                throw new EveDmvException("endpoint family " + f.label + " has nothing to ask in this database");
            }
        }
        return new QueryWorkload(since, until, ranked, killmails, battleKillmails, names, EnumSet.copyOf(families));
    }

    /** The families this workload asks, in the order of {@link Family}. */
    public List<Family> families() {
        return drawable;
    }

    public LocalDate since() {
        return since;
    }

    public LocalDate until() {
        return until;
    }

    /** The ids of {@code kind} the requests draw from, busiest first. */
    public List<Long> ranked(EntityKind kind) {
        return ranked.get(kind);
    }

    /** How many ids of each kind, killmails and names the requests are drawn from. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (EntityKind kind : EntityKind.values()) {
            m.put(kind.plural(), ranked.get(kind).size());
        }
        m.put("killmails", killmails.size());
        m.put("battle_killmails", battleKillmails.size());
        m.put("names", names.size());
        return m;
    }

    /** The next request, drawn with {@code random}. */
    public Request next(SplittableRandom random) {
        Family family = drawFamily(random);
        String window = "since=" + since + "&until=" + until;
        return switch (family) {
            case SUMMARY_CHARACTER -> summary(family, EntityKind.CHARACTER, random, window);
            case SUMMARY_CORPORATION -> summary(family, EntityKind.CORPORATION, random, window);
            case SUMMARY_ALLIANCE -> summary(family, EntityKind.ALLIANCE, random, window);
            case SUMMARY_SHIP -> summary(family, EntityKind.SHIP, random, window);
            case SUMMARY_SYSTEM -> summary(family, EntityKind.SYSTEM, random, window);
            case SUMMARY_REGION -> summary(family, EntityKind.REGION, random, window);
            case ACTIVITY -> {
                EntityKind kind = availableActivityKind(random);
                yield new Request(family, "/api/v1/" + kind.plural() + "/" + draw(kind, random)
                        + (random.nextBoolean() ? "/kills" : "/losses"));
            }
            case KILLMAIL -> new Request(family, "/api/v1/killmails/" + killmails.get(random.nextInt(killmails.size())));
            case TOP -> {
                EntityKind kind = EntityKind.values()[random.nextInt(EntityKind.values().length)];
                yield new Request(family, "/api/v1/top?kind=" + kind.singular() + "&" + window
                        + (random.nextBoolean() ? "&by=kills" : "&by=isk"));
            }
            case SEARCH -> {
                String name = names.get(random.nextInt(names.size()));
                String prefix = name.substring(0, Math.min(name.length(), 3 + random.nextInt(3)));
                if (prefix.strip().length() < 2) {
                    prefix = name;
                }
                yield new Request(family, "/api/v1/search?q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
            }
            case BATTLE -> new Request(family,
                    "/api/v1/killmails/" + battleKillmails.get(random.nextInt(battleKillmails.size())) + "/battle");
            case BATTLES -> new Request(family, "/api/v1/battles?" + window
                    + (random.nextBoolean() && !ranked.get(EntityKind.REGION).isEmpty()
                            ? "&region_id=" + draw(EntityKind.REGION, random) : ""));
        };
    }

    private Request summary(Family family, EntityKind kind, SplittableRandom random, String window) {
        return new Request(family, "/api/v1/" + kind.plural() + "/" + draw(kind, random) + "?" + window);
    }

    private long draw(EntityKind kind, SplittableRandom random) {
        List<Long> ids = ranked.get(kind);
        return ids.get(Zipf.sample(random, ids.size(), ZIPF_EXPONENT));
    }

    private EntityKind availableActivityKind(SplittableRandom random) {
        for (int i = 0; i < 8; i++) {
            EntityKind kind = ACTIVITY_KINDS[random.nextInt(ACTIVITY_KINDS.length)];
            if (!ranked.get(kind).isEmpty()) {
                return kind;
            }
        }
        for (EntityKind kind : ACTIVITY_KINDS) {
            if (!ranked.get(kind).isEmpty()) {
                return kind;
            }
        }
        throw new IllegalStateException("no entity for activity lists");
    }

    private Family drawFamily(SplittableRandom random) {
        int x = random.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return drawable.get(i);
            }
        }
        return drawable.get(drawable.size() - 1);
    }

    private boolean available(Family f) {
        return switch (f) {
            case SUMMARY_CHARACTER -> !ranked.get(EntityKind.CHARACTER).isEmpty();
            case SUMMARY_CORPORATION -> !ranked.get(EntityKind.CORPORATION).isEmpty();
            case SUMMARY_ALLIANCE -> !ranked.get(EntityKind.ALLIANCE).isEmpty();
            case SUMMARY_SHIP -> !ranked.get(EntityKind.SHIP).isEmpty();
            case SUMMARY_SYSTEM -> !ranked.get(EntityKind.SYSTEM).isEmpty();
            case SUMMARY_REGION -> !ranked.get(EntityKind.REGION).isEmpty();
            case ACTIVITY -> !ranked.get(EntityKind.CHARACTER).isEmpty() || !ranked.get(EntityKind.CORPORATION).isEmpty()
                    || !ranked.get(EntityKind.ALLIANCE).isEmpty();
            case KILLMAIL -> !killmails.isEmpty();
            case TOP -> !ranked.get(EntityKind.CHARACTER).isEmpty();
            case SEARCH -> !names.isEmpty();
            case BATTLE, BATTLES -> !battleKillmails.isEmpty();
        };
    }
}
