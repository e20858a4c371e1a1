-- The newest killmails of [since, until): time descending, then id descending (the activity lists' order); npc
-- killmails left out unless :include_npc. killmails_time walked backwards from :until, stopping at :limit rows.
SELECT killmail_id, killmail_time, row_number() OVER (ORDER BY killmail_time DESC, killmail_id DESC) AS position
FROM (
    SELECT killmail_id, killmail_time
    FROM killmails
    WHERE killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
      AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
      AND (:include_npc OR NOT is_npc)
    ORDER BY killmail_time DESC, killmail_id DESC
    LIMIT :limit
) AS newest
