-- db verify, the monthly lists of kind :kind and month :month against verify_lists (what a build over
-- [:month, :until) makes now, from intel/monthly_lists_select.sql). A stored row whose days, kills and losses
-- are the recomputed ones is read by summaries, so its lists, heads and until must be the recomputed ones;
-- one whose figures moved since is not read (no difference). A row missing or left over is a difference
-- while the month's build record holds (:claimed); for a month without one (:built false) the rows of its
-- own until are checked. Returns the rows checked, the differences, and the first few as text.
WITH stored AS (
    SELECT * FROM entity_monthly_lists
    WHERE entity_kind = :kind AND month = CAST(:month AS date) AND (:built OR until = CAST(:until AS date))
),
differences AS (
    SELECT format('kind %s %s entity %s npc %s: %s', :kind, to_char(CAST(:month AS date), 'YYYY-MM'),
                  coalesce(s.entity_id, r.entity_id), coalesce(s.npc, r.npc),
                  CASE WHEN s.entity_id IS NULL THEN 'missing'
                       WHEN r.entity_id IS NULL THEN 'not made by a build'
                       ELSE 'lists differ from a recomputation' END) AS difference
    FROM stored s
    FULL JOIN verify_lists r ON r.entity_id = s.entity_id AND r.npc = s.npc
    WHERE CASE WHEN s.entity_id IS NULL OR r.entity_id IS NULL THEN :claimed
               WHEN (s.days, s.kills, s.losses) IS DISTINCT FROM (r.days, r.kills, r.losses) THEN false
               ELSE (s.until, s.ships, s.systems, s.members, s.corporations, s.alliances, s.enemies, s.killers,
                     s.ships_head, s.ships_floor, s.systems_head, s.systems_floor, s.members_head, s.members_floor,
                     s.corporations_head, s.corporations_floor, s.alliances_head, s.alliances_floor, s.enemies_head,
                     s.enemies_floor, s.killers_head, s.killers_floor)
                    IS DISTINCT FROM (r.until, r.ships, r.systems, r.members, r.corporations, r.alliances, r.enemies,
                                      r.killers, r.ships_head, r.ships_floor, r.systems_head, r.systems_floor,
                                      r.members_head, r.members_floor, r.corporations_head, r.corporations_floor,
                                      r.alliances_head, r.alliances_floor, r.enemies_head, r.enemies_floor,
                                      r.killers_head, r.killers_floor) END
)
SELECT (SELECT count(*) FROM stored) AS rows_checked,
       (SELECT count(*) FROM differences) AS differences,
       coalesce((SELECT array_agg(difference) FROM (SELECT difference FROM differences ORDER BY 1 LIMIT 5) AS first),
                '{}') AS samples
