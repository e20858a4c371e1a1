-- db rederive: the participants of the changed killmails as derived again.
INSERT INTO participants
SELECT q.*
FROM rederive_participants q
JOIN rederive_changed c ON c.killmail_id = q.killmail_id AND c.killmail_time = q.killmail_time
ORDER BY q.killmail_id, q.slot
