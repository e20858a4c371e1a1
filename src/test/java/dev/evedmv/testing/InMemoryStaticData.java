package dev.evedmv.testing;

import java.util.HashMap;
import java.util.Map;

import dev.evedmv.sde.StaticData;

/** A {@link StaticData} built by hand in tests. */
public final class InMemoryStaticData implements StaticData {
    private final Map<Integer, TypeInfo> types = new HashMap<>();
    private final Map<Integer, SystemInfo> systems = new HashMap<>();
    private final Map<Integer, String> regions = new HashMap<>();

    public InMemoryStaticData type(int typeId, String name, int groupId, int categoryId) {
        types.put(typeId, new TypeInfo(typeId, name, groupId, categoryId, true));
        return this;
    }

    public InMemoryStaticData system(int systemId, String name, int constellationId, int regionId, double security) {
        systems.put(systemId, new SystemInfo(systemId, name, constellationId, regionId, security));
        return this;
    }

    public InMemoryStaticData region(int regionId, String name) {
        regions.put(regionId, name);
        return this;
    }

    @Override
    public TypeInfo type(int typeId) {
        return types.get(typeId);
    }

    @Override
    public SystemInfo system(int systemId) {
        return systems.get(systemId);
    }

    @Override
    public String regionName(int regionId) {
        return regions.get(regionId);
    }

    @Override
    public int typeCount() {
        return types.size();
    }

    @Override
    public int systemCount() {
        return systems.size();
    }

    public Map<Integer, TypeInfo> types() {
        return Map.copyOf(types);
    }

    public Map<Integer, SystemInfo> systems() {
        return Map.copyOf(systems);
    }
}
