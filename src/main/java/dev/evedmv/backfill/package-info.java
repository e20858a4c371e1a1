/**
 * {@code backfill}: real history in one command. {@link dev.evedmv.backfill.EverefBackfill} reads
 * EVE Ref's {@code totals.json} and imports each day's archive through {@code import}'s exactly-once
 * path, asking conditionally on what it stored for the day last time ({@code backfill_days});
 * {@link dev.evedmv.backfill.ZkillboardRepair} reads zKillboard's daily history dumps and fetches
 * from ESI the killmails not stored; {@link dev.evedmv.backfill.BackfillRecheck} runs both over
 * {@code serve}'s recent days. Depends on {@code ingest} and {@code db} only.
 */
package dev.evedmv.backfill;
