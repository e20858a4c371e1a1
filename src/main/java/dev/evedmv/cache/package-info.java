/**
 * Caching of intel answers: a per-process Caffeine cache ({@link dev.evedmv.cache.QueryCache}) of
 * serialized answers with their ETags, filled from an {@link dev.evedmv.cache.AnswerSource} (the
 * database, or {@link dev.evedmv.cache.SharedAnswers}: Redis as a second level in front of it);
 * invalidation on ingest through PostgreSQL {@code NOTIFY} ({@link dev.evedmv.cache.Invalidations} sends
 * inside the ingest transaction, {@link dev.evedmv.cache.InvalidationListener} receives on a dedicated
 * connection, the {@link dev.evedmv.cache.InvalidationIndex} names the keys each entity's answers are
 * cached under), and a warmer that keeps the hottest answers fresh ({@link dev.evedmv.cache.CacheWarmer}).
 */
package dev.evedmv.cache;
