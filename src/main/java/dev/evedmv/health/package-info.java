/**
 * What health is made of, below every package that reports it: {@link dev.evedmv.health.Health}
 * (one status per check and the worst of them, the JSON of {@code GET /health} and
 * {@code health --json}) and {@link dev.evedmv.health.Readiness} (the database answers and has
 * every changeset this build expects: {@code GET /health/ready}). The checks themselves are gathered by
 * {@code ops.HealthChecks}; a feature that has something to report (the Redis layer, for one)
 * returns a {@link dev.evedmv.health.Health.Check}.
 */
package dev.evedmv.health;
