package dev.evedmv.cache;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.cli.CliContext;
import dev.evedmv.db.Database;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.KillmailFixtures;

/**
 * Caching under a Zipf(1.1) workload of entity summaries over HTTP (the most active characters, or
 * with the mix {@code entities} the most active entities of every kind), with one single-killmail
 * import after every ninth request (10% of operations), each a copy of a real killmail's
 * participants, system and region so the entities it touches follow the data's activity. Reports the summary
 * cache's hit rate and latency percentiles of cached answers, of all answers, and of the same
 * workload with {@code Cache-Control: no-cache}. Not a test (it takes a minute); run it with
 * the commands in docs/performance.md ("Caching"), on a data set made by {@code generate} and
 * {@code import} under {@code EVEDMV_HOME} (default target/cache-bench).
 * Arguments: [entities=5000] [cached requests=10000] [uncached requests=500] [warm-up requests=2 × cached]
 * [mix=characters|entities].
 */
public final class CacheBench {
    private static final double ZIPF_S = 1.1;

    private CacheBench() {
    }

    public static void main(String[] args) throws Exception {
        int characters = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int uncachedRequests = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2 * requests;
        boolean allKinds = args.length > 4 && args[4].equals("entities");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("EVEDMV_HOME", Path.of("target", "cache-bench").toAbsolutePath().toString());
        env.put("EVEDMV_SLOW_QUERY_THRESHOLD", "10s");
        Path home = Path.of(env.get("EVEDMV_HOME"));
        CliContext context = new CliContext(env, System.out, System.err, java.time.Clock.systemUTC());
        try (Database db = context.openDatabase()) {
            long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmail_directory")
                    .mapTo(Long.class).one());
            if (stored < 1_000) {
                throw new IllegalStateException("no data set in " + home + ": generate and import one first (docs/performance.md)");
            }
            List<Entity> population = db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT entity_kind, entity_id FROM entity_daily WHERE (entity_kind = 1 OR :all_kinds) AND NOT npc
                    GROUP BY entity_kind, entity_id ORDER BY sum(kills + losses) DESC, entity_kind, entity_id LIMIT :n""")
                    .bind("n", characters).bind("all_kinds", allKinds)
                    .map((rs, ctx) -> new Entity(EntityKind.fromCode(rs.getInt(1)), rs.getLong(2))).list());
            List<Map<String, Object>> templates = db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT killmail_id, array_agg(character_id ORDER BY slot) AS chars,
                           array_agg(corporation_id ORDER BY slot) AS corps,
                           array_agg(alliance_id ORDER BY slot) AS alliances,
                           array_agg(ship_type_id ORDER BY slot) AS ships,
                           min(solar_system_id) AS system, min(region_id) AS region
                    FROM participants WHERE killmail_id IN (SELECT killmail_id FROM killmail_directory ORDER BY killmail_id DESC LIMIT 2000)
                    GROUP BY killmail_id""").mapToMap().list());
            IntelQueries intel = new IntelQueries(db);
            try (QueryCache cache = QueryCache.create(intel, context.config().cache(), null, context.registry());
                 InvalidationListener listener = InvalidationListener.start(db.target(), cache, Clock.systemUTC(),
                    context.registry());
                 HttpServer http = HttpServer.start(0, new Readiness(db, List.of()), context.registry(),
                         new IntelRoutes(cache, Clock.systemUTC()));
                 SocketClient socketClient = new SocketClient(http.port())) {
                listener.awaitListening(java.time.Duration.ofSeconds(10));
                KillmailWriter writer = new KillmailWriter(db, Clock.systemUTC());
                long nextId = db.jdbi().withHandle(h -> h.createQuery("SELECT max(killmail_id) FROM killmail_directory")
                        .mapTo(Long.class).one()) + 1;
                Client[] client = {socketClient, new JdkClient(HttpClient.newHttpClient(), http.port())};
                String base = "/api/v1/";
                System.out.printf(Locale.ROOT, "%,d killmails stored, %,d " + (allKinds ? "entities of every kind" : "characters")
                        + ", %,d requests (cached, after %,d to warm up; "
                        + "%,d uncached), Zipf(%.1f), an import every 10th operation%n", stored,
                        population.size(), requests, warmup, uncachedRequests, ZIPF_S);
                for (boolean cached : new boolean[] {true, false}) {
                    cache.evictAll(false);
                    int n = cached ? requests : uncachedRequests;
                    Set<Entity> asked = new HashSet<>();
                    Result warm = workload(cache, client, base, population, templates, writer, nextId,
                            cached ? warmup : n,
                            cached, new SplittableRandom(1), asked);
                    nextId += warm.imports;
                    Result r = workload(cache, client, base, population, templates, writer, nextId, n, cached,
                            new SplittableRandom(2), asked);
                    nextId += r.imports;
                    r.print(cached ? "cached" : "uncached (Cache-Control: no-cache)");
                    var meters = context.registry();
                    System.out.printf(Locale.ROOT, "  so far: background refreshes queued %.0f, dropped (queue full) %.0f, "
                                    + "late %.0f, run again %.0f; invalidation delay mean %.1f ms, max %.1f ms; load average %s%n",
                            meters.get("evedmv_cache_refreshes").tag("result", "queued").counter().count(),
                            meters.get("evedmv_cache_refreshes").tag("result", "overflow").counter().count(),
                            meters.get("evedmv_cache_refreshes").tag("result", "late").counter().count(),
                            meters.get("evedmv_cache_refreshes").tag("result", "repeated").counter().count(),
                            meters.get("evedmv_cache_invalidation_delay").timer().mean(TimeUnit.MILLISECONDS),
                            meters.get("evedmv_cache_invalidation_delay").timer().max(TimeUnit.MILLISECONDS),
                            loadAverage());
                }
            }
        }
    }

    /**
     * {@code hitNanos}: latencies of the answers served from the cache, by client (blocking socket,
     * JDK HttpClient: requests alternate between them); {@code firstReads}: misses of characters never
     * asked for before in this mode (no cache policy avoids them).
     */
    private record Result(long[][] hitNanos, int hits, long[] allNanos, int imports, double hitRate, int firstReads) {
        void print(String mode) {
            System.out.printf(Locale.ROOT, "%-36s hit rate %5.1f%%  all: p50 %s p95 %s p99 %s  imports %d  misses: %d "
                            + "first reads, %d others%n", mode, 100 * hitRate, ms(allNanos, 0.50), ms(allNanos, 0.95),
                    ms(allNanos, 0.99), imports, firstReads, allNanos.length - hits - firstReads);
            for (int c = 0; c < CLIENTS.length; c++) {
                System.out.printf(Locale.ROOT, "  served from cache, %-22s (%d): p50 %s p95 %s p99 %s%n", CLIENTS[c],
                        hitNanos[c].length, ms(hitNanos[c], 0.50), ms(hitNanos[c], 0.95), ms(hitNanos[c], 0.99));
            }
        }
    }

    private static final String[] CLIENTS = {"blocking socket client", "JDK HttpClient"};

    /** One HTTP GET; the status code. */
    private interface Client {
        int get(String path, boolean noCache) throws IOException, InterruptedException;
    }

    /**
     * HTTP/1.1 GETs over one kept-alive socket, answered on the calling thread: the round trip of
     * the server alone, as load generators such as wrk measure it. The JDK's HttpClient hands every
     * exchange to its selector thread and back, two more thread wake-ups on a machine whose two cores
     * the server, PostgreSQL and the refreshes share.
     */
    private static final class SocketClient implements Client, AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        @Override
        public int get(String path, boolean noCache) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (noCache ? "Cache-Control: no-cache\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            int length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                    in.readNBytes(size);
                    line();
                }
                line();
            } else if (length > 0) {
                in.readNBytes(length);
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private record JdkClient(HttpClient http, int port) implements Client {
        @Override
        public int get(String path, boolean noCache) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            if (noCache) {
                b.header("Cache-Control", "no-cache");
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static Result workload(QueryCache cache, Client[] clients, String base, List<Entity> population,
                                   List<Map<String, Object>> templates, KillmailWriter writer, long firstId,
                                   int requests, boolean cached, SplittableRandom random, Set<Entity> asked)
            throws Exception {
        DateRange range = DateRange.resolve(null, null, null, Clock.systemUTC());
        long[] all = new long[requests];
        long[][] hit = new long[clients.length][requests];
        int[] hitsBy = new int[clients.length];
        int hits = 0;
        int imports = 0;
        int firstReads = 0;
        for (int i = 0; i < requests; i++) {
            if (i % 9 == 8) {
                writer.write(List.of(copyOf(templates.get(random.nextInt(templates.size())), firstId + imports)),
                        "bench", KillmailWriter.InTransaction.NOTHING);
                imports++;
            }
            Entity entity = population.get(zipf(random, population.size()));
            boolean present = cache.contains(CacheKey.summary(entity.kind(), entity.id(), range, false,
                    IntelQueries.SUMMARY_LIST_DEFAULT));
            if (asked.add(entity) && !present) {
                firstReads++;
            }
            int c = i % clients.length;
            long start = System.nanoTime();
            String path = base + entity.kind().plural() + "/" + entity.id();
            int status = clients[c].get(path, !cached);
            long took = System.nanoTime() - start;
            if (status != 200) {
                throw new IllegalStateException("HTTP " + status + " for " + path);
            }
            all[i] = took;
            if (present && cached) {
                hit[c][hitsBy[c]++] = took;
                hits++;
            }
        }
        long[][] hitNanos = new long[clients.length][];
        for (int c = 0; c < clients.length; c++) {
            hitNanos[c] = Arrays.copyOf(hit[c], hitsBy[c]);
        }
        return new Result(hitNanos, hits, all, imports, (double) hits / requests, firstReads);
    }

    private static DerivedKillmail copyOf(Map<String, Object> t, long id) throws java.sql.SQLException {
        Long[] chars = longs(t.get("chars"));
        Long[] corps = longs(t.get("corps"));
        Long[] alliances = longs(t.get("alliances"));
        Long[] ships = longs(t.get("ships"));
        KillmailFixtures.Builder b = killmail(id, Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS)
                .toString()).system(((Number) t.get("system")).intValue(), ((Number) t.get("region")).intValue())
                .victim(victim(chars[0], corps[0], alliances[0], ships[0] == null ? 587 : ships[0].intValue()));
        for (int i = 1; i < chars.length; i++) {
            b.attacker(attacker(chars[i], corps[i], alliances[i], ships[i] == null ? 587 : ships[i].intValue(), i == 1));
        }
        return b.build();
    }

    private static Long[] longs(Object sqlArray) throws java.sql.SQLException {
        Object[] raw = (Object[]) ((java.sql.Array) sqlArray).getArray();
        Long[] out = new Long[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] == null ? null : ((Number) raw[i]).longValue();
        }
        return out;
    }

    /** The 1, 5 and 15 minute load averages of the machine (the run's context: other work slows it). */
    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Rank of a Zipf(s) draw over n items, 0 the most likely (inverse of the continuous power law). */
    private static int zipf(SplittableRandom random, int n) {
        double oneMinusS = 1.0 - ZIPF_S;
        double x = Math.pow((Math.pow(n + 1.0, oneMinusS) - 1.0) * random.nextDouble() + 1.0, 1.0 / oneMinusS);
        return Math.max(0, Math.min(n - 1, (int) x - 1));
    }

    private static String ms(long[] nanos, double q) {
        if (nanos.length == 0) {
            return "-";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.2fms", sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6);
    }
}
