/**
 * Operating the service: metrics registry, the health checks (over {@link dev.evedmv.health}), performance statistics,
 * monthly partitions (ensure, list, archive to zstd files and restore), {@code db explain}, and
 * the {@code /ops} page.
 */
package dev.evedmv.ops;
