-- One re-check of serve's recent days, for health.
INSERT INTO backfill_runs (started_at, finished_at, days, missing, repaired, failed_days, detail)
VALUES (:started_at, :finished_at, :days, :missing, :repaired, :failed_days, :detail)
