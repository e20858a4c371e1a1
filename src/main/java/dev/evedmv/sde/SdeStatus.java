package dev.evedmv.sde;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * What {@code sde status} shows: the rows in each {@code sde_*} table now, the latest loads with
 * the counts they recorded, and a warning for each table left empty while others are loaded
 * ({@link #gaps}, which the health check reports too).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SdeStatus(Map<String, Long> tables, List<Load> loads, List<String> warnings) {
    private static final NamedSql TABLE_COUNTS = NamedSql.load(SdeStatus.class, "table-counts");
    private static final NamedSql LATEST_LOADS = NamedSql.load(SdeStatus.class, "latest-loads");

    /** One row of {@code sde_loads}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Load(long loadId, String source, String format, String build, Instant loadedAt, long durationMs,
                       Map<String, Integer> rowCounts, Map<String, Map<String, Long>> changes) {
    }

    public SdeStatus {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        loads = List.copyOf(loads);
        warnings = List.copyOf(warnings);
    }

    /** The table counts and the {@code limit} latest loads, newest first. */
    public static SdeStatus read(Database db, ObjectMapper mapper, int limit) {
        return db.jdbi().withHandle(handle -> {
            Map<String, Long> tables = tableCounts(handle);
            List<Load> loads = LATEST_LOADS.query(handle).bind("limit", limit)
                    .map((rs, ctx) -> new Load(rs.getLong("load_id"), rs.getString("source"), rs.getString("format"),
                            rs.getString("build"), rs.getObject("loaded_at", OffsetDateTime.class).toInstant(),
                            rs.getLong("duration_ms"),
                            parse(mapper, rs.getString("row_counts"), new TypeReference<Map<String, Integer>>() { }),
                            parse(mapper, rs.getString("changes"), new TypeReference<Map<String, Map<String, Long>>>() { })))
                    .list();
            return new SdeStatus(tables, loads, gaps(tables));
        });
    }

    /** Rows per table, by {@link SdeTable#key()}, in the order of {@link SdeTable}. */
    static Map<String, Long> tableCounts(Handle handle) {
        Map<String, Object> counts = TABLE_COUNTS.query(handle).mapToMap().one();
        Map<String, Long> tables = new LinkedHashMap<>();
        for (SdeTable table : SdeTable.values()) {
            tables.put(table.key(), ((Number) counts.get(table.key())).longValue());
        }
        return tables;
    }

    /**
     * A warning for each empty table while another is loaded (nothing loaded at all is a fresh
     * database: its first import loads the bundled subset); none when every table has rows.
     */
    public static List<String> gaps(Handle handle) {
        return gaps(tableCounts(handle));
    }

    private static List<String> gaps(Map<String, Long> tables) {
        if (tables.values().stream().allMatch(rows -> rows == 0)) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        for (SdeTable table : SdeTable.values()) {
            if (tables.get(table.key()) == 0) {
                warnings.add("no " + table.key() + " loaded: " + consequence(table) + "; 'sde load' of any source "
                        + "fills empty tables from the bundled subset, then 'db rederive' corrects the stored killmails");
            }
        }
        return warnings;
    }

    private static String consequence(SdeTable table) {
        return switch (table) {
            case CATEGORIES, GROUPS, TYPES -> "no ship type is recognised, so no killmail is flagged solo";
            case REGIONS -> "regions have no names";
            case CONSTELLATIONS -> "systems of zKillboard's files cannot be placed in their regions";
            case SYSTEMS -> "killmails get no region and no security band";
            case FACTIONS, NPC_CORPORATIONS -> "NPC corporations and factions that ESI has not named show as ids";
        };
    }

    private static <T> T parse(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sde_loads holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
