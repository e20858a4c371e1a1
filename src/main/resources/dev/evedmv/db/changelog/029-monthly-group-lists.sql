--liquibase formatted sql

--changeset evedmv:029-monthly-group-lists
--comment: the group lists (corporations, alliances, enemies, killers) summed per month and headed per day like ships, systems and members, so that a region's or an alliance's summary reads a row per month of them too
ALTER TABLE entity_monthly_lists
    ADD COLUMN corporations jsonb, ADD COLUMN alliances jsonb, ADD COLUMN enemies jsonb, ADD COLUMN killers jsonb,
    ADD COLUMN corporations_head jsonb, ADD COLUMN corporations_floor integer,
    ADD COLUMN alliances_head jsonb, ADD COLUMN alliances_floor integer,
    ADD COLUMN enemies_head jsonb, ADD COLUMN enemies_floor integer,
    ADD COLUMN killers_head jsonb, ADD COLUMN killers_floor integer;
ALTER TABLE entity_daily_heads
    ADD COLUMN corporations_head jsonb, ADD COLUMN corporations_floor integer,
    ADD COLUMN alliances_head jsonb, ADD COLUMN alliances_floor integer,
    ADD COLUMN enemies_head jsonb, ADD COLUMN enemies_floor integer,
    ADD COLUMN killers_head jsonb, ADD COLUMN killers_floor integer;
-- the rows built before lack the group lists: every month is built again by the next refresh (import and
-- serve run it), and until then summaries read the daily rows
DELETE FROM entity_daily_heads;
DELETE FROM entity_monthly_lists;
DELETE FROM entity_monthly_builds;
ALTER TABLE entity_monthly_lists
    ALTER COLUMN corporations SET NOT NULL, ALTER COLUMN alliances SET NOT NULL,
    ALTER COLUMN enemies SET NOT NULL, ALTER COLUMN killers SET NOT NULL;
COMMENT ON COLUMN entity_monthly_lists.corporations IS 'entity_daily.corporations summed over the month''s days; alliances, enemies and killers the same; each list longer than 200 entries also has its head and floor, as members';
--rollback ALTER TABLE entity_daily_heads DROP COLUMN corporations_head, DROP COLUMN corporations_floor, DROP COLUMN alliances_head, DROP COLUMN alliances_floor, DROP COLUMN enemies_head, DROP COLUMN enemies_floor, DROP COLUMN killers_head, DROP COLUMN killers_floor;
--rollback ALTER TABLE entity_monthly_lists DROP COLUMN corporations, DROP COLUMN alliances, DROP COLUMN enemies, DROP COLUMN killers, DROP COLUMN corporations_head, DROP COLUMN corporations_floor, DROP COLUMN alliances_head, DROP COLUMN alliances_floor, DROP COLUMN enemies_head, DROP COLUMN enemies_floor, DROP COLUMN killers_head, DROP COLUMN killers_floor;

