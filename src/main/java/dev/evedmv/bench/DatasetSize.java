package dev.evedmv.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * How much data a benchmark ran on: stored killmails and participant rows. Participant rows are
 * counted as killmails plus their summed attacker counts (one row for the victim and one for each
 * attacker, NPCs included, as ingest stores them): one scan of {@code killmails} instead of the
 * far larger {@code participants}, and without the pool's statement timeout, so that a busy
 * server does not make the count fail.
 */
public record DatasetSize(long killmails, long participants) {
    private static final NamedSql NO_TIMEOUT = NamedSql.of("bench.dataset_no_timeout", "SET LOCAL statement_timeout = 0");
    private static final NamedSql COUNTS = NamedSql.of("bench.dataset_size",
            "SELECT count(*) AS killmails, count(*) + coalesce(sum(attacker_count), 0) AS participants FROM killmails");

    public static DatasetSize of(Database db) {
        return db.jdbi().inTransaction(h -> {
            NO_TIMEOUT.update(h).execute();
            return COUNTS.query(h)
                    .map((rs, ctx) -> new DatasetSize(rs.getLong("killmails"), rs.getLong("participants"))).one();
        });
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("killmails", killmails);
        m.put("participants", participants);
        return m;
    }
}
