package dev.evedmv.bench;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.db.ExplainableQuery;
import dev.evedmv.db.NamedSql;
import dev.evedmv.db.PayloadRewrite;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.EntitySummary;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.ops.QueryExplainer;

/**
 * {@code bench baseline}: the original system's character page (every figure from the raw
 * killmail JSON, attacker arrays unnested and filtered by character id) side by side with ours
 * for the same characters and window — our summary through {@link IntelQueries} (uncached, one
 * round trip, read into its record) and, as the floor, our summary SQL's own execution time in
 * the server (EXPLAIN ANALYZE). The payloads are stored compressed, so the baseline's time
 * includes decoding its window's payloads on the fly. Characters are picked by activity: the
 * busiest, the 10th, the 100th… busiest of the window.
 */
public final class BaselineBenchmark {
    private static final NamedSql BASELINE = NamedSql.load(BaselineBenchmark.class, "baseline_character_page");
    private static final NamedSql SUMMARY = NamedSql.load(IntelQueries.class, "entity_summary");
    private static final NamedSql ASSOCIATE_KILLS = NamedSql.load(IntelQueries.class, "associate_kills");
    private static final NamedSql NO_TIMEOUT = NamedSql.of("bench.baseline_no_timeout", "SET LOCAL statement_timeout = 0");
    /** The window's stored payloads, still compressed, and the table they are decoded into for the baseline's SQL. */
    private static final NamedSql STAGE_WINDOW = NamedSql.of("bench.baseline_stage_window", """
            CREATE TEMP TABLE baseline_compressed ON COMMIT DROP AS
            SELECT killmail_id, killmail_time, esi, zkb FROM killmail_payloads
            WHERE killmail_time >= :since AND killmail_time < :until""");
    private static final NamedSql CREATE_DECODED = NamedSql.of("bench.baseline_create_decoded", """
            CREATE TEMP TABLE baseline_payloads (killmail_id bigint, killmail_time timestamptz, esi jsonb, zkb jsonb)
            ON COMMIT DROP""");

    /** One character's figures: times in milliseconds (medians over the repeats). */
    public record Row(int rank, long characterId, long kills, long baselineKills, double baselineMs, double oursMs,
                      double floorMs) {
        public double baselineToOurs() {
            return oursMs <= 0 ? 0 : baselineMs / oursMs;
        }

        public double oursToFloor() {
            return floorMs <= 0 ? 0 : oursMs / floorMs;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("activity_rank", rank);
            m.put("character_id", characterId);
            m.put("kills", kills);
            m.put("baseline_kills", baselineKills);
            m.put("baseline_ms", round(baselineMs));
            m.put("ours_ms", round(oursMs));
            m.put("floor_ms", round(floorMs));
            m.put("baseline_to_ours", round(baselineToOurs()));
            m.put("ours_to_floor", round(oursToFloor()));
            return m;
        }
    }

    /** Every row, with the window and the totals over all characters. */
    public record Result(DateRange window, int repeats, List<Row> rows) {
        public double totalBaselineMs() {
            return rows.stream().mapToDouble(Row::baselineMs).sum();
        }

        public double totalOursMs() {
            return rows.stream().mapToDouble(Row::oursMs).sum();
        }

        public double totalFloorMs() {
            return rows.stream().mapToDouble(Row::floorMs).sum();
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("window", Map.of("since", window.since().toString(), "until", window.until().toString()));
            m.put("repeats", repeats);
            m.put("characters", rows.stream().map(Row::toJson).toList());
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("baseline_ms", round(totalBaselineMs()));
            total.put("ours_ms", round(totalOursMs()));
            total.put("floor_ms", round(totalFloorMs()));
            total.put("baseline_to_ours", round(totalOursMs() <= 0 ? 0 : totalBaselineMs() / totalOursMs()));
            total.put("ours_to_floor", round(totalFloorMs() <= 0 ? 0 : totalOursMs() / totalFloorMs()));
            m.put("total", total);
            return m;
        }
    }

    private final Database db;

    public BaselineBenchmark(Database db) {
        this.db = db;
    }

