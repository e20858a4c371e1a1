-- The exactly-once gate: only ids not stored before come back; a concurrent writer of the same id waits for our commit.
INSERT INTO killmail_directory (killmail_id, killmail_time)
SELECT id, t FROM unnest(:ids, CAST(:times AS timestamptz[])) AS claim(id, t)
ORDER BY id
ON CONFLICT (killmail_id) DO NOTHING
RETURNING killmail_id
