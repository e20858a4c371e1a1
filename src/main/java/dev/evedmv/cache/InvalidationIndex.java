package dev.evedmv.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cached keys an ingest can make stale: the keys of each entity (summaries and activity
 * pages) and the top lists, which every ingest may change. A key is noted before its answer is
 * worked out, and an invalidation takes the keys of the entities it names out of the index, so
 * that it costs time in proportion to those entities and their keys, whatever else the cache holds.
 * Killmail details and search answers are never noted: no ingest changes them.
 */
final class InvalidationIndex {
    /** The group of the top lists, which every ingest touches. */
    private static final Object TOP = new Object();

    private final Map<Object, Set<CacheKey>> groups = new ConcurrentHashMap<>();

    private static Object groupOf(CacheKey key) {
        Entity e = key.entity();
        if (e != null) {
            return e;
        }
        return key.changesOnIngest() ? TOP : null;
    }

    /** Notes {@code key}, whose answer is about to be worked out or is being refreshed. */
    void note(CacheKey key) {
        Object group = groupOf(key);
        if (group != null) {
            groups.compute(group, (g, keys) -> {
                Set<CacheKey> out = keys != null ? keys : ConcurrentHashMap.newKeySet();
                out.add(key);
                return out;
            });
        }
    }

    /** Forgets {@code key}, which left the cache. */
    void forget(CacheKey key) {
        Object group = groupOf(key);
        if (group != null) {
            groups.computeIfPresent(group, (g, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** Takes out and returns the keys an ingest touching {@code touched} may have made stale. */
    List<CacheKey> take(Collection<Entity> touched) {
        List<CacheKey> out = new ArrayList<>();
        if (touched.isEmpty()) {
            return out;
        }
        for (Entity e : touched) {
            Set<CacheKey> keys = groups.remove(e);
            if (keys != null) {
                out.addAll(keys);
            }
        }
        Set<CacheKey> top = groups.remove(TOP);
        if (top != null) {
            out.addAll(top);
        }
        return out;
    }

    void clear() {
        groups.clear();
    }

    /** The keys noted for {@code e}. */
    int keysOf(Entity e) {
        Set<CacheKey> keys = groups.get(e);
        return keys == null ? 0 : keys.size();
    }

    /** The entities (and the top lists' group) with keys noted. */
    int groups() {
        return groups.size();
    }
}
