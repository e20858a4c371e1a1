package dev.evedmv.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.evedmv.db.Database;
import dev.evedmv.health.Health;
import dev.evedmv.ingest.RejectedInput;
import dev.evedmv.ingest.RejectedInputs;

/**
 * The {@code /ops} page: one server-rendered HTML page (no script) with the health checks, slow
 * queries with their plans, top statements, pool, partitions and archived months, ingest with the newest rejected input, and feeds. Every value is HTML-escaped.
 */
public final class OpsPage {
    private final Database database;
    private final Supplier<Health> health;
    private final PerformanceStats stats;
    private final Clock clock;

    public OpsPage(Database database, Supplier<Health> health, PerformanceStats stats, Clock clock) {
        this.database = database;
        this.health = health;
        this.stats = stats;
        this.clock = clock;
    }

    public String render() {
        Health h = health.get();
        Map<String, Object> s = stats.collect(10);
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>eve-dmv ops</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:left;vertical-align:top}th{background:#f3f3f3}pre{margin:0;font-size:12px;")
                .append("max-width:70em;overflow:auto}.ok{color:#176b2c}.warn{color:#9a6700}.fail{color:#b42318;")
                .append("font-weight:bold}</style></head><body>");
        out.append("<h1>eve-dmv operations</h1><p>").append(esc(clock.instant().toString())).append(" &middot; overall: ")
                .append(status(h.status())).append("</p>");

        out.append("<h2>Health</h2><table><tr><th>check</th><th>status</th><th>detail</th></tr>");
        for (Health.Check c : h.checks()) {
            out.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(status(c.status()))
                    .append("</td><td>").append(esc(c.detail())).append("</td></tr>");
        }
        out.append("</table>");

        out.append("<h2>Slow queries</h2>");
        table(out, list(s.get("slow_queries")), "no named query over the slow-query threshold yet", "plan");
        Map<String, Object> statements = map(s.get("statements"));
        out.append("<h2>Top statements</h2>");
        if (Boolean.TRUE.equals(statements.get("available"))) {
            table(out, list(statements.get("top")), "no statements recorded", null);
        } else {
            out.append("<p>").append(esc(statements.get("reason"))).append("</p>");
        }
        out.append("<h2>Pool</h2>");
        table(out, List.of(map(s.get("pool"))), "", null);

        Map<String, Object> storage = map(s.get("storage"));
        out.append("<h2>Storage</h2><p>").append(storage.get("killmails")).append(" killmails stored, ")
                .append(storage.get("total_bytes")).append(" bytes in all, ").append(storage.get("bytes_per_killmail"))
                .append(" bytes per killmail; by table, partitions summed under their parent, indexes included:</p>");
        table(out, list(storage.get("tables")), "no tables", null);

        out.append("<h2>Partitions</h2>");
        List<Map<String, Object>> parts = new ArrayList<>();
        for (PartitionManager.Partition p : new PartitionManager(database, clock).list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("partition", p.name());
            row.put("month", p.month());
            row.put("rows (est.)", p.estimatedRows());
            row.put("bytes", p.totalBytes());
            parts.add(row);
        }
        table(out, parts, "no partitions", null);
        out.append("<h3>Archived months</h3>");
        List<Map<String, Object>> archived = new ArrayList<>();
        for (PartitionArchiver.Archived a : new PartitionArchiver(database, clock, PartitionArchiver.Steps.NONE).archived()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("partition", a.partition());
            row.put("month", a.month());
            row.put("rows", a.rows());
            row.put("file", a.file());
            archived.add(row);
        }
        table(out, archived, "none archived", null);

        out.append("<h2>Ingest</h2>");
        table(out, List.of(map(s.get("ingest"))), "", null);
        RejectedInputs.Page rejects = new RejectedInputs(database).list(RejectedInputs.Filter.ALL, 10);
        out.append("<h3>Rejected input</h3><p>").append(rejects.total()).append(" in all")
                .append(rejects.total() > 0 ? "; the newest below, every one with <code>rejects list</code> and "
                        + "<code>rejects show ID</code>" : "").append("</p>");
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (RejectedInput r : rejects.rejects()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id());
            row.put("received at", r.receivedAt());
            row.put("source", r.source());
            row.put("reason", r.reason());
            row.put("payload bytes", r.payloadBytes());
            rejected.add(row);
        }
        if (!rejected.isEmpty()) {
            table(out, rejected, "", null);
        }
        out.append("<h2>Feeds</h2>");
        table(out, list(s.get("feeds")), "no feed has run", null);
        out.append("</body></html>");
        return out.toString();
    }

    private static void table(StringBuilder out, List<Map<String, Object>> rows, String empty, String preColumn) {
        if (rows.isEmpty()) {
            out.append("<p>").append(esc(empty)).append("</p>");
            return;
        }
        out.append("<table><tr>");
        for (String k : rows.get(0).keySet()) {
            out.append("<th>").append(esc(k)).append("</th>");
        }
        out.append("</tr>");
        for (Map<String, Object> r : rows) {
            out.append("<tr>");
            for (Map.Entry<String, Object> e : r.entrySet()) {
                boolean pre = e.getKey().equals(preColumn);
                out.append("<td>").append(pre ? "<details><summary>show</summary><pre>" : "").append(esc(e.getValue()))
                        .append(pre ? "</pre></details>" : "").append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</table>");
    }

    private static String status(Health.Status s) {
        return "<span class=\"" + s.label() + "\">" + s.label() + "</span>";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** HTML-escapes text and attribute values. */
    static String esc(Object value) {
        String s = value == null ? "" : value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
