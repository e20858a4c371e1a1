package dev.evedmv.cli;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.evedmv.Durations;
import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.bench.BaselineBenchmark;
import dev.evedmv.bench.BenchDatabases;
import dev.evedmv.bench.FakeR2z2Server;
import dev.evedmv.bench.LiveBenchmark;
import dev.evedmv.bench.DatasetSize;
import dev.evedmv.bench.IngestBenchmark;
import dev.evedmv.bench.LatencyFigures;
import dev.evedmv.bench.MachineFacts;
import dev.evedmv.bench.QueryBenchmark;
import dev.evedmv.bench.QueryWorkload;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.FeedRunner;
import dev.evedmv.ingest.R2z2Feed;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench ingest | queries | baseline | live}: measured figures, never part of the test run. */
@Command(name = "bench", description = "Benchmarks on generated data.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Queries.class, BenchCommand.Baseline.class,
                BenchCommand.Live.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Durations on the command line: a bare number is seconds, else {@code 500ms}, {@code 60s}, {@code 5m}. */
    static final class Seconds implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip();
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            return Durations.parse(v);
        }
    }

    @Command(name = "ingest", description = "Import N generated killmails into a fresh database and, in the same run, "
            + "COPY the same rows raw into the same indexed tables of another, then into unindexed tables with their "
            + "indexes built afterwards; report the rates, their ratio and the seconds of every table.")
    static final class Ingest implements Runnable {
        private final CliContext context;

        @Option(names = "--killmails", required = true, paramLabel = "N")
        long killmails;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--format", defaultValue = "tar.bz2", description = "Archive format of the generated data: tar.bz2 (default) or tar.gz.")
        String format;

        @Option(names = "--json", description = "Print every figure as JSON.")
        boolean json;

        Ingest(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database admin = context.openDatabase()) {
                IngestBenchmark.Result r = new IngestBenchmark(admin, context.config(), context.registry(), context.clock()).run(
                        killmails, seed, SyntheticKillmails.ArchiveFormat.of(format),
                        Runtime.getRuntime().availableProcessors());
                if (json) {
                    context.out().println(Json.pretty(r.toJson()));
                    return;
                }
                context.out().printf("killmails          %,d (%,d participant rows, %s archives)%n", r.killmails(),
                        r.participants(), r.format());
                context.out().printf("import end to end  %8.1f s  %,10.0f killmails/s%n", r.importSeconds(), r.importRate());
                context.out().printf("raw COPY floor     %8.1f s  %,10.0f killmails/s%n", r.copySeconds(), r.copyRate());
                context.out().printf("ratio              %8.2f%n", r.importRate() / r.copyRate());
                context.out().printf("bulk COPY floor    %8.1f s  %,10.0f killmails/s  (unindexed, then indexes built)%n",
                        r.bulkSeconds(), r.bulkRate());
                context.out().println("table                 raw COPY  bulk COPY  index builds   (seconds; entity_daily: the"
                        + " import's rollup rows, left out of both floors' rates)");
                r.bulk().forEach((table, b) -> context.out().printf("  %-18s %9.1f  %9.1f  %8.1f (%d)%n", table,
                        r.copyTableSeconds().get(table), b.copySeconds(), b.indexSeconds(), b.indexes()));
                if (r.nativeBzip2Seconds() != null) {
                    context.out().printf("bzip2 -dc, 1 core  %8.1f s  (import / bzip2 -dc: %.2f)%n", r.nativeBzip2Seconds(),
                            r.importSeconds() / r.nativeBzip2Seconds());
                }
                context.out().printf("database           %,d bytes per killmail:", Math.round(((Number) r.storage().get("bytes_per_killmail")).doubleValue()));
                for (Map<String, Object> t : (List<Map<String, Object>>) r.storage().get("tables")) {
                    if (((Number) t.get("bytes_per_killmail")).doubleValue() >= 1) {
                        context.out().printf(" %s %s", t.get("table_name"), t.get("bytes_per_killmail"));
                    }
                }
                context.out().println();
                context.out().println("machine            " + r.toJson().get("machine"));
            }
        }
    }

    @Command(name = "queries", description = "C concurrent clients ask a mix of API questions (entity summaries by "
            + "activity, activity lists, killmail detail, top lists, search) of a server for T; report latency "
            + "percentiles and throughput per endpoint family. Any error fails the run.")
    static final class Queries implements Runnable {
        private final CliContext context;

        @Option(names = "--clients", defaultValue = "50", paramLabel = "C", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--duration", defaultValue = "60", paramLabel = "T", converter = Seconds.class,
                description = "Measured time: seconds, or 500ms, 2m (default: ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--warmup", defaultValue = "10", paramLabel = "W", converter = Seconds.class,
                description = "Warm-up before measuring, left out of the figures (default: ${DEFAULT-VALUE} s).")
        Duration warmup;

        @Option(names = "--url", paramLabel = "URL",
                description = "A running server; without it one is started in this process on the configured database.")
        String url;

        @Option(names = "--no-cache", description = "Send Cache-Control: no-cache: every answer comes from the database.")
        boolean noCache;

        @Option(names = "--timeout", defaultValue = "30", paramLabel = "T", converter = Seconds.class,
                description = "A request unanswered after this long is an error (default: ${DEFAULT-VALUE} s).")
        Duration timeout;

        @Option(names = "--ids", defaultValue = "2000", paramLabel = "N",
                description = "Busiest entities of each kind to draw from, by Zipf rank (default: ${DEFAULT-VALUE}).")
        int ids;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--family", split = ",", paramLabel = "F",
                description = "Ask only these endpoint families (comma-separated or repeated): summary_character, "
                        + "summary_corporation, summary_alliance, summary_ship, summary_system, summary_region, "
                        + "activity, killmail, top, search, battle, battles (default: all of them, in the usual mix).")
        List<String> families = List.of();

        @Option(names = "--json", description = "Print every figure as JSON.")
        boolean json;

        Queries(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                Set<QueryWorkload.Family> asked = EnumSet.noneOf(QueryWorkload.Family.class);
                families.forEach(label -> asked.add(QueryWorkload.Family.byLabel(label.strip())));
                QueryWorkload workload = QueryWorkload.load(db, ids).only(asked);
                DatasetSize size = DatasetSize.of(db);
                QueryBenchmark.Result result;
                String target;
                if (url != null) {
                    target = url;
                    result = measure(workload, URI.create(url.endsWith("/") ? url : url + "/"));
                } else {
                    try (ServeStack stack = ServeStack.start(context, db, "127.0.0.1", 0, null)) {
                        target = "in-process serve";
                        result = measure(workload, URI.create("http://127.0.0.1:" + stack.port() + "/"));
                    }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("benchmark", "queries");
                out.put("server", target);
                out.put("window", Map.of("since", workload.since().toString(), "until", workload.until().toString()));
                out.put("families_asked", workload.families().stream().map(f -> f.label).toList());
                out.putAll(result.toJson());
                out.put("drawn_from", workload.describe());
                out.put("dataset", size.toJson());
                out.put("machine", MachineFacts.of(db));
                if (json) {
                    context.out().println(Json.pretty(out));
                } else {
                    print(result, target, workload, size, out);
                }
                if (result.errors() > 0) {
                    throw new EveDmvException("bench queries: " + result.errors() + " of "
                            + (result.total().count() + result.errors()) + " requests failed " + result.errorsByReason());
                }
            }
        }

        private QueryBenchmark.Result measure(QueryWorkload workload, URI base) {
            return new QueryBenchmark(workload, new QueryBenchmark.Options(base, clients, duration, warmup, noCache,
                    timeout, seed)).run();
        }

        private void print(QueryBenchmark.Result r, String target, QueryWorkload workload, DatasetSize size,
                           Map<String, Object> out) {
            var o = context.out();
            o.printf("%s, %d clients, %s measured after %s warm-up, %s, window [%s, %s)%n", target, clients,
                    Durations.format(duration), Durations.format(warmup), noCache ? "Cache-Control: no-cache" : "cached",
                    workload.since(), workload.until());
            o.printf("%-20s %9s %7s %9s %9s %9s %9s %9s%n", "family", "requests", "errors", "req/s", "p50 ms",
                    "p95 ms", "p99 ms", "max ms");
            r.families().forEach((f, figures) -> row(f.label, figures));
            row("all", r.total());
            if (!r.errorsByReason().isEmpty()) {
                o.println("errors by reason   " + r.errorsByReason() + "  e.g. " + r.errorSamples());
            }
            o.printf("warm-up            %,d requests, %,d errors (not counted) %s%n", r.warmupRequests(), r.warmupErrors(),
                    r.warmupErrorsByReason().isEmpty() ? "" : r.warmupErrorsByReason().toString());
            o.printf("dataset            %,d killmails, %,d participant rows%n", size.killmails(), size.participants());
            o.println("machine            " + out.get("machine"));
        }

        private void row(String label, LatencyFigures f) {
            context.out().printf("%-20s %,9d %7d %9.1f %9.2f %9.2f %9.2f %9.2f%n", label, f.count(), f.errors(),
                    f.throughput(), f.p50(), f.p95(), f.p99(), f.max());
        }
    }

    @Command(name = "baseline", description = "The original system's character page (figures from the raw killmail "
            + "JSON, attacker arrays unnested and filtered by character id) beside ours for the same characters and "
            + "window, with our SQL's own execution time as the floor; report the ratios.")
    static final class Baseline implements Runnable {
        private final CliContext context;

        @Option(names = "--characters", defaultValue = "4", paramLabel = "N",
                description = "Characters at activity ranks 1, 10, 100, … (default: ${DEFAULT-VALUE}).")
        int characters;

        @Option(names = "--repeat", defaultValue = "1", paramLabel = "R",
                description = "Runs of each query per character; medians are reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--json", description = "Print every figure as JSON.")
        boolean json;

        Baseline(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                BaselineBenchmark.Result r = new BaselineBenchmark(db).run(characters, repeats);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("benchmark", "baseline");
                out.putAll(r.toJson());
                out.put("dataset", DatasetSize.of(db).toJson());
                out.put("machine", MachineFacts.of(db));
                if (json) {
                    context.out().println(Json.pretty(out));
                    return;
                }
                var o = context.out();
                o.printf("character page over [%s, %s), medians of %d run(s); times in ms%n", r.window().since(),
                        r.window().until(), r.repeats());
                o.printf("%5s %12s %8s %12s %10s %10s %12s %12s%n", "rank", "character", "kills", "raw JSON",
                        "ours", "our SQL", "JSON/ours", "ours/SQL");
                for (BaselineBenchmark.Row row : r.rows()) {
                    o.printf("%5d %12d %,8d %12.1f %10.1f %10.1f %11.1fx %11.2fx%n", row.rank(), row.characterId(),
                            row.kills(), row.baselineMs(), row.oursMs(), row.floorMs(), row.baselineToOurs(),
                            row.oursToFloor());
                }
                o.printf("%-27s %12.1f %10.1f %10.1f %11.1fx %11.2fx%n", "all", r.totalBaselineMs(), r.totalOursMs(),
                        r.totalFloorMs(), r.totalBaselineMs() / r.totalOursMs(), r.totalOursMs() / r.totalFloorMs());
                o.println("dataset            " + out.get("dataset"));
                o.println("machine            " + out.get("machine"));
            }
        }
    }

    @Command(name = "live", description = "A local fake R2Z2 feed publishes generated killmails at R a second while an "
            + "in-process serve (on a fresh database beside the configured one) follows it; report the time from "
            + "publication, and from arrival, to being visible in an API answer.")
    static final class Live implements Runnable {
        private static final String DATABASE = "evedmv_bench_live";
        private final CliContext context;

        @Option(names = "--rate", required = true, paramLabel = "R", description = "Killmails published a second.")
        double rate;

        @Option(names = "--duration", defaultValue = "30", paramLabel = "T", converter = Seconds.class,
                description = "Measured time (default: ${DEFAULT-VALUE} s).")
        Duration duration;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "W", converter = Seconds.class,
                description = "Publishing before measuring, left out of the figures (default: ${DEFAULT-VALUE} s).")
        Duration warmup;

        @Option(names = "--request-interval", defaultValue = "50ms", paramLabel = "D", converter = Seconds.class,
                description = "The feed's least time between two requests (default: ${DEFAULT-VALUE}, R2Z2's 20 a second).")
        Duration requestInterval;

        @Option(names = "--idle-wait", defaultValue = "6s", paramLabel = "D", converter = Seconds.class,
                description = "The feed's wait after reaching the newest sequence (default: ${DEFAULT-VALUE}, as R2Z2 asks).")
        Duration idleWait;

        @Option(names = "--grace", defaultValue = "30", paramLabel = "D", converter = Seconds.class,
                description = "How long after the last publication to wait for killmails to show (default: ${DEFAULT-VALUE} s).")
        Duration grace;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--json", description = "Print every figure as JSON.")
        boolean json;

        Live(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            LiveBenchmark bench = new LiveBenchmark(new LiveBenchmark.Options(rate, duration, warmup, grace, seed));
            LiveBenchmark.Result r;
            Map<String, Object> out = new LinkedHashMap<>();
            try (Database admin = context.openDatabase()) {
                try (Database db = BenchDatabases.fresh(admin, DATABASE, context.config(), context.registry());
                     FakeR2z2Server fake = FakeR2z2Server.start(LiveBenchmark.firstSequence())) {
                    LiveBenchmark.Prepared prepared = bench.prepare(db, context.clock().instant());
                    LiveBenchmark.startFeedAtFirstSequence(db);
                    R2z2Feed.Timing timing = new R2z2Feed.Timing(requestInterval, idleWait, Duration.ofSeconds(60));
                    try (ServeStack stack = ServeStack.start(context, db, "127.0.0.1", 0, new FeedRunner.R2z2(fake.url(), timing))) {
                        r = bench.run(fake, URI.create("http://127.0.0.1:" + stack.port() + "/"), prepared);
                    }
                    out.put("benchmark", "live");
                    out.putAll(r.toJson());
                    out.put("feed", Map.of("request_interval_ms", requestInterval.toMillis(),
                            "idle_wait_ms", idleWait.toMillis()));
                    out.put("dataset", DatasetSize.of(db).toJson());
                    out.put("machine", MachineFacts.of(db));
                } finally {
                    BenchDatabases.drop(admin, DATABASE);
                }
            }
            if (json) {
                context.out().println(Json.pretty(out));
            } else {
                var o = context.out();
                o.printf("fake R2Z2 at %.1f killmails/s (achieved %.1f), %s measured after %s warm-up; feed: a request "
                        + "at most every %s, %s after the newest%n", rate, r.achievedRate(), Durations.format(duration),
                        Durations.format(warmup), Durations.format(requestInterval), Durations.format(idleWait));
                o.printf("published %,d (measured %,d), arrived %,d, visible %,d, not visible %,d, skipped by the feed %,d%n",
                        r.published(), r.measured(), r.arrived(), r.visible(), r.notVisible(), r.skippedByFeed());
                o.printf("%-24s %9s %9s %9s %9s%n", "latency", "p50 ms", "p95 ms", "p99 ms", "max ms");
                row("publication → visible", r.publishToVisible());
                row("arrival → visible", r.arrivalToVisible());
                row("publication → arrival", r.publishToArrival());
                o.println("machine            " + out.get("machine"));
            }
            if (r.skippedByFeed() > 0) {
                throw new EveDmvException("bench live: the feed skipped " + r.skippedByFeed() + " of " + r.measured()
                        + " measured killmails (asked for each just before it was published, then moved past it)"
                        + (r.notVisible() > 0 ? "; " + r.notVisible() + " more were not visible in time" : ""));
            }
            if (r.notVisible() > 0) {
                throw new EveDmvException("bench live: " + r.notVisible() + " of " + r.measured()
                        + " measured killmails were not visible within " + Durations.format(grace) + " of the last publication");
            }
        }

        private void row(String label, LatencyFigures f) {
            context.out().printf("%-24s %9.1f %9.1f %9.1f %9.1f%n", label, f.p50(), f.p95(), f.p99(), f.max());
        }
    }
}
