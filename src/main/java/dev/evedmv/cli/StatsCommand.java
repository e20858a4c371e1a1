package dev.evedmv.cli;

import java.util.List;
import java.util.Map;

import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.ops.PerformanceStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stats [--json]}: the performance summary. */
@Command(name = "stats", description = "Performance summary: tables, top and slow statements, pool, ingest, feeds.",
        mixinStandardHelpOptions = true)
final class StatsCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--json", description = "Print the same JSON as GET /api/v1/ops/stats.")
    boolean json;

    @Option(names = "--limit", defaultValue = "10", description = "Statements listed (default: ${DEFAULT-VALUE}).")
    int limit;

    StatsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        try (Database db = context.openDatabase()) {
            Map<String, Object> stats = new PerformanceStats(db, context.registry()).collect(limit);
            if (json) {
                context.out().println(Json.pretty(stats));
                return;
            }
            context.out().println("tables:");
            for (Map<String, Object> t : (List<Map<String, Object>>) stats.get("tables")) {
                context.out().printf("  %-24s %,12d live %,10d dead %,10d seq scans %,12d index scans %12s%n",
                        t.get("table_name"), t.get("live_rows"), t.get("dead_rows"), t.get("seq_scans"),
                        t.get("index_scans"), PartitionsCommand.humanBytes(((Number) t.get("total_bytes")).longValue()));
            }
            Map<String, Object> storage = (Map<String, Object>) stats.get("storage");
            context.out().printf("storage: %,d killmails, %s, %s bytes per killmail (table + indexes):%n",
                    storage.get("killmails"), PartitionsCommand.humanBytes(((Number) storage.get("total_bytes")).longValue()),
                    storage.get("bytes_per_killmail"));
            for (Map<String, Object> t : (List<Map<String, Object>>) storage.get("tables")) {
                context.out().printf("  %-24s %12s table %12s indexes %10s bytes per killmail%n", t.get("table_name"),
                        PartitionsCommand.humanBytes(((Number) t.get("table_bytes")).longValue()),
                        PartitionsCommand.humanBytes(((Number) t.get("index_bytes")).longValue()), t.get("bytes_per_killmail"));
            }
            Map<String, Object> statements = (Map<String, Object>) stats.get("statements");
            if (Boolean.TRUE.equals(statements.get("available"))) {
                context.out().println("top statements (total time):");
                for (Map<String, Object> s : (List<Map<String, Object>>) statements.get("top")) {
                    context.out().printf("  %10s ms %8s calls %9s ms mean  %s%n", s.get("total_ms"), s.get("calls"),
                            s.get("mean_ms"), s.get("query"));
                }
            } else {
                context.out().println("statements: " + statements.get("reason"));
            }
            context.out().println("pool: " + stats.get("pool"));
            context.out().println("ingest: " + stats.get("ingest"));
            context.out().println("rejected inputs: " + ((Map<String, Object>) stats.get("ingest")).get("rejected")
                    + " ('rejects list' shows them)");
            context.out().println("feeds: " + stats.get("feeds"));
        }
    }
}
