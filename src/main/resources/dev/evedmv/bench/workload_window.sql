-- The time span of the stored killmails (index killmails_time: one index end per partition).
SELECT min(killmail_time) AS first_time, max(killmail_time) AS last_time FROM killmails
