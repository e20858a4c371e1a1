/**
 * Getting killmails in: the exactly-once writer (directory gate, COPY, rollups in the same
 * transaction), rejected input, archive import, the live feeds (R2Z2, wanderer-kills SSE), and
 * {@code db rederive} (stored killmails derived again from their payloads, see {@link dev.evedmv.ingest.Rederivation}).
 */
package dev.evedmv.ingest;
