package dev.evedmv.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.db.ExplainableQuery;
import dev.evedmv.db.NamedSql;

/**
 * {@code db explain}: runs registered queries under {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)}
 * and flags what hurts at scale: a sequential scan of a large table, a time-ranged query that
 * reads more than one monthly partition, a sort that spills to disk. Features add their
 * queries to the registry ({@link #register}); {@link #withApplicationQueries} holds the ones
 * this build has.
 */
public final class QueryExplainer {
    private static final Pattern MONTHLY = Pattern.compile("^(killmails|killmail_payloads|participants)_\\d{4}_\\d{2}$");
    private static final NamedSql TABLE_ROWS = NamedSql.of("ops.explain_table_rows",
            "SELECT coalesce((SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(quote_ident(:rel))), 0)");

    /** The outcome for one query; blocks read are the plan's total (a root node counts its children's). */
    public record Result(String query, double executionMs, long sharedBlocksRead, List<String> flags) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("query", query);
            m.put("execution_ms", executionMs);
            m.put("shared_blocks_read", sharedBlocksRead);
            m.put("flags", flags);
            return m;
        }
    }

    private final Database database;
    private final long largeTableRows;
    private final Map<String, ExplainableQuery> registry = new LinkedHashMap<>();

    /** {@code largeTableRows}: a sequential scan estimated above this many rows is flagged. */
    public QueryExplainer(Database database, long largeTableRows) {
        this.database = database;
        this.largeTableRows = largeTableRows;
    }

    public QueryExplainer register(ExplainableQuery query) {
        registry.put(query.name(), query);
        return this;
    }

    public List<String> names() {
        return List.copyOf(registry.keySet());
    }

    /** The read-only queries of partitions, health and stats. */
    public QueryExplainer withApplicationQueries() {
        for (String file : List.of("list_partitions", "archive_tables", "archived_partitions_list", "health_invalid_indexes",
                "health_duplicate_indexes", "health_unused_indexes", "health_dead_tuples", "health_wraparound",
                "stats_tables", "stats_ingest")) {
            register(ExplainableQuery.of(NamedSql.load(QueryExplainer.class, file), Map.of()));
        }
        register(ExplainableQuery.of(dev.evedmv.ingest.FeedState.ALL, Map.of()));
        register(ExplainableQuery.of(NamedSql.load(QueryExplainer.class, "health_sessions"), Map.of("seconds", 300.0)));
        return this;
    }

    /** Explains every registered query, or only {@code only}. */
    public List<Result> explain(Optional<String> only) {
        List<ExplainableQuery> chosen = new ArrayList<>();
        if (only.isPresent()) {
            ExplainableQuery q = registry.get(only.get());
            if (q == null) {
                throw new EveDmvException("no explainable query '" + only.get() + "'; known: " + String.join(", ", registry.keySet()));
            }
            chosen.add(q);
        } else {
            chosen.addAll(registry.values());
        }
        List<Result> out = new ArrayList<>();
        for (ExplainableQuery q : chosen) {
            out.add(database.jdbi().withHandle(h -> explain(h, q)));
        }
        return out;
    }

    private Result explain(Handle h, ExplainableQuery q) {
        Map<String, Object> params = q.parameters().apply(h);
        NamedSql explained = NamedSql.of("ops.explain." + q.name(), "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + q.sql().sql());
        Query query = explained.query(h);
        params.forEach(query::bind);
        String json = query.mapTo(String.class).one();
        JsonNode root;
        try {
            root = Json.mapper().readTree(json).get(0);
        } catch (JsonProcessingException e) {
            throw new EveDmvException("cannot read the plan of " + q.name() + ": " + e.getOriginalMessage(), e);
        }
        JsonNode plan = root.get("Plan");
        List<String> flags = new ArrayList<>();
        flags(h, plan, q.timeRange(), flags);
        return new Result(q.name(), root.path("Execution Time").asDouble(), plan.path("Shared Read Blocks").asLong(), flags);
    }

    /** A large table is judged by its estimated size (pg_class.reltuples), not by the rows the scan returns. */
    private void flags(Handle h, JsonNode node, boolean timeRange, List<String> out) {
        String type = node.path("Node Type").asText();
        if (type.equals("Seq Scan")) {
            String rel = node.path("Relation Name").asText();
            long rows = TABLE_ROWS.query(h).bind("rel", rel).mapTo(Long.class).one();
            if (rows > largeTableRows) {
                out.add(String.format(Locale.ROOT, "seq scan of %s (%,d rows estimated)", rel, rows));
            }
        }
        if (timeRange && (type.equals("Append") || type.equals("Merge Append"))) {
            TreeSet<String> partitions = new TreeSet<>();
            for (JsonNode child : node.path("Plans")) {
                String rel = child.path("Relation Name").asText("");
                if (MONTHLY.matcher(rel).matches()) {
                    partitions.add(rel);
                }
            }
            if (partitions.size() > 1) {
                out.add("not pruned: reads " + partitions.size() + " partitions (" + String.join(", ", partitions) + ")");
            }
        }
        String sortMethod = node.path("Sort Method").asText("");
        if (sortMethod.contains("external")) {
            out.add(String.format(Locale.ROOT, "sort spills to disk (%s, %,d kB)", sortMethod, node.path("Sort Space Used").asLong()));
        }
        for (JsonNode child : node.path("Plans")) {
            flags(h, child, timeRange, out);
        }
    }
}
