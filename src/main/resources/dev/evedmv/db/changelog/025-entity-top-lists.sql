--liquibase formatted sql

--changeset evedmv:025-entity-daily-group-lists
--comment: who an entity fights and who hunts in a place (docs/counting-rules.md §3): four more {"id": count} lists of entity_daily, written at ingest with the others
ALTER TABLE entity_daily
    ADD COLUMN corporations jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN alliances    jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN enemies      jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN killers      jsonb NOT NULL DEFAULT '{}';
COMMENT ON COLUMN entity_daily.members IS 'top_members (corporations, alliances): {"character id": kills} of the day, its member characters on its kills; top_characters (systems, regions): every attacker character on the kills there';
COMMENT ON COLUMN entity_daily.corporations IS 'top_corporations: {"corporation id": kills} of the day; alliances: the corporations of its members on its kills; systems, regions: every attacker''s corporation; {} for the other kinds';
COMMENT ON COLUMN entity_daily.alliances IS 'top_alliances (systems, regions): {"alliance id": kills} of the day, every attacker''s alliance; {} for the other kinds';
COMMENT ON COLUMN entity_daily.enemies IS 'top_enemies (characters, corporations, alliances): {"group key": kills} of the day, the victim''s alliance, or its corporation when it has none; a group key is id * 10 + entity_kind (evedmv_group_key)';
COMMENT ON COLUMN entity_daily.killers IS 'top_killers (characters, corporations, alliances): {"group key": losses} of the day, the groups (alliance, else corporation) of the player characters among the attackers, each once per loss; keys as enemies';
--rollback ALTER TABLE entity_daily DROP COLUMN corporations, DROP COLUMN alliances, DROP COLUMN enemies, DROP COLUMN killers;

