-- db rederive: the stored participants of the changed killmails, replaced next by rederive_insert_participants.
DELETE FROM participants p
USING rederive_changed c
WHERE p.killmail_id = c.killmail_id AND p.killmail_time = c.killmail_time
  AND p.killmail_time >= CAST(:first AS timestamptz) AND p.killmail_time <= CAST(:last AS timestamptz)
