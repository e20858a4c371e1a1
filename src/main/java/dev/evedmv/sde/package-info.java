/**
 * Static data (EVE SDE): loading CCP JSONL, Fuzzwork CSV and zKillboard data files in bulk into
 * the {@code sde_*} tables, the bundled offline subset, and {@link dev.evedmv.sde.StaticData},
 * the in-process read model used at ingest.
 */
package dev.evedmv.sde;
