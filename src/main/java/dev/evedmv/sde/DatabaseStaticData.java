package dev.evedmv.sde;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@link StaticData} held in memory: every type, system and region read once from the
 * {@code sde_*} tables into id-sorted arrays, looked up by binary search (about 16 steps for
 * 50,000 types, no boxing, no allocation). {@link #refresh()} reads the tables again after a load
 * and swaps the whole snapshot at once, so readers never see half of one load and half of another.
 * A type whose group is not loaded has category 0.
 */
public final class DatabaseStaticData implements StaticData {
    private static final NamedSql READ_TYPES = NamedSql.load(DatabaseStaticData.class, "read-types");
    private static final NamedSql READ_SYSTEMS = NamedSql.load(DatabaseStaticData.class, "read-systems");
    private static final NamedSql READ_REGIONS = NamedSql.load(DatabaseStaticData.class, "read-regions");

    private final Database db;
    private volatile Snapshot snapshot;

    private DatabaseStaticData(Database db) {
        this.db = db;
        this.snapshot = read(db);
    }

    /** Reads the static data tables now. */
    public static DatabaseStaticData load(Database db) {
        return new DatabaseStaticData(db);
    }

    /** Reads the tables again; lookups switch to the new data when it is complete. */
    public void refresh() {
        snapshot = read(db);
    }

    @Override
    public TypeInfo type(int typeId) {
        return snapshot.types.get(typeId);
    }

    @Override
    public SystemInfo system(int systemId) {
        return snapshot.systems.get(systemId);
    }

    @Override
    public String regionName(int regionId) {
        return snapshot.regionNames.get(regionId);
    }

    @Override
    public int typeCount() {
        return snapshot.types.size();
    }

    @Override
    public int systemCount() {
        return snapshot.systems.size();
    }

    /** Number of regions known. */
    public int regionCount() {
        return snapshot.regionNames.size();
    }

    private record Snapshot(IdTable<TypeInfo> types, IdTable<SystemInfo> systems, IdTable<String> regionNames) {
    }

    private record Region(int regionId, String name) {
    }

    private static Snapshot read(Database db) {
        return db.jdbi().withHandle(handle -> {
            List<TypeInfo> types = READ_TYPES.query(handle)
                    .map((rs, ctx) -> new TypeInfo(rs.getInt("type_id"), rs.getString("name"), rs.getInt("group_id"),
                            rs.getInt("category_id"), rs.getBoolean("published")))
                    .list();
            List<SystemInfo> systems = READ_SYSTEMS.query(handle)
                    .map((rs, ctx) -> new SystemInfo(rs.getInt("system_id"), rs.getString("name"),
                            rs.getInt("constellation_id"), rs.getInt("region_id"), rs.getDouble("security")))
                    .list();
            List<Region> regions = READ_REGIONS.query(handle)
                    .map((rs, ctx) -> new Region(rs.getInt("region_id"), rs.getString("name")))
                    .list();
            int[] regionIds = regions.stream().mapToInt(Region::regionId).toArray();
            String[] regionNames = regions.stream().map(Region::name).toArray(String[]::new);
            return new Snapshot(IdTable.of(types, TypeInfo::typeId), IdTable.of(systems, SystemInfo::systemId),
                    new IdTable<>(regionIds, regionNames));
        });
    }

    /** Values sorted by an int id, found by binary search. */
    private static final class IdTable<V> {
        private final int[] ids;
        private final V[] values;

        IdTable(int[] ids, V[] values) {
            this.ids = ids;
            this.values = values;
        }

        @SuppressWarnings("unchecked")
        static <V> IdTable<V> of(List<V> sortedById, ToIntFunction<V> id) {
            int[] ids = new int[sortedById.size()];
            Object[] values = new Object[sortedById.size()];
            for (int i = 0; i < ids.length; i++) {
                values[i] = sortedById.get(i);
                ids[i] = id.applyAsInt(sortedById.get(i));
            }
            return new IdTable<>(ids, (V[]) values);
        }

        V get(int id) {
            int i = Arrays.binarySearch(ids, id);
            return i < 0 ? null : values[i];
        }

        int size() {
            return ids.length;
        }
    }
}
