package dev.evedmv.sde;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * Writes an {@link SdeSet} into the {@code sde_*} tables in one transaction: COPY into temporary
 * staging tables, then one upsert per table that touches only rows that differ, then (when the
 * set has a types file) a delete of the types it no longer lists, then (when it has factions or NPC
 * corporations) their names into {@code names} for ids without one, then a row in {@code sde_loads}.
 * Tables the set has no file for are not touched. Any failure rolls the whole load back.
 */
public final class SdeLoader {
    private static final NamedSql LOCK = NamedSql.load(SdeLoader.class, "lock-loads");
    private static final NamedSql CREATE_STAGING = NamedSql.load(SdeLoader.class, "create-staging");
    private static final NamedSql ANALYZE_STAGING = NamedSql.load(SdeLoader.class, "analyze-staging");
    private static final NamedSql RESOLVE_SYSTEM_REGIONS = NamedSql.load(SdeLoader.class, "resolve-system-regions");
    private static final NamedSql UNRESOLVED_SYSTEMS = NamedSql.load(SdeLoader.class, "unresolved-systems");
    private static final NamedSql UPSERT_TYPE_NAMES = NamedSql.load(SdeLoader.class, "upsert-type-names");
    private static final NamedSql DELETE_ABSENT_TYPES = NamedSql.load(SdeLoader.class, "delete-absent-types");
    private static final NamedSql NAME_NPC_ENTITIES = NamedSql.load(SdeLoader.class, "name-npc-entities");
    private static final NamedSql INSERT_LOAD = NamedSql.load(SdeLoader.class, "insert-load");
    private static final Map<SdeTable, NamedSql> COPY = perTable("copy-");
    private static final Map<SdeTable, NamedSql> UPSERT = perTable("upsert-");

    private final Database db;
    private final ObjectMapper mapper;

