-- db verify, battle_killmails over the battles that start in [:from, :until): every killmail a battle lists
-- has a row naming that battle, and every row of those battles is listed by its battle.
WITH b AS MATERIALIZED (
    SELECT battle_id, killmail_ids FROM battles
    WHERE start_time >= CAST(:from AS timestamptz) AND start_time < CAST(:until AS timestamptz)
),
expected AS MATERIALIZED (
    SELECT unnest(b.killmail_ids) AS killmail_id, b.battle_id FROM b
),
stored AS MATERIALIZED (
    SELECT m.killmail_id, m.battle_id FROM battle_killmails m JOIN b ON b.battle_id = m.battle_id
),
differences AS (
    SELECT format('killmail %s: battle %s lists it, battle_killmails names %s', e.killmail_id, e.battle_id,
                  coalesce(m.battle_id::text, 'none')) AS difference
    FROM expected e
    LEFT JOIN battle_killmails m ON m.killmail_id = e.killmail_id
    WHERE m.battle_id IS DISTINCT FROM e.battle_id
    UNION ALL
    SELECT format('killmail %s: battle_killmails names battle %s, which does not list it', s.killmail_id, s.battle_id)
    FROM stored s
    WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.killmail_id = s.killmail_id AND e.battle_id = s.battle_id)
)
SELECT (SELECT count(*) FROM stored) AS rows_checked,
       (SELECT count(*) FROM differences) AS differences,
       coalesce((SELECT array_agg(difference) FROM (SELECT difference FROM differences ORDER BY 1 LIMIT 5) AS first),
                '{}') AS samples
