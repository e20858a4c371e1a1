/**
 * Synthetic data and benchmarks: a deterministic generator of realistic killmails in EVE Ref's
 * archive layout, with the names and prices that go with them.
 */
package dev.evedmv.bench;
