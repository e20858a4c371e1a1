/**
 * Operating the service: metrics registry, readiness and health checks, performance statistics,
 * monthly partitions (ensure, list, archive to zstd files and restore), {@code db explain}, and
 * the {@code /ops} page.
 */
package dev.evedmv.ops;
