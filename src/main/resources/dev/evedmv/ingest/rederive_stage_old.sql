-- db rederive: the stored participants of the changed killmails, to recompute what they added to the rollups.
INSERT INTO stage_participants
SELECT p.*
FROM participants p
JOIN rederive_changed c ON c.killmail_id = p.killmail_id AND c.killmail_time = p.killmail_time
WHERE p.killmail_time >= CAST(:first AS timestamptz) AND p.killmail_time <= CAST(:last AS timestamptz)
