-- One day's outcome, replacing what the day's last check recorded.
INSERT INTO backfill_days (source, day, listed, etag, last_modified, bytes, killmails, stored, fetched, failed,
                           checked_at, outcome, detail)
VALUES (:source, :day, :listed, :etag, :last_modified, :bytes, :killmails, :stored, :fetched, :failed,
        :checked_at, :outcome, :detail)
ON CONFLICT (source, day) DO UPDATE SET listed = EXCLUDED.listed, etag = EXCLUDED.etag,
    last_modified = EXCLUDED.last_modified, bytes = EXCLUDED.bytes, killmails = EXCLUDED.killmails,
    stored = EXCLUDED.stored, fetched = EXCLUDED.fetched, failed = EXCLUDED.failed,
    checked_at = EXCLUDED.checked_at, outcome = EXCLUDED.outcome, detail = EXCLUDED.detail
