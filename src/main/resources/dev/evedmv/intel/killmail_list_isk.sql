-- The biggest killmails of [since, until): total value descending, then id ascending; npc killmails left out unless
-- :include_npc (counting-rules.md §3). An index-only scan of killmails_time over the range and a top-N sort.
SELECT killmail_id, killmail_time, row_number() OVER (ORDER BY total_value DESC, killmail_id) AS position
FROM (
    SELECT killmail_id, killmail_time, total_value
    FROM killmails
    WHERE killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
      AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
      AND (:include_npc OR NOT is_npc)
    ORDER BY total_value DESC, killmail_id
    LIMIT :limit
) AS biggest
