-- What backfill learnt of a source's days in [since, until) last time.
SELECT day, listed, etag, last_modified, bytes, killmails, stored, fetched, failed, checked_at, outcome, detail
FROM backfill_days
WHERE source = :source AND day >= :since AND day < :until