    /**
     * Measures the characters at activity ranks 1, 10, 100, … ({@code characters} of them, fewer
     * when the data has fewer characters), each {@code repeats} times.
     */
    public Result run(int characters, int repeats) {
        if (characters < 1 || repeats < 1) {
            throw new IllegalArgumentException("--characters and --repeat must be at least 1");
        }
        int deepest = (int) Math.min(1_000_000, Math.pow(10, characters - 1));
        QueryWorkload workload = QueryWorkload.load(db, deepest);
        List<Long> ranked = workload.ranked(EntityKind.CHARACTER);
        if (ranked.isEmpty()) {
            throw new EveDmvException("the database holds no player characters' kills to compare; import or generate some first");
        }
        DateRange window = new DateRange(workload.since(), workload.until());
        IntelQueries ours = new IntelQueries(db);
        List<Row> rows = new ArrayList<>();
        for (int i = 0, rank = 1; i < characters && rank <= ranked.size(); i++, rank *= 10) {
            long id = ranked.get(rank - 1);
            double[] baseline = new double[repeats];
            double[] mine = new double[repeats];
            double[] floor = new double[repeats];
            long kills = 0;
            long baselineKills = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                String page = baseline(id, window);
                baseline[r] = (System.nanoTime() - t0) / 1e6;
                baselineKills = kills(page);
                t0 = System.nanoTime();
                EntitySummary summary = ours.summary(EntityKind.CHARACTER, id, window, false,
                        IntelQueries.SUMMARY_LIST_DEFAULT);
                mine[r] = (System.nanoTime() - t0) / 1e6;
                kills = summary.kills();
                floor[r] = floor(id, window);
            }
            rows.add(new Row(rank, id, kills, baselineKills, median(baseline), median(mine), median(floor)));
        }
        return new Result(window, repeats, rows);
    }

    /**
     * The original system's page over the raw JSON. The payloads are stored compressed, which the
     * server cannot read, so the window's payloads are decoded on the fly first (in this process,
     * into a temporary jsonb table the page's SQL reads), and that is timed with it.
     */
    private String baseline(long id, DateRange window) {
        OffsetDateTime since = window.since().atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
        OffsetDateTime until = window.until().atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
        return db.jdbi().inTransaction(h -> {
            NO_TIMEOUT.update(h).execute(); // the baseline may well outlast the pool's statement_timeout
            STAGE_WINDOW.update(h).bind("since", since).bind("until", until).execute();
            CREATE_DECODED.update(h).execute();
            try {
                PayloadRewrite.decompress(h.getConnection(), "baseline_compressed", "baseline_payloads");
            } catch (SQLException e) {
                throw new EveDmvException("decoding the window's payloads failed: " + e.getMessage(), e);
            }
            return BASELINE.query(h).bind("id", id).bind("since", since).bind("until", until).mapTo(String.class).one();
        });
    }

    /** The database's time for our character page: the summary's query and its associates' kills, as EXPLAIN ANALYZE times them. */
    private double floor(long id, DateRange window) {
        QueryExplainer explainer = new QueryExplainer(db, Long.MAX_VALUE)
                .register(new ExplainableQuery("bench.floor", SUMMARY, h -> Map.of("kind", EntityKind.CHARACTER.code(),
                        "id", id, "since", window.since(), "until", window.until(), "include_npc", false,
                        "limit", IntelQueries.SUMMARY_LIST_DEFAULT), false))
                .register(new ExplainableQuery("bench.floor_associates", ASSOCIATE_KILLS, h -> Map.of("id", id,
                        "since", window.since(), "until", window.until(), "include_npc", false), false));
        return explainer.explain(Optional.of("bench.floor")).get(0).executionMs()
                + explainer.explain(Optional.of("bench.floor_associates")).get(0).executionMs();
    }

    private static long kills(String page) {
        try {
            return Json.mapper().readTree(page).path("kills").asLong();
        } catch (JsonProcessingException e) {
            throw new EveDmvException("cannot read the baseline's answer: " + e.getOriginalMessage(), e);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
