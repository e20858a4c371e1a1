package dev.evedmv.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/** How much data a benchmark ran on: stored killmails and participant rows (victims and attackers). */
public record DatasetSize(long killmails, long participants) {
    private static final NamedSql COUNTS = NamedSql.of("bench.dataset_size",
            "SELECT (SELECT count(*) FROM killmail_directory) AS killmails, (SELECT count(*) FROM participants) AS participants");

    public static DatasetSize of(Database db) {
        return db.jdbi().withHandle(h -> COUNTS.query(h)
                .map((rs, ctx) -> new DatasetSize(rs.getLong("killmails"), rs.getLong("participants"))).one());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("killmails", killmails);
        m.put("participants", participants);
        return m;
    }
}