--changeset evedmv:029-top-contenders-function splitStatements:false
CREATE FUNCTION evedmv_top_contenders(heads jsonb[], floors integer[], top integer)
RETURNS TABLE (id bigint, known bigint, exact boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH candidates AS MATERIALIZED (
        SELECT e.key::bigint AS id, sum(e.value::bigint) AS known,
               sum(e.value::bigint) + (SELECT coalesce(sum(f), 0) FROM unnest(floors) AS f)
                   - sum(coalesce(l.floor, 0)) AS most
        FROM unnest(heads, floors) AS l(list, floor) CROSS JOIN LATERAL jsonb_each_text(l.list) AS e
        GROUP BY 1)
    SELECT c.id, c.known, c.most = c.known
    FROM candidates c
    WHERE c.most >= (SELECT known FROM candidates ORDER BY known DESC, id OFFSET top - 1 LIMIT 1)
$$;
COMMENT ON FUNCTION evedmv_top_contenders(jsonb[], integer[], integer) IS 'of {"id": count} lists given by their heads and floors (as evedmv_top_counts), the ids that may still rank among the top best: those whose most (their count in the heads that hold them plus the floors of the others) reaches the top-th best count known; exact when every head holds the id, so that known is its count; none when the heads hold fewer than top ids';
--rollback DROP FUNCTION evedmv_top_contenders(jsonb[], integer[], integer);

--changeset evedmv:029-entity-top-function splitStatements:false
-- The top lists of an entity's summary (docs/counting-rules.md §3, docs/queries.md "Entity summary"): for each
-- {"id": count} column of entity_daily named in list_names, its best entries summed over the days
-- [from_day, to_day), read from the cheapest rows that still say the same: a month's row of entity_monthly_lists
-- while its days, kills and losses are still those of its daily rows and the range holds every daily row of the
-- days it summed (so a range that starts before an entity's first day of a month, or ends after its last, still
-- reads the month); for the other days, a daily head (entity_daily_heads) while its daily row's kills and losses
-- are those it was taken from; else the daily list whole. When the heads cannot tell the answer
-- (evedmv_top_counts gives null), the counts of the contenders (evedmv_top_contenders) that some head leaves out
-- are looked up in the whole lists, each list decompressed once; they are the answer when an id in no head
-- cannot reach the last of them (fewer than the sum of the floors). Else the whole lists are summed. Characters
-- have no monthly lists or heads: their lists are summed from their daily rows. The rows of the entity are read
-- once for all the lists asked for. A plpgsql function, so that its one query is planned once per session and
-- its plan reused (an inlined SQL function is planned anew with every summary that calls it, which cost more
-- than the query ran).
CREATE OR REPLACE FUNCTION evedmv_entity_top(of_kind integer, of_id bigint, from_day date, to_day date,
                                             with_npc boolean, list_names text[], top integer)
RETURNS TABLE (list_name text, rank bigint, entry_id bigint, kills bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH daily AS MATERIALIZED (
        SELECT d.day, d.npc, d.kills, d.losses, d.ships, d.systems, d.members, d.corporations, d.alliances,
               d.enemies, d.killers
        FROM entity_daily d
        WHERE d.entity_kind = of_kind AND d.entity_id = of_id AND d.day >= from_day AND d.day < to_day
          AND (NOT d.npc OR with_npc)
    ),
    -- the monthly lists whose days [month, until) hold no daily row outside the range, and that summed
    -- exactly the daily rows there now: rows are only added or grow, so the same count, kills and losses
    -- are the same rows with the same lists
    month_lists AS MATERIALIZED (
        SELECT m.month, m.until, m.npc, m.ships, m.systems, m.members, m.corporations, m.alliances, m.enemies,
               m.killers, m.ships_head, m.ships_floor, m.systems_head, m.systems_floor, m.members_head,
               m.members_floor, m.corporations_head, m.corporations_floor, m.alliances_head, m.alliances_floor,
               m.enemies_head, m.enemies_floor, m.killers_head, m.killers_floor
        FROM entity_monthly_lists m
        CROSS JOIN LATERAL (SELECT count(*) AS days, sum(d.kills) AS kills, sum(d.losses) AS losses
                            FROM daily d WHERE d.npc = m.npc AND d.day >= m.month AND d.day < m.until) AS d
        WHERE m.entity_kind = of_kind AND m.entity_id = of_id
          AND m.month < to_day AND m.until > from_day
          AND d.days = m.days AND d.kills = m.kills AND d.losses = m.losses
          AND NOT EXISTS (SELECT 1 FROM entity_daily o
                          WHERE o.entity_kind = of_kind AND o.entity_id = of_id AND o.npc = m.npc
                            AND ((o.day >= m.month AND o.day < from_day) OR (o.day >= to_day AND o.day < m.until)))
    ),
    -- per list asked for: a row per month listed, a row per other day with that day's head while it is current
    lists AS MATERIALIZED (
        SELECT n.name,
               CASE n.name WHEN 'ships' THEN m.ships WHEN 'systems' THEN m.systems WHEN 'members' THEN m.members
                           WHEN 'corporations' THEN m.corporations WHEN 'alliances' THEN m.alliances
                           WHEN 'enemies' THEN m.enemies WHEN 'killers' THEN m.killers END AS list,
               CASE n.name WHEN 'ships' THEN m.ships_head WHEN 'systems' THEN m.systems_head
                           WHEN 'members' THEN m.members_head WHEN 'corporations' THEN m.corporations_head
                           WHEN 'alliances' THEN m.alliances_head WHEN 'enemies' THEN m.enemies_head
                           WHEN 'killers' THEN m.killers_head END AS head,
               CASE n.name WHEN 'ships' THEN m.ships_floor WHEN 'systems' THEN m.systems_floor
                           WHEN 'members' THEN m.members_floor WHEN 'corporations' THEN m.corporations_floor
                           WHEN 'alliances' THEN m.alliances_floor WHEN 'enemies' THEN m.enemies_floor
                           WHEN 'killers' THEN m.killers_floor END AS floor
        FROM month_lists m
        CROSS JOIN unnest(list_names) AS n(name)
        UNION ALL
        SELECT n.name,
               CASE n.name WHEN 'ships' THEN d.ships WHEN 'systems' THEN d.systems WHEN 'members' THEN d.members
                           WHEN 'corporations' THEN d.corporations WHEN 'alliances' THEN d.alliances
                           WHEN 'enemies' THEN d.enemies WHEN 'killers' THEN d.killers END,
               CASE n.name WHEN 'ships' THEN h.ships_head WHEN 'systems' THEN h.systems_head
                           WHEN 'members' THEN h.members_head WHEN 'corporations' THEN h.corporations_head
                           WHEN 'alliances' THEN h.alliances_head WHEN 'enemies' THEN h.enemies_head
                           WHEN 'killers' THEN h.killers_head END,
               CASE n.name WHEN 'ships' THEN h.ships_floor WHEN 'systems' THEN h.systems_floor
                           WHEN 'members' THEN h.members_floor WHEN 'corporations' THEN h.corporations_floor
                           WHEN 'alliances' THEN h.alliances_floor WHEN 'enemies' THEN h.enemies_floor
                           WHEN 'killers' THEN h.killers_floor END
        FROM daily d
        LEFT JOIN LATERAL (SELECT h.* FROM entity_daily_heads h
                           WHERE h.entity_kind = of_kind AND h.entity_id = of_id AND h.day = d.day AND h.npc = d.npc
                             AND h.kills = d.kills AND h.losses = d.losses
                           LIMIT 1) AS h ON true
        CROSS JOIN unnest(list_names) AS n(name)
        WHERE NOT EXISTS (SELECT 1 FROM month_lists w WHERE w.npc = d.npc AND d.day >= w.month AND d.day < w.until)
    )
    SELECT n.name, e.rank, (e.entry->>0)::bigint, (e.entry->>1)::bigint
    FROM unnest(list_names) AS n(name)
    CROSS JOIN LATERAL (SELECT array_agg(coalesce(l.head, l.list)) AS heads, array_agg(l.floor) AS floors,
                               coalesce(sum(l.floor), 0) AS unlisted
                        FROM lists l WHERE l.name = n.name) AS h
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(
             evedmv_top_counts(h.heads, h.floors, top),
             (WITH contenders AS MATERIALIZED (SELECT * FROM evedmv_top_contenders(h.heads, h.floors, top)),
                   looked_up AS (
                       SELECT c.id, sum(coalesce((f.whole ->> c.id::text)::bigint, 0)) AS total
                       FROM lists l
                       -- jsonb || {} gives the list itself, decompressed once for all its look-ups
                       CROSS JOIN LATERAL (SELECT l.list || '{}'::jsonb AS whole OFFSET 0) AS f
                       CROSS JOIN contenders c
                       WHERE l.name = n.name AND NOT c.exact
                       GROUP BY c.id),
                   best AS (
                       SELECT c.id, coalesce(u.total, c.known) AS total
                       FROM contenders c LEFT JOIN looked_up u ON u.id = c.id
                       ORDER BY 2 DESC, 1 LIMIT top)
              SELECT CASE WHEN count(*) = top AND h.unlisted < min(b.total)
                          THEN jsonb_agg(jsonb_build_array(b.id, b.total) ORDER BY b.total DESC, b.id) END
              FROM best b),
             (SELECT evedmv_top_counts(array_agg(l.list), NULL, top) FROM lists l WHERE l.name = n.name)))
         WITH ORDINALITY AS e(entry, rank);
END
$$;
COMMENT ON FUNCTION evedmv_entity_top(integer, bigint, date, date, boolean, text[], integer) IS 'counting-rules.md §3: per entity_daily list column named in list_names, the top entries (rank, id, kills; by kills descending then id) of an entity over the days [from_day, to_day), npc days with with_npc only; read from the monthly lists and daily heads while they are current, else from the whole daily lists';
--rollback CREATE OR REPLACE FUNCTION evedmv_entity_top(of_kind integer, of_id bigint, from_day date, to_day date, with_npc boolean,
--rollback                                   list_names text[], top integer)
--rollback RETURNS TABLE (list_name text, rank bigint, entry_id bigint, kills bigint)
--rollback LANGUAGE sql STABLE PARALLEL SAFE AS $$
--rollback     WITH daily AS MATERIALIZED (
--rollback         SELECT d.day, d.npc, d.kills, d.losses, d.ships, d.systems, d.members, d.corporations, d.alliances,
--rollback                d.enemies, d.killers
--rollback         FROM entity_daily d
--rollback         WHERE d.entity_kind = of_kind AND d.entity_id = of_id AND d.day >= from_day AND d.day < to_day
--rollback           AND (NOT d.npc OR with_npc)
--rollback     ),
--rollback     -- the monthly lists of days [month, until) inside the range that summed exactly the daily rows there now
--rollback     month_lists AS MATERIALIZED (
--rollback         SELECT m.month, m.until, m.npc, m.ships, m.systems, m.members, m.ships_head, m.ships_floor, m.systems_head,
--rollback                m.systems_floor, m.members_head, m.members_floor
--rollback         FROM entity_monthly_lists m
--rollback         CROSS JOIN LATERAL (SELECT count(*) AS days, sum(d.kills) AS kills, sum(d.losses) AS losses
--rollback                             FROM daily d WHERE d.npc = m.npc AND d.day >= m.month AND d.day < m.until) AS d
--rollback         WHERE m.entity_kind = of_kind AND m.entity_id = of_id
--rollback           AND m.month >= from_day AND m.until <= to_day
--rollback           AND d.days = m.days AND d.kills = m.kills AND d.losses = m.losses
--rollback     ),
--rollback     -- per list asked for: a row per month listed (lists that have monthly rows), a row per other day, with that
--rollback     -- day's head while it is current
--rollback     lists AS MATERIALIZED (
--rollback         SELECT n.name,
--rollback                CASE n.name WHEN 'ships' THEN m.ships WHEN 'systems' THEN m.systems WHEN 'members' THEN m.members END
--rollback                    AS list,
--rollback                CASE n.name WHEN 'ships' THEN m.ships_head WHEN 'systems' THEN m.systems_head
--rollback                            WHEN 'members' THEN m.members_head END AS head,
--rollback                CASE n.name WHEN 'ships' THEN m.ships_floor WHEN 'systems' THEN m.systems_floor
--rollback                            WHEN 'members' THEN m.members_floor END AS floor
--rollback         FROM month_lists m
--rollback         CROSS JOIN unnest(list_names) AS n(name)
--rollback         WHERE n.name IN ('ships', 'systems', 'members')
--rollback         UNION ALL
--rollback         SELECT n.name,
--rollback                CASE n.name WHEN 'ships' THEN d.ships WHEN 'systems' THEN d.systems WHEN 'members' THEN d.members
--rollback                            WHEN 'corporations' THEN d.corporations WHEN 'alliances' THEN d.alliances
--rollback                            WHEN 'enemies' THEN d.enemies WHEN 'killers' THEN d.killers END,
--rollback                CASE n.name WHEN 'ships' THEN h.ships_head WHEN 'systems' THEN h.systems_head
--rollback                            WHEN 'members' THEN h.members_head END,
--rollback                CASE n.name WHEN 'ships' THEN h.ships_floor WHEN 'systems' THEN h.systems_floor
--rollback                            WHEN 'members' THEN h.members_floor END
--rollback         FROM daily d
--rollback         LEFT JOIN LATERAL (SELECT h.ships_head, h.ships_floor, h.systems_head, h.systems_floor, h.members_head,
--rollback                                   h.members_floor
--rollback                            FROM entity_daily_heads h
--rollback                            WHERE h.entity_kind = of_kind AND h.entity_id = of_id AND h.day = d.day AND h.npc = d.npc
--rollback                              AND h.kills = d.kills AND h.losses = d.losses
--rollback                            LIMIT 1) AS h ON true
--rollback         CROSS JOIN unnest(list_names) AS n(name)
--rollback         WHERE NOT (n.name IN ('ships', 'systems', 'members')
--rollback                    AND EXISTS (SELECT 1 FROM month_lists w
--rollback                                WHERE w.npc = d.npc AND d.day >= w.month AND d.day < w.until))
--rollback     )
--rollback     SELECT n.name, e.rank, (e.entry->>0)::bigint, (e.entry->>1)::bigint
--rollback     FROM unnest(list_names) AS n(name)
--rollback     CROSS JOIN LATERAL jsonb_array_elements(coalesce(
--rollback              (SELECT evedmv_top_counts(array_agg(coalesce(l.head, l.list)), array_agg(l.floor), top)
--rollback               FROM lists l WHERE l.name = n.name),
--rollback              (SELECT evedmv_top_counts(array_agg(l.list), NULL, top) FROM lists l WHERE l.name = n.name)))
--rollback          WITH ORDINALITY AS e(entry, rank)
--rollback $$;