--changeset evedmv:025-group-key-function splitStatements:false
CREATE FUNCTION evedmv_group_key(alliance_id bigint, corporation_id bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN alliance_id IS NOT NULL THEN alliance_id * 10 + evedmv_kind('alliance')
                ELSE corporation_id * 10 + evedmv_kind('corporation') END
$$;
COMMENT ON FUNCTION evedmv_group_key(bigint, bigint) IS 'counting-rules.md §3: the key of a participant''s group in the enemies and killers lists: its alliance, or its corporation when it has none, as id * 10 + entity_kind, so that keys order as the ids do (ties of mixed kinds by id); null when it has neither; as KillmailRollup.groupKey';
--rollback DROP FUNCTION evedmv_group_key(bigint, bigint);

--changeset evedmv:025-entity-top-function splitStatements:false
-- The top lists of an entity's summary (docs/counting-rules.md §3, docs/queries.md "Entity summary"): for each
-- {"id": count} column of entity_daily named in list_names, its best entries summed over the days
-- [from_day, to_day), read from the cheapest rows that still say the same: a month's row of entity_monthly_lists
-- while its days, kills and losses are still those of its daily rows; for the other days, a daily head
-- (entity_daily_heads) while its daily row's kills and losses are those it was taken from; else the daily list
-- whole. When the heads cannot tell the answer (evedmv_top_counts gives null), the whole lists are summed. Only
-- ships, systems and members have monthly lists and heads; the other lists are summed from their daily rows.
-- The rows of the entity are read once for all the lists asked for. A LANGUAGE sql set-returning function of one
-- SELECT: the planner inlines it into the calling query, so it plans with the caller's values.
CREATE FUNCTION evedmv_entity_top(of_kind integer, of_id bigint, from_day date, to_day date, with_npc boolean,
                                  list_names text[], top integer)
RETURNS TABLE (list_name text, rank bigint, entry_id bigint, kills bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH daily AS MATERIALIZED (
        SELECT d.day, d.npc, d.kills, d.losses, d.ships, d.systems, d.members, d.corporations, d.alliances,
               d.enemies, d.killers
        FROM entity_daily d
        WHERE d.entity_kind = of_kind AND d.entity_id = of_id AND d.day >= from_day AND d.day < to_day
          AND (NOT d.npc OR with_npc)
    ),
    -- the monthly lists of days [month, until) inside the range that summed exactly the daily rows there now
    month_lists AS MATERIALIZED (
        SELECT m.month, m.until, m.npc, m.ships, m.systems, m.members, m.ships_head, m.ships_floor, m.systems_head,
               m.systems_floor, m.members_head, m.members_floor
        FROM entity_monthly_lists m
        CROSS JOIN LATERAL (SELECT count(*) AS days, sum(d.kills) AS kills, sum(d.losses) AS losses
                            FROM daily d WHERE d.npc = m.npc AND d.day >= m.month AND d.day < m.until) AS d
        WHERE m.entity_kind = of_kind AND m.entity_id = of_id
          AND m.month >= from_day AND m.until <= to_day
          AND d.days = m.days AND d.kills = m.kills AND d.losses = m.losses
    ),
    -- per list asked for: a row per month listed (lists that have monthly rows), a row per other day, with that
    -- day's head while it is current
    lists AS MATERIALIZED (
        SELECT n.name,
               CASE n.name WHEN 'ships' THEN m.ships WHEN 'systems' THEN m.systems WHEN 'members' THEN m.members END
                   AS list,
               CASE n.name WHEN 'ships' THEN m.ships_head WHEN 'systems' THEN m.systems_head
                           WHEN 'members' THEN m.members_head END AS head,
               CASE n.name WHEN 'ships' THEN m.ships_floor WHEN 'systems' THEN m.systems_floor
                           WHEN 'members' THEN m.members_floor END AS floor
        FROM month_lists m
        CROSS JOIN unnest(list_names) AS n(name)
        WHERE n.name IN ('ships', 'systems', 'members')
        UNION ALL
        SELECT n.name,
               CASE n.name WHEN 'ships' THEN d.ships WHEN 'systems' THEN d.systems WHEN 'members' THEN d.members
                           WHEN 'corporations' THEN d.corporations WHEN 'alliances' THEN d.alliances
                           WHEN 'enemies' THEN d.enemies WHEN 'killers' THEN d.killers END,
               CASE n.name WHEN 'ships' THEN h.ships_head WHEN 'systems' THEN h.systems_head
                           WHEN 'members' THEN h.members_head END,
               CASE n.name WHEN 'ships' THEN h.ships_floor WHEN 'systems' THEN h.systems_floor
                           WHEN 'members' THEN h.members_floor END
        FROM daily d
        LEFT JOIN LATERAL (SELECT h.ships_head, h.ships_floor, h.systems_head, h.systems_floor, h.members_head,
                                  h.members_floor
                           FROM entity_daily_heads h
                           WHERE h.entity_kind = of_kind AND h.entity_id = of_id AND h.day = d.day AND h.npc = d.npc
                             AND h.kills = d.kills AND h.losses = d.losses
                           LIMIT 1) AS h ON true
        CROSS JOIN unnest(list_names) AS n(name)
        WHERE NOT (n.name IN ('ships', 'systems', 'members')
                   AND EXISTS (SELECT 1 FROM month_lists w
                               WHERE w.npc = d.npc AND d.day >= w.month AND d.day < w.until))
    )
    SELECT n.name, e.rank, (e.entry->>0)::bigint, (e.entry->>1)::bigint
    FROM unnest(list_names) AS n(name)
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(
             (SELECT evedmv_top_counts(array_agg(coalesce(l.head, l.list)), array_agg(l.floor), top)
              FROM lists l WHERE l.name = n.name),
             (SELECT evedmv_top_counts(array_agg(l.list), NULL, top) FROM lists l WHERE l.name = n.name)))
         WITH ORDINALITY AS e(entry, rank)
$$;
COMMENT ON FUNCTION evedmv_entity_top(integer, bigint, date, date, boolean, text[], integer) IS 'counting-rules.md §3: per entity_daily list column named in list_names, the top entries (rank, id, kills; by kills descending then id) of an entity over the days [from_day, to_day), npc days with with_npc only; read from the monthly lists and daily heads while they are current, else from the whole daily lists';
--rollback DROP FUNCTION evedmv_entity_top(integer, bigint, date, date, boolean, text[], integer);
