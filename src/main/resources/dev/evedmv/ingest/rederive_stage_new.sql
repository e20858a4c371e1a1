-- db rederive: the participants of the changed killmails derived again, to compute what they add to the rollups now.
INSERT INTO stage_participants
SELECT q.*
FROM rederive_participants q
JOIN rederive_changed c ON c.killmail_id = q.killmail_id AND c.killmail_time = q.killmail_time
