package dev.evedmv.readmodel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.TopRankings;

/**
 * {@code top_rankings}: per window and entity kind, the first players by kills and by ISK over the
 * window's settled days, as its build record in {@code top_ranking_builds} says it counted them.
 */
final class TopRankingsTable implements DerivedTable {
    private static final NamedSql BUILDS = NamedSql.load(TopRankingsTable.class, "top_rankings_builds");
    private static final NamedSql CHECK = NamedSql.load(TopRankingsTable.class, "top_rankings_check");
    private static final NamedSql SHAPE = NamedSql.load(TopRankingsTable.class, "top_rankings_shape");
    private static final NamedSql ROWS = NamedSql.of("readmodel.top_rankings_rows", "SELECT count(*) FROM top_rankings");

    /** A build record, and whether its days' versions still sum to what it recorded. */
    private record Build(int kind, int window, LocalDate since, LocalDate until, boolean current) {
    }

    @Override
    public String name() {
        return "top_rankings";
    }

    @Override
    public String builtFrom() {
        return "entity_daily (which verify checks against participants): TopRankings.build ranks each kind over the "
                + "settled days of every window and records what it counted in top_ranking_builds. Verify recomputes "
                + "each current ranking from entity_daily over the days its build record names, the late deltas "
                + "logged since (late_rollup_deltas) taken off, and compares every rank and the complete flag; a "
                + "ranking whose days were written since (stale, and so not read) is only checked for its shape: "
                + "ranks without a gap, in order, as many as its build says";
    }

    @Override
    public String freshness() {
        return "top_ranking_builds: the days each ranking counts and the sum of their rollup_days versions when it was "
                + "built; a top list uses a ranking only while that sum holds (late kills on its days are corrected "
                + "from late_rollup_deltas), and the background refresh builds again a kind whose sum moved or whose "
                + "settled days moved on";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        List<Build> builds = database.jdbi().withHandle(h -> BUILDS.query(h)
                .map((rs, ctx) -> new Build(rs.getInt("entity_kind"), rs.getInt("window_days"),
                        rs.getObject("since", LocalDate.class), rs.getObject("until", LocalDate.class),
                        rs.getBoolean("current"))).list());
        Set<String> recomputed = new TreeSet<>();
        // one recomputation per kind and until, in one snapshot with the rankings and their records
        Map<String, List<Build>> groups = new LinkedHashMap<>();
        for (Build b : builds) {
            if (b.current() && days.meets(b.since(), b.until())) {
                groups.computeIfAbsent(b.kind() + " " + b.until(), k -> new ArrayList<>()).add(b);
                recomputed.add(b.kind() + " " + b.window());
            }
        }
        Verification found = Verification.NONE;
        for (List<Build> group : groups.values()) {
            long chunkStart = System.nanoTime();
            Build first = group.get(0);
            Verification v = database.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
                h.execute("SET LOCAL statement_timeout = 0");
                h.execute("SET LOCAL work_mem = '256MB'");
                var check = CHECK.query(h).bind("kind", first.kind()).bind("until", first.until())
                        .bind("length", TopRankings.LENGTH)
                        .bind("windows", group.stream().mapToInt(Build::window).toArray());
                for (int window : TopRankings.WINDOWS) {
                    LocalDate since = group.stream().filter(b -> b.window() == window).map(Build::since).findFirst()
                            .orElse(first.until());
                    check.bind("since_" + (window == 0 ? "all" : window), since);
                }
                return Checks.one(check);
            });
            progress.line(Checks.line(name(), EntityKind.fromCode(first.kind()).plural(), v, chunkStart));
            found = found.plus(v);
        }
        // the rest (stale rankings, rankings without a build record) only by their shape
        long shapeStart = System.nanoTime();
        Verification shape = database.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long rows = ROWS.query(h).mapTo(Long.class).one();
            List<String> problems = SHAPE.query(h).bind("length", TopRankings.LENGTH)
                    .map((rs, ctx) -> Map.entry(rs.getInt("entity_kind") + " " + rs.getInt("window_days"),
                            rs.getString("difference")))
                    .list().stream().filter(e -> !recomputed.contains(e.getKey())).map(Map.Entry::getValue).sorted().toList();
            return new Verification(rows, problems.size(), problems.stream().limit(Verification.SAMPLES).toList());
        });
        progress.line(Checks.line(name(), "shape of every ranking", shape, shapeStart));
        // every row is checked once by its shape, the current ones again against a recomputation
        Verification total = found.plus(shape);
        return new Verification(shape.rowsChecked(), total.differences(), total.samples());
    }
}
