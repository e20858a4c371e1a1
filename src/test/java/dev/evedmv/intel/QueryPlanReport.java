package dev.evedmv.intel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.db.Database;
import dev.evedmv.db.DatabaseConnector;
import dev.evedmv.db.NamedSql;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.KillmailFixtures;

/**
 * Query plans and latencies as Markdown, beside those of docs/queries.md: fills the database of the environment (EVEDMV_*)
 * with synthetic killmails when it has none, then prints each intel query's EXPLAIN (ANALYZE,
 * BUFFERS) and its latency percentiles, in process and over HTTP, as Markdown.
 * Run: {@code java -cp target/classes:target/test-classes:<deps> dev.evedmv.intel.QueryPlanReport KILLMAILS SEED}.
 */
public final class QueryPlanReport {
    private static final int CHARACTERS = 20_000, CORPORATIONS = 1_000, ALLIANCES = 100;
    private static final int SHIPS = 40, SYSTEMS = 500, REGIONS = 20;
    private static final int RUNS = 300;

    private final Database db;
    private final Random random;

    private QueryPlanReport(Database db, long seed) {
        this.db = db;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int killmails = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        try (Database db = DatabaseConnector.connect(EveDmvConfig.from(System.getenv()), Metrics.newRegistry())) {
            QueryPlanReport report = new QueryPlanReport(db, seed);
            if (db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmail_directory")
                    .mapTo(Long.class).one()) == 0) {
                report.generate(killmails);
            }
            report.print();
        }
    }

    private void generate(int count) {
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name)
                SELECT 95000000 + i, 'character', 'Pilot ' || md5(i::text) FROM generate_series(0, 19999) i
                UNION ALL SELECT 98000000 + i, 'corporation', 'Corporation ' || i FROM generate_series(0, 999) i
                UNION ALL SELECT 99000000 + i, 'alliance', 'Alliance ' || i FROM generate_series(0, 99) i;
                INSERT INTO sde_categories VALUES (6, 'Ship', true), (11, 'Entity', true);
                INSERT INTO sde_groups VALUES (25, 6, 'Frigate', true), (29, 6, 'Capsule', true), (288, 11, 'Rats', true);
                INSERT INTO sde_types (type_id, group_id, name)
                SELECT 600 + i, 25, 'Ship ' || i FROM generate_series(0, 39) i
                UNION ALL VALUES (670, 29, 'Capsule'), (23707, 288, 'Rat'), (2488, 288, 'Blaster');
                INSERT INTO sde_regions SELECT 10000001 + i, 'Region ' || i FROM generate_series(0, 19) i;
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security)
                SELECT 30000001 + i, 20000001 + i / 10, 10000001 + i % 20, 'System ' || i, -0.5
                FROM generate_series(0, 499) i"""));
        KillmailWriter writer = new KillmailWriter(db, Clock.systemUTC());
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<DerivedKillmail> batch = new ArrayList<>();
        long started = System.nanoTime();
        for (int n = 1; n <= count; n++) {
            batch.add(randomKillmail(n, end.minusSeconds(random.nextInt(365 * 86_400))));
            if (batch.size() == 2_000 || n == count) {
                writer.write(batch, "synthetic", KillmailWriter.InTransaction.NOTHING);
                batch.clear();
            }
        }
        db.jdbi().useHandle(h -> h.execute("ANALYZE"));
        System.err.printf("generated %d killmails in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
    }

    /** Skewed: low character, system and ship indexes are far more active, as in the game. */
    private DerivedKillmail randomKillmail(long id, Instant time) {
        int system = skewed(SYSTEMS, 2);
        KillmailFixtures.Builder b = killmail(id, time.toString())
                .system(30_000_001 + system, 10_000_001 + system % REGIONS);
        int victim = random.nextInt(CHARACTERS);
        boolean capsule = random.nextInt(7) == 0;
        long victimCorp = corporationOf(victim);
        b.victim(victim(95_000_000L + victim, victimCorp, allianceOf(victimCorp), capsule ? 670 : 600 + skewed(SHIPS, 2)));
        boolean npc = random.nextInt(12) == 0;
        int players = npc ? 0 : random.nextInt(30) == 0 ? 20 + random.nextInt(250) : 1 + (int) (-Math.log(1 - random.nextDouble()) * 4);
        int npcs = npc ? 1 + random.nextInt(3) : random.nextInt(10) == 0 ? 1 : 0;
        int finalBlow = random.nextInt(players + npcs);
        List<Attacker> attackers = new ArrayList<>();
        long fbCorp = 0;
        for (int a = 0; a < players; a++) {
            int c = skewed(CHARACTERS, 3);
            long corp = corporationOf(c);
            attackers.add(attacker(95_000_000L + c, corp, allianceOf(corp), 600 + skewed(SHIPS, 2), a == finalBlow));
            if (a == finalBlow) {
                fbCorp = corp;
            }
        }
        for (int a = 0; a < npcs; a++) {
            attackers.add(attacker(null, 1_000_125L, null, 23707, players + a == finalBlow));
        }
        attackers.forEach(b::attacker);
        if (npc) {
            b.npc();
        }
        if (players == 1 && !capsule) {
            b.solo();
        }
        if (fbCorp == victimCorp) {
            b.awox();
        }
        double isk = Math.exp(15 + 2 * random.nextGaussian());
        return b.value(BigDecimal.valueOf(isk).setScale(2, RoundingMode.HALF_UP).toPlainString()).build();
    }

    private int skewed(int size, int power) {
        return (int) (size * Math.pow(random.nextDouble(), power));
    }

    private static long corporationOf(int character) {
        return 98_000_000L + (int) (CORPORATIONS * Math.pow(((character * 2_654_435_761L) % 1_000_003) / 1_000_003.0, 2));
    }

    private static Long allianceOf(long corporation) {
        int c = (int) (corporation - 98_000_000L);
        return c >= 600 ? null : 99_000_000L + (int) (ALLIANCES * Math.pow(((c * 40_503L) % 601) / 601.0, 2));
    }

    private void print() throws Exception {
        Map<String, Long> counts = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmails) AS killmails, (SELECT count(*) FROM participants) AS participants,
                       (SELECT count(*) FROM entity_daily) AS entity_daily""")
                .map((rs, ctx) -> Map.of("killmails", rs.getLong(1), "participants", rs.getLong(2),
                        "entity_daily", rs.getLong(3))).one());
        System.out.println("Data: " + counts + "\n");
        IntelQueries intel = new IntelQueries(db);
        DateRange days90 = DateRange.resolve("90d", null, null, Clock.systemUTC());
        long alliance = busiest(3, days90), corporation = busiest(2, days90), character = busiest(1, days90);
        long ship = busiest(4, days90), system = busiest(5, days90), region = busiest(6, days90);
        long killmailId = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT killmail_id FROM killmails ORDER BY attacker_count DESC LIMIT 1").mapTo(Long.class).one());

        Object[][] summaries = {{EntityKind.CHARACTER, character}, {EntityKind.CORPORATION, corporation},
            {EntityKind.ALLIANCE, alliance}, {EntityKind.SHIP, ship}, {EntityKind.SYSTEM, system}, {EntityKind.REGION, region}};
        for (Object[] s : summaries) {
            EntityKind kind = (EntityKind) s[0];
            long id = (Long) s[1];
            explain("intel.entity_summary", NamedSql.load(IntelQueries.class, "entity_summary").sql(), kind + " " + id + ", 90d",
                    Map.of("kind", kind.code(), "id", id, "since", days90.since(), "until", days90.until(),
                            "include_npc", false, "limit", 10));
            time("summary " + kind.singular() + " 90d", () -> intel.summary(kind, id, days90, false, 10));
        }
        DateRange all = DateRange.resolve("all", null, null, Clock.systemUTC());
        time("summary alliance all", () -> intel.summary(EntityKind.ALLIANCE, alliance, all, false, 10));
        time("summary character all", () -> intel.summary(EntityKind.CHARACTER, character, all, false, 10));

        String page = NamedSql.load(IntelQueries.class, "activity").sql();
        for (EntityKind kind : List.of(EntityKind.CHARACTER, EntityKind.ALLIANCE, EntityKind.SYSTEM)) {
            long id = kind == EntityKind.CHARACTER ? character : kind == EntityKind.ALLIANCE ? alliance : system;
            explain("intel.activity_" + kind.singular(), page.replace("/*ENTITY_KILLMAILS*/",
                    IntelQueries.activityKillmails(kind)), kind + " " + id + " kills, first page",
                    Map.of("id", id, "losses", false, "include_npc", false,
                            "before_time", ActivityCursor.START.time().atOffset(ZoneOffset.UTC),
                            "before_id", Long.MAX_VALUE, "page_size", 51));
            time("activity " + kind.singular() + " kills page 1",
                    () -> intel.activity(kind, id, IntelQueries.Side.KILLS, ActivityCursor.START, false, 50));
        }
        explain("intel.killmail_detail", NamedSql.load(IntelQueries.class, "killmail_detail").sql(),
                "killmail " + killmailId + " (the most attackers)", Map.of("id", killmailId));
        time("killmail detail (largest)", () -> intel.killmail(killmailId));
        DateRange days7 = DateRange.resolve("7d", null, null, Clock.systemUTC());
        explain("intel.top_entities", NamedSql.load(IntelQueries.class, "top_entities").sql(), "characters, 7d, by kills",
                Map.of("kind", 1, "since", days7.since(), "until", days7.until(), "by_isk", false, "include_npc", false,
                        "limit", 10));
        time("top characters 7d", () -> intel.top(EntityKind.CHARACTER, days7, IntelQueries.TopOrder.KILLS, false, 10));
        time("top alliances 90d by isk", () -> intel.top(EntityKind.ALLIANCE, days90, IntelQueries.TopOrder.ISK, false, 10));
        explain("intel.search", NamedSql.load(IntelQueries.class, "search").sql(), "q = 'pilot a'",
                Map.of("term", "pilot a", "prefix_low", "pilot a", "prefix_high", "pilot a\uDBFF\uDFFF",
                        "prefix_like", "pilot a%"));
        time("search 'pilot a'", () -> intel.search("pilot a"));
        time("search 'sys'", () -> intel.search("sys"));

        try (HttpServer http = HttpServer.start(0, new Readiness(db, List.of()), Metrics.newRegistry(),
                new IntelRoutes(intel, Clock.systemUTC()))) {
            HttpClient client = HttpClient.newHttpClient();
            for (String path : List.of("/api/v1/alliances/" + alliance, "/api/v1/characters/" + character,
                    "/api/v1/alliances/" + alliance + "/kills", "/api/v1/killmails/" + killmailId)) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build();
                time("HTTP GET " + path, () -> {
                    try {
                        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
    }

    private long busiest(int kind, DateRange range) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT entity_id FROM entity_daily
                WHERE entity_kind = :kind AND day >= :since AND day < :until AND NOT npc AND (entity_kind <> 1 OR entity_id > 3999999)
                GROUP BY entity_id ORDER BY sum(kills) DESC LIMIT 1""")
                .bind("kind", kind).bind("since", range.since()).bind("until", range.until())
                .mapTo(Long.class).one());
    }

    private void explain(String name, String sql, String label, Map<String, Object> params) {
        List<String> plan = db.jdbi().withHandle(h -> {
            var q = h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql);
            params.forEach(q::bind);
            return q.mapTo(String.class).list();
        });
        System.out.println("### " + name + " — " + label + "\n\n```");
        plan.forEach(System.out::println);
        System.out.println("```\n");
    }

    private static void time(String what, Supplier<Object> query) {
        for (int i = 0; i < 20; i++) {
            query.get();
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("| %s | %.2f | %.2f | %.2f |%n", what, nanos[RUNS / 2] / 1e6, nanos[RUNS * 95 / 100] / 1e6,
                nanos[RUNS * 99 / 100] / 1e6);
    }
}
