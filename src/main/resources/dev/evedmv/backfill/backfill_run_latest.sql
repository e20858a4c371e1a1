-- serve's latest re-check of its recent days.
SELECT started_at, finished_at, days, missing, repaired, failed_days, detail
FROM backfill_runs ORDER BY run_id DESC LIMIT 1
