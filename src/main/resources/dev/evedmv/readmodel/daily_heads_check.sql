-- db verify, the daily heads of kind :kind in month :month against verify_heads (what a build over
-- [:month, :until) makes now, from intel/daily_heads_select.sql). A stored head whose kills and losses are
-- its daily row's is read by summaries, so it must be the recomputed one (and one that no recomputed head
-- matches is a difference then too); one whose daily row moved since is not read. A head missing or left
-- over is a difference while the month's build record holds (:claimed); a head missing is one too while
-- the entity's monthly row, built in the same transaction, still holds (its days, kills and losses are
-- those of its daily rows now), whatever moved elsewhere in the month. Returns the rows checked, the
-- differences, and the first few as text.
WITH stored AS (
    SELECT * FROM entity_daily_heads
    WHERE entity_kind = :kind AND day >= CAST(:month AS date) AND day < (CAST(:month AS date) + interval '1 month')
),
differences AS (
    SELECT format('kind %s %s entity %s npc %s: %s', :kind, coalesce(s.day, r.day), coalesce(s.entity_id, r.entity_id),
                  coalesce(s.npc, r.npc),
                  CASE WHEN s.entity_id IS NULL THEN 'missing'
                       WHEN r.entity_id IS NULL THEN 'not made by a build'
                       ELSE 'heads differ from a recomputation' END) AS difference
    FROM stored s
    FULL JOIN verify_heads r ON r.entity_id = s.entity_id AND r.day = s.day AND r.npc = s.npc
    LEFT JOIN entity_daily d ON s.entity_id IS NOT NULL AND r.entity_id IS NULL AND d.entity_kind = :kind
                            AND d.entity_id = s.entity_id AND d.day = s.day AND d.npc = s.npc
    WHERE CASE WHEN s.entity_id IS NULL
               THEN :claimed OR EXISTS (
                   SELECT 1 FROM entity_monthly_lists m
                   WHERE m.entity_kind = :kind AND m.entity_id = r.entity_id AND m.npc = r.npc
                     AND m.month = CAST(:month AS date) AND r.day < m.until
                     AND (m.days, m.kills, m.losses) = (
                         SELECT count(*), coalesce(sum(e.kills), 0), coalesce(sum(e.losses), 0) FROM entity_daily e
                         WHERE e.entity_kind = :kind AND e.entity_id = r.entity_id AND e.npc = r.npc
                           AND e.day >= CAST(:month AS date) AND e.day < m.until))
               WHEN r.entity_id IS NULL THEN :claimed OR (d.kills, d.losses) = (s.kills, s.losses)
               WHEN (s.kills, s.losses) IS DISTINCT FROM (r.kills, r.losses) THEN false
               ELSE (s.ships_head, s.ships_floor, s.systems_head, s.systems_floor, s.members_head, s.members_floor,
                     s.corporations_head, s.corporations_floor, s.alliances_head, s.alliances_floor, s.enemies_head,
                     s.enemies_floor, s.killers_head, s.killers_floor)
                    IS DISTINCT FROM (r.ships_head, r.ships_floor, r.systems_head, r.systems_floor, r.members_head,
                                      r.members_floor, r.corporations_head, r.corporations_floor, r.alliances_head,
                                      r.alliances_floor, r.enemies_head, r.enemies_floor, r.killers_head,
                                      r.killers_floor) END
)
SELECT (SELECT count(*) FROM stored) AS rows_checked,
       (SELECT count(*) FROM differences) AS differences,
       coalesce((SELECT array_agg(difference) FROM (SELECT difference FROM differences ORDER BY 1 LIMIT 5) AS first),
                '{}') AS samples
