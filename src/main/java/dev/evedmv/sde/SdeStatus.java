package dev.evedmv.sde;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * What {@code sde status} shows: the rows in each {@code sde_*} table now, and the latest loads
 * with the counts they recorded.
 */
public record SdeStatus(Map<String, Long> tables, List<Load> loads) {
    private static final NamedSql TABLE_COUNTS = NamedSql.load(SdeStatus.class, "table-counts");
    private static final NamedSql LATEST_LOADS = NamedSql.load(SdeStatus.class, "latest-loads");

    /** One row of {@code sde_loads}. */
    public record Load(long loadId, String source, String format, String build, Instant loadedAt, long durationMs,
                       Map<String, Integer> rowCounts, Map<String, Map<String, Long>> changes) {
    }

    public SdeStatus {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        loads = List.copyOf(loads);
    }

    /** The table counts and the {@code limit} latest loads, newest first. */
    public static SdeStatus read(Database db, ObjectMapper mapper, int limit) {
        return db.jdbi().withHandle(handle -> {
            Map<String, Object> counts = TABLE_COUNTS.query(handle).mapToMap().one();
            Map<String, Long> tables = new LinkedHashMap<>();
            for (SdeTable table : SdeTable.values()) {
                tables.put(table.key(), ((Number) counts.get(table.key())).longValue());
            }
            List<Load> loads = LATEST_LOADS.query(handle).bind("limit", limit)
                    .map((rs, ctx) -> new Load(rs.getLong("load_id"), rs.getString("source"), rs.getString("format"),
                            rs.getString("build"), rs.getObject("loaded_at", OffsetDateTime.class).toInstant(),
                            rs.getLong("duration_ms"),
                            parse(mapper, rs.getString("row_counts"), new TypeReference<Map<String, Integer>>() { }),
                            parse(mapper, rs.getString("changes"), new TypeReference<Map<String, Map<String, Long>>>() { })))
                    .list();
            return new SdeStatus(tables, loads);
        });
    }

    private static <T> T parse(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sde_loads holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
