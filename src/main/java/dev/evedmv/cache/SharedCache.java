package dev.evedmv.cache;

import java.time.Duration;
import java.util.Set;

import dev.evedmv.health.Health;

/**
 * A cache shared by processes, behind the per-process one. Every method gives up after a bounded
 * wait and never throws: a shared cache that is down only costs database queries.
 */
public interface SharedCache extends AutoCloseable {
    /** The cached body, or null when absent or the shared cache does not answer in time. */
    byte[] get(CacheKey key);

    void put(CacheKey key, byte[] body, Duration ttl);

    void remove(CacheKey key);

    /** Drops every answer that an ingest touching {@code touched} may have made stale. */
    void evict(Set<Entity> touched);

    void evictAll();

    /** ok when answering, warn when unreachable or slow (answers then come from the database). */
    Health.Check health();

    @Override
    void close();
}
