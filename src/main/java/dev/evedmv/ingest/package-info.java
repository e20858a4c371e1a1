/**
 * Getting killmails in: the exactly-once writer (directory gate, COPY, rollups in the same
 * transaction), rejected input, archive import, and the live feeds (R2Z2, wanderer-kills SSE).
 */
package dev.evedmv.ingest;
