/**
 * Caching of intel answers: a per-process Caffeine cache ({@link dev.evedmv.cache.QueryCache}) of
 * serialized answers with their ETags, an optional shared Redis layer ({@link dev.evedmv.cache.RedisCache}),
 * invalidation on ingest through PostgreSQL {@code NOTIFY} ({@link dev.evedmv.cache.Invalidations} sends
 * inside the ingest transaction, {@link dev.evedmv.cache.InvalidationListener} receives on a dedicated
 * connection), and a warmer that keeps the hottest answers fresh ({@link dev.evedmv.cache.CacheWarmer}).
 */
package dev.evedmv.cache;