    public SdeLoader(Database db, ObjectMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /**
     * A source read and rendered as COPY data: everything of a load that needs no database, so
     * that it can run while the database starts.
     *
     * @param preparedNanos time spent reading and rendering, counted in the load's duration
     */
    public record Prepared(SdeSet set, Map<SdeTable, String> copyData, long preparedNanos) {
        public Prepared {
            copyData = Map.copyOf(copyData);
        }
    }

    /** Reads the source at {@code path} and renders it. */
    public static Prepared prepare(SdeReader reader, Path path) {
        long started = System.nanoTime();
        SdeSet set = reader.read(path);
        return prepare(set, System.nanoTime() - started);
    }

    /** Renders a set already read; {@code readNanos} is the time its reading took. */
    public static Prepared prepare(SdeSet set, long readNanos) {
        long started = System.nanoTime();
        Map<SdeTable, String> copyData = new EnumMap<>(SdeTable.class);
        for (SdeTable table : SdeTable.values()) {
            if (set.has(table)) {
                StringBuilder csv = new StringBuilder(set.rows(table).size() * 64);
                rowWriter(table).accept(set.rows(table), csv);
                copyData.put(table, csv.toString());
            }
        }
        return new Prepared(set, copyData, readNanos + System.nanoTime() - started);
    }

    /** Reads the source at {@code path} and loads it; the recorded duration covers both. */
    public SdeLoadResult load(Path path) {
        return load(prepare(new SdeReader(mapper), path));
    }

    /** Loads a prepared source; the recorded duration is its preparation plus the time of writing. */
    public SdeLoadResult load(Prepared prepared) {
        SdeSet set = prepared.set();
        long startedNanos = System.nanoTime() - prepared.preparedNanos();
        return db.jdbi().inTransaction(handle -> {
            LOCK.query(handle).mapTo(Integer.class).one();
            CREATE_STAGING.update(handle).execute();
            for (SdeTable table : SdeTable.values()) {
                if (set.has(table)) {
                    copy(handle, table, set.source(), prepared.copyData().get(table));
                }
            }
            ANALYZE_STAGING.update(handle).execute();
            if (set.has(SdeTable.SYSTEMS)) {
                resolveSystemRegions(handle, set);
            }
            Map<SdeTable, SdeLoadResult.TableChanges> changes = new EnumMap<>(SdeTable.class);
            for (SdeTable table : SdeTable.values()) {
                if (!set.has(table)) {
                    continue;
                }
                NamedSql upsert = table == SdeTable.TYPES && !set.typesDetailed() ? UPSERT_TYPE_NAMES : UPSERT.get(table);
                Written written = upsert.query(handle)
                        .map((rs, ctx) -> new Written(rs.getLong("inserted"), rs.getLong("updated")))
                        .one();
                long deleted = table == SdeTable.TYPES ? DELETE_ABSENT_TYPES.update(handle).execute() : 0;
                int sourceRows = set.sourceRows().get(table);
                changes.put(table, new SdeLoadResult.TableChanges(sourceRows, sourceRows - set.rows(table).size(),
                        written.inserted(), written.updated(), deleted));
            }
            if (set.has(SdeTable.FACTIONS) || set.has(SdeTable.NPC_CORPORATIONS)) {
                NAME_NPC_ENTITIES.update(handle).execute();
            }
            long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
            String format = SdeLoadResult.formatLabel(set.formats());
            Recorded recorded = INSERT_LOAD.query(handle)
                    .bind("source", set.source())
                    .bind("format", format)
                    .bind("build", set.build())
                    .bind("durationMs", (int) Math.min(Integer.MAX_VALUE, durationMs))
                    .bind("rowCounts", json(rowCounts(changes)))
                    .bind("changes", json(changeCounts(changes)))
                    .map((rs, ctx) -> new Recorded(rs.getLong("load_id"),
                            rs.getObject("loaded_at", OffsetDateTime.class).toInstant()))
                    .one();
            return new SdeLoadResult(recorded.loadId(), recorded.loadedAt(), set.source(), set.formats(), set.build(),
                    durationMs, changes);
        });
    }

    private record Written(long inserted, long updated) {
    }

    private record Recorded(long loadId, Instant loadedAt) {
    }

    private void resolveSystemRegions(Handle handle, SdeSet set) {
        RESOLVE_SYSTEM_REGIONS.update(handle).execute();
        Map<String, Object> unresolved = UNRESOLVED_SYSTEMS.query(handle).mapToMap().one();
        long count = ((Number) unresolved.get("systems")).longValue();
        if (count > 0) {
            throw new SdeFormatException(count + " solar systems of " + set.source()
                    + " have no region and their constellation is unknown (e.g. constellation "
                    + unresolved.get("example_constellation") + "): load the constellations with them");
        }
    }

    private static void copy(Handle handle, SdeTable table, String source, String csv) {
        try {
            // COPY runs on the transaction's connection but outside Jdbi, so its time shows in the load's duration only
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(COPY.get(table).sql(), new StringReader(csv));
        } catch (SQLException | IOException e) {
            throw new EveDmvException("COPY of " + table.key() + " from " + source + " failed: " + e.getMessage(), e);
        }
    }

    private static BiConsumer<List<?>, StringBuilder> rowWriter(SdeTable table) {
        return switch (table) {
            case CATEGORIES -> (rows, out) -> rows.forEach(r -> {
                SdeSet.Category c = (SdeSet.Category) r;
                line(out, c.categoryId(), text(c.name()), c.published());
            });
            case GROUPS -> (rows, out) -> rows.forEach(r -> {
                SdeSet.Group g = (SdeSet.Group) r;
                line(out, g.groupId(), g.categoryId(), text(g.name()), g.published());
            });
            case TYPES -> (rows, out) -> rows.forEach(r -> {
                SdeSet.Type t = (SdeSet.Type) r;
                line(out, t.typeId(), t.groupId(), text(t.name()), t.published(), t.mass(), t.volume(),
                        t.basePrice() == null ? null : new Plain(t.basePrice()), t.marketGroupId());
            });
            case REGIONS -> (rows, out) -> rows.forEach(r -> {
                SdeSet.Region g = (SdeSet.Region) r;
                line(out, g.regionId(), text(g.name()));
            });
            case CONSTELLATIONS -> (rows, out) -> rows.forEach(r -> {
                SdeSet.Constellation c = (SdeSet.Constellation) r;
                line(out, c.constellationId(), c.regionId(), text(c.name()));
            });
            case SYSTEMS -> (rows, out) -> rows.forEach(r -> {
                SdeSet.SolarSystem s = (SdeSet.SolarSystem) r;
                line(out, s.systemId(), s.constellationId(), s.regionId(), text(s.name()), s.security(),
                        s.securityClass() == null ? null : text(s.securityClass()));
            });
            case FACTIONS -> (rows, out) -> rows.forEach(r -> {
                SdeSet.Faction f = (SdeSet.Faction) r;
                line(out, f.factionId(), text(f.name()), f.corporationId());
            });
            case NPC_CORPORATIONS -> (rows, out) -> rows.forEach(r -> {
                SdeSet.NpcCorporation c = (SdeSet.NpcCorporation) r;
                line(out, c.corporationId(), text(c.name()), c.factionId());
            });
        };
    }

    /** A quoted CSV text cell (COPY's CSV format reads an unquoted empty cell as NULL, a quoted one as ''). */
    private record Quoted(String value) {
        @Override
        public String toString() {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
    }

    private record Plain(BigDecimal value) {
        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    private static Quoted text(String value) {
        return new Quoted(value);
    }

    private static void line(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (cells[i] != null) {
                out.append(cells[i]);
            }
        }
        out.append('\n');
    }

    private static Map<String, Integer> rowCounts(Map<SdeTable, SdeLoadResult.TableChanges> changes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        changes.forEach((table, c) -> counts.put(table.key(), c.sourceRows()));
        return counts;
    }

    private static Map<String, Map<String, Long>> changeCounts(Map<SdeTable, SdeLoadResult.TableChanges> changes) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        changes.forEach((table, c) -> {
            Map<String, Long> one = new LinkedHashMap<>();
            one.put("inserted", c.inserted());
            one.put("updated", c.updated());
            one.put("deleted", c.deleted());
            one.put("duplicates", (long) c.duplicates());
            counts.put(table.key(), one);
        });
        return counts;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<SdeTable, NamedSql> perTable(String prefix) {
        Map<SdeTable, NamedSql> sql = new EnumMap<>(SdeTable.class);
        for (SdeTable table : SdeTable.values()) {
            sql.put(table, NamedSql.load(SdeLoader.class, prefix + table.key()));
        }
        return Collections.unmodifiableMap(sql);
    }
}
