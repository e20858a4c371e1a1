--liquibase formatted sql

--changeset evedmv:033-list-functions splitStatements:false
--comment: the top-list counts and the kills by hour of entity_daily as compact text, "id" or "id:count" entries by id ascending and comma-separated, instead of jsonb objects and arrays: a day's one ship is "587" (3 bytes) rather than {"587": 1} (about 22), one kill at 17:00 "17" rather than [18:18]={1} (25)
CREATE FUNCTION evedmv_list_entries(list text) RETURNS TABLE (id bigint, n bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT split_part(e, ':', 1)::bigint, coalesce(nullif(split_part(e, ':', 2), ''), '1')::bigint
    FROM string_to_table(list, ',') AS e
$$;
COMMENT ON FUNCTION evedmv_list_entries(text) IS 'the (id, count) entries of a list of entity_daily (comma-separated "id" for a count of 1, else "id:count"); none for the empty list';
CREATE FUNCTION evedmv_list_add(a text, b text, b_factor integer DEFAULT 1) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN b = '' THEN a
        WHEN a = '' AND b_factor = 1 THEN b
        ELSE (SELECT coalesce(string_agg(CASE WHEN total = 1 THEN id::text ELSE id || ':' || total END, ','
                                         ORDER BY id), '')
              FROM (SELECT id, sum(n) AS total
                    FROM (SELECT e.id, e.n FROM evedmv_list_entries(a) AS e
                          UNION ALL
                          SELECT e.id, e.n * b_factor FROM evedmv_list_entries(b) AS e) AS entries
                    GROUP BY id) AS totals
              WHERE total <> 0)
    END
$$;
COMMENT ON FUNCTION evedmv_list_add(text, text, integer) IS 'a + b_factor * b, id by id, of two lists of entity_daily, in the one form they are kept in: ids ascending, no count of 0 (the upsert of ingest adds with it, db rederive subtracts)';
CREATE FUNCTION evedmv_list_of_counts(counts jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(CASE WHEN value = '1' THEN key ELSE key || ':' || value END, ',' ORDER BY key::bigint), '')
    FROM jsonb_each_text(counts)
    WHERE value <> '0'
$$;
COMMENT ON FUNCTION evedmv_list_of_counts(jsonb) IS 'a {"id": count} object as a list of entity_daily (evedmv_list_add''s form): what db verify and db rederive recompute, compared with what ingest wrote';
CREATE FUNCTION evedmv_list_counts(list text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(id, n), '{}') FROM evedmv_list_entries(list)
$$;
COMMENT ON FUNCTION evedmv_list_counts(text) IS 'a list of entity_daily as a {"id": count} object, the form of the monthly lists and heads that summaries rank';
CREATE FUNCTION evedmv_list_sum(lists text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(id, total), '{}')
    FROM (SELECT e.id, sum(e.n) AS total
          FROM unnest(lists) AS l(list) CROSS JOIN LATERAL evedmv_list_entries(l.list) AS e
          GROUP BY e.id) AS totals
$$;
COMMENT ON FUNCTION evedmv_list_sum(text[]) IS 'many lists of entity_daily summed id by id, as one {"id": count} object: the monthly lists of the daily ones';
CREATE FUNCTION evedmv_hour_list(hours integer[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(CASE WHEN hours[s] = 1 THEN (s - 1)::text ELSE (s - 1) || ':' || hours[s] END, ','
                               ORDER BY s), '')
    FROM generate_subscripts(hours, 1) AS s
    WHERE hours[s] <> 0
$$;
COMMENT ON FUNCTION evedmv_hour_list(integer[]) IS 'kills by UTC hour, subscript h for the hour h - 1, as the list entity_daily.hourly_kills keeps: the hours with kills ("17" is one kill at 17:00, "3:2,20" two at 03:00 and one at 20:00)';
--rollback DROP FUNCTION evedmv_hour_list(integer[]);
--rollback DROP FUNCTION evedmv_list_sum(text[]);
--rollback DROP FUNCTION evedmv_list_counts(text);
--rollback DROP FUNCTION evedmv_list_of_counts(jsonb);
--rollback DROP FUNCTION evedmv_list_add(text, text, integer);
--rollback DROP FUNCTION evedmv_list_entries(text);

--changeset evedmv:033-compact-daily-lists
--comment: the seven lists and the kills by hour of entity_daily rewritten as text lists; the table is rewritten once, so it shrinks at once
ALTER TABLE entity_daily
    ALTER COLUMN hourly_kills DROP DEFAULT,
    ALTER COLUMN hourly_kills TYPE text USING evedmv_hour_list(hourly_kills),
    ALTER COLUMN hourly_kills SET DEFAULT '',
    ALTER COLUMN ships DROP DEFAULT,
    ALTER COLUMN systems DROP DEFAULT,
    ALTER COLUMN members DROP DEFAULT,
    ALTER COLUMN corporations DROP DEFAULT,
    ALTER COLUMN alliances DROP DEFAULT,
    ALTER COLUMN enemies DROP DEFAULT,
    ALTER COLUMN killers DROP DEFAULT,
    ALTER COLUMN ships TYPE text USING evedmv_list_of_counts(ships),
    ALTER COLUMN systems TYPE text USING evedmv_list_of_counts(systems),
    ALTER COLUMN members TYPE text USING evedmv_list_of_counts(members),
    ALTER COLUMN corporations TYPE text USING evedmv_list_of_counts(corporations),
    ALTER COLUMN alliances TYPE text USING evedmv_list_of_counts(alliances),
    ALTER COLUMN enemies TYPE text USING evedmv_list_of_counts(enemies),
    ALTER COLUMN killers TYPE text USING evedmv_list_of_counts(killers),
    ALTER COLUMN ships SET DEFAULT '',
    ALTER COLUMN systems SET DEFAULT '',
    ALTER COLUMN members SET DEFAULT '',
    ALTER COLUMN corporations SET DEFAULT '',
    ALTER COLUMN alliances SET DEFAULT '',
    ALTER COLUMN enemies SET DEFAULT '',
    ALTER COLUMN killers SET DEFAULT '';
COMMENT ON COLUMN entity_daily.hourly_kills IS 'kills by UTC hour of this day: hour:kills, the hours with kills only ("17" is one kill at 17:00; empty for none); with the day''s weekday this gives the hour-of-week heatmap (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.ships IS 'top_ships: ship type id:kills — kills of the day on which the entity''s own pilots (any attacker for ships, systems, regions) flew that ship type (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.systems IS 'top_systems: solar system id:kills of the day (empty for systems themselves) (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.members IS 'top_members (corporations, alliances): character id:kills of the day, its member characters on its kills; top_characters (systems, regions): every attacker character on the kills there (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.corporations IS 'top_corporations: corporation id:kills of the day; alliances: the corporations of its members on its kills; systems, regions: every attacker''s corporation; empty for the other kinds (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.alliances IS 'top_alliances (systems, regions): alliance id:kills of the day, every attacker''s alliance; empty for the other kinds (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.enemies IS 'top_enemies (characters, corporations, alliances): group key:kills of the day, the victim''s alliance, or its corporation when it has none; a group key is id * 10 + entity_kind (evedmv_group_key) (a list in the form evedmv_list_add gives)';
COMMENT ON COLUMN entity_daily.killers IS 'top_killers (characters, corporations, alliances): group key:losses of the day, the groups (alliance, else corporation) of the player characters among the attackers, each once per loss; keys as enemies (a list in the form evedmv_list_add gives)';
--rollback CREATE FUNCTION evedmv_hour_array(list text) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$ SELECT evedmv_hour_counts(array_agg(coalesce(e.n, 0)::integer ORDER BY h.hour)) FROM generate_series(0, 23) AS h(hour) LEFT JOIN evedmv_list_entries(list) AS e ON e.id = h.hour $$;
--rollback COMMENT ON COLUMN entity_daily.hourly_kills IS 'kills by UTC hour of this day, subscript h the hour h - 1, from the first hour with a kill to the last (''[18:18]={1}'' is one kill at 17:00; ''{}'' none; a subscript outside the bounds reads null, that is 0), always in the form evedmv_hour_counts gives; with the day''s weekday this gives the hour-of-week heatmap';
--rollback ALTER TABLE entity_daily ALTER COLUMN hourly_kills DROP DEFAULT, ALTER COLUMN hourly_kills TYPE integer[] USING evedmv_hour_array(hourly_kills), ALTER COLUMN hourly_kills SET DEFAULT '{}', ALTER COLUMN ships DROP DEFAULT, ALTER COLUMN systems DROP DEFAULT, ALTER COLUMN members DROP DEFAULT, ALTER COLUMN corporations DROP DEFAULT, ALTER COLUMN alliances DROP DEFAULT, ALTER COLUMN enemies DROP DEFAULT, ALTER COLUMN killers DROP DEFAULT, ALTER COLUMN ships TYPE jsonb USING evedmv_list_counts(ships), ALTER COLUMN systems TYPE jsonb USING evedmv_list_counts(systems), ALTER COLUMN members TYPE jsonb USING evedmv_list_counts(members), ALTER COLUMN corporations TYPE jsonb USING evedmv_list_counts(corporations), ALTER COLUMN alliances TYPE jsonb USING evedmv_list_counts(alliances), ALTER COLUMN enemies TYPE jsonb USING evedmv_list_counts(enemies), ALTER COLUMN killers TYPE jsonb USING evedmv_list_counts(killers), ALTER COLUMN ships SET DEFAULT '{}', ALTER COLUMN systems SET DEFAULT '{}', ALTER COLUMN members SET DEFAULT '{}', ALTER COLUMN corporations SET DEFAULT '{}', ALTER COLUMN alliances SET DEFAULT '{}', ALTER COLUMN enemies SET DEFAULT '{}', ALTER COLUMN killers SET DEFAULT '{}';
--rollback DROP FUNCTION evedmv_hour_array(text);
--rollback COMMENT ON COLUMN entity_daily.ships IS 'top_ships: {"ship type id": kills} — kills of the day on which the entity''s own pilots (any attacker for ships, systems, regions) flew that ship type';
--rollback COMMENT ON COLUMN entity_daily.systems IS 'top_systems: {"solar system id": kills} of the day ({} for systems themselves)';
--rollback COMMENT ON COLUMN entity_daily.members IS 'top_members (corporations, alliances): {"character id": kills} of the day, its member characters on its kills; top_characters (systems, regions): every attacker character on the kills there';
--rollback COMMENT ON COLUMN entity_daily.corporations IS 'top_corporations: {"corporation id": kills} of the day; alliances: the corporations of its members on its kills; systems, regions: every attacker''s corporation; {} for the other kinds';
--rollback COMMENT ON COLUMN entity_daily.alliances IS 'top_alliances (systems, regions): {"alliance id": kills} of the day, every attacker''s alliance; {} for the other kinds';
--rollback COMMENT ON COLUMN entity_daily.enemies IS 'top_enemies (characters, corporations, alliances): {"group key": kills} of the day, the victim''s alliance, or its corporation when it has none; a group key is id * 10 + entity_kind (evedmv_group_key)';
--rollback COMMENT ON COLUMN entity_daily.killers IS 'top_killers (characters, corporations, alliances): {"group key": losses} of the day, the groups (alliance, else corporation) of the player characters among the attackers, each once per loss; keys as enemies';

--changeset evedmv:033-entity-top-reads-text-lists splitStatements:false rollbackSplitStatements:false
-- evedmv_entity_top (029) reading the daily lists as text: a day's list is decoded only when no monthly list or
-- head stands for it.
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
                           WHEN 'killers' THEN m.killers_floor END AS floor,
               NULL::text AS raw
        FROM month_lists m
        CROSS JOIN unnest(list_names) AS n(name)
        UNION ALL
        SELECT n.name,
               NULL::jsonb,
               CASE n.name WHEN 'ships' THEN h.ships_head WHEN 'systems' THEN h.systems_head
                           WHEN 'members' THEN h.members_head WHEN 'corporations' THEN h.corporations_head
                           WHEN 'alliances' THEN h.alliances_head WHEN 'enemies' THEN h.enemies_head
                           WHEN 'killers' THEN h.killers_head END,
               CASE n.name WHEN 'ships' THEN h.ships_floor WHEN 'systems' THEN h.systems_floor
                           WHEN 'members' THEN h.members_floor WHEN 'corporations' THEN h.corporations_floor
                           WHEN 'alliances' THEN h.alliances_floor WHEN 'enemies' THEN h.enemies_floor
                           WHEN 'killers' THEN h.killers_floor END,
               CASE n.name WHEN 'ships' THEN d.ships WHEN 'systems' THEN d.systems WHEN 'members' THEN d.members
                           WHEN 'corporations' THEN d.corporations WHEN 'alliances' THEN d.alliances
                           WHEN 'enemies' THEN d.enemies WHEN 'killers' THEN d.killers END
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
    CROSS JOIN LATERAL (SELECT array_agg(coalesce(l.head, l.list, evedmv_list_counts(l.raw))) AS heads,
                               array_agg(l.floor) AS floors,
                               coalesce(sum(l.floor), 0) AS unlisted
                        FROM lists l WHERE l.name = n.name) AS h
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(
             evedmv_top_counts(h.heads, h.floors, top),
             (WITH contenders AS MATERIALIZED (SELECT * FROM evedmv_top_contenders(h.heads, h.floors, top)),
                   looked_up AS (
                       SELECT c.id, sum(coalesce((f.whole ->> c.id::text)::bigint, 0)) AS total
                       FROM lists l
                       -- jsonb || {} gives the list itself, decompressed (or decoded) once for all its look-ups
                       CROSS JOIN LATERAL (SELECT coalesce(l.list, evedmv_list_counts(l.raw)) || '{}'::jsonb AS whole
                                           OFFSET 0) AS f
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
             (SELECT evedmv_top_counts(array_agg(coalesce(l.list, evedmv_list_counts(l.raw))), NULL, top)
              FROM lists l WHERE l.name = n.name)))
         WITH ORDINALITY AS e(entry, rank);
END
$$;
COMMENT ON FUNCTION evedmv_entity_top(integer, bigint, date, date, boolean, text[], integer) IS 'counting-rules.md §3: per entity_daily list column named in list_names, the top entries (rank, id, kills; by kills descending then id) of an entity over the days [from_day, to_day), npc days with with_npc only; read from the monthly lists and daily heads while they are current, else from the whole daily lists';
--rollback CREATE OR REPLACE FUNCTION evedmv_entity_top(of_kind integer, of_id bigint, from_day date, to_day date,
--rollback                                              with_npc boolean, list_names text[], top integer)
--rollback RETURNS TABLE (list_name text, rank bigint, entry_id bigint, kills bigint)
--rollback LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
--rollback #variable_conflict use_column
--rollback BEGIN
--rollback     RETURN QUERY
--rollback     WITH daily AS MATERIALIZED (
--rollback         SELECT d.day, d.npc, d.kills, d.losses, d.ships, d.systems, d.members, d.corporations, d.alliances,
--rollback                d.enemies, d.killers
--rollback         FROM entity_daily d
--rollback         WHERE d.entity_kind = of_kind AND d.entity_id = of_id AND d.day >= from_day AND d.day < to_day
--rollback           AND (NOT d.npc OR with_npc)
--rollback     ),
--rollback     -- the monthly lists whose days [month, until) hold no daily row outside the range, and that summed
--rollback     -- exactly the daily rows there now: rows are only added or grow, so the same count, kills and losses
--rollback     -- are the same rows with the same lists
--rollback     month_lists AS MATERIALIZED (
--rollback         SELECT m.month, m.until, m.npc, m.ships, m.systems, m.members, m.corporations, m.alliances, m.enemies,
--rollback                m.killers, m.ships_head, m.ships_floor, m.systems_head, m.systems_floor, m.members_head,
--rollback                m.members_floor, m.corporations_head, m.corporations_floor, m.alliances_head, m.alliances_floor,
--rollback                m.enemies_head, m.enemies_floor, m.killers_head, m.killers_floor
--rollback         FROM entity_monthly_lists m
--rollback         CROSS JOIN LATERAL (SELECT count(*) AS days, sum(d.kills) AS kills, sum(d.losses) AS losses
--rollback                             FROM daily d WHERE d.npc = m.npc AND d.day >= m.month AND d.day < m.until) AS d
--rollback         WHERE m.entity_kind = of_kind AND m.entity_id = of_id
--rollback           AND m.month < to_day AND m.until > from_day
--rollback           AND d.days = m.days AND d.kills = m.kills AND d.losses = m.losses
--rollback           AND NOT EXISTS (SELECT 1 FROM entity_daily o
--rollback                           WHERE o.entity_kind = of_kind AND o.entity_id = of_id AND o.npc = m.npc
--rollback                             AND ((o.day >= m.month AND o.day < from_day) OR (o.day >= to_day AND o.day < m.until)))
--rollback     ),
--rollback     -- per list asked for: a row per month listed, a row per other day with that day's head while it is current
--rollback     lists AS MATERIALIZED (
--rollback         SELECT n.name,
--rollback                CASE n.name WHEN 'ships' THEN m.ships WHEN 'systems' THEN m.systems WHEN 'members' THEN m.members
--rollback                            WHEN 'corporations' THEN m.corporations WHEN 'alliances' THEN m.alliances
--rollback                            WHEN 'enemies' THEN m.enemies WHEN 'killers' THEN m.killers END AS list,
--rollback                CASE n.name WHEN 'ships' THEN m.ships_head WHEN 'systems' THEN m.systems_head
--rollback                            WHEN 'members' THEN m.members_head WHEN 'corporations' THEN m.corporations_head
--rollback                            WHEN 'alliances' THEN m.alliances_head WHEN 'enemies' THEN m.enemies_head
--rollback                            WHEN 'killers' THEN m.killers_head END AS head,
--rollback                CASE n.name WHEN 'ships' THEN m.ships_floor WHEN 'systems' THEN m.systems_floor
--rollback                            WHEN 'members' THEN m.members_floor WHEN 'corporations' THEN m.corporations_floor
--rollback                            WHEN 'alliances' THEN m.alliances_floor WHEN 'enemies' THEN m.enemies_floor
--rollback                            WHEN 'killers' THEN m.killers_floor END AS floor
--rollback         FROM month_lists m
--rollback         CROSS JOIN unnest(list_names) AS n(name)
--rollback         UNION ALL
--rollback         SELECT n.name,
--rollback                CASE n.name WHEN 'ships' THEN d.ships WHEN 'systems' THEN d.systems WHEN 'members' THEN d.members
--rollback                            WHEN 'corporations' THEN d.corporations WHEN 'alliances' THEN d.alliances
--rollback                            WHEN 'enemies' THEN d.enemies WHEN 'killers' THEN d.killers END,
--rollback                CASE n.name WHEN 'ships' THEN h.ships_head WHEN 'systems' THEN h.systems_head
--rollback                            WHEN 'members' THEN h.members_head WHEN 'corporations' THEN h.corporations_head
--rollback                            WHEN 'alliances' THEN h.alliances_head WHEN 'enemies' THEN h.enemies_head
--rollback                            WHEN 'killers' THEN h.killers_head END,
--rollback                CASE n.name WHEN 'ships' THEN h.ships_floor WHEN 'systems' THEN h.systems_floor
--rollback                            WHEN 'members' THEN h.members_floor WHEN 'corporations' THEN h.corporations_floor
--rollback                            WHEN 'alliances' THEN h.alliances_floor WHEN 'enemies' THEN h.enemies_floor
--rollback                            WHEN 'killers' THEN h.killers_floor END
--rollback         FROM daily d
--rollback         LEFT JOIN LATERAL (SELECT h.* FROM entity_daily_heads h
--rollback                            WHERE h.entity_kind = of_kind AND h.entity_id = of_id AND h.day = d.day AND h.npc = d.npc
--rollback                              AND h.kills = d.kills AND h.losses = d.losses
--rollback                            LIMIT 1) AS h ON true
--rollback         CROSS JOIN unnest(list_names) AS n(name)
--rollback         WHERE NOT EXISTS (SELECT 1 FROM month_lists w WHERE w.npc = d.npc AND d.day >= w.month AND d.day < w.until)
--rollback     )
--rollback     SELECT n.name, e.rank, (e.entry->>0)::bigint, (e.entry->>1)::bigint
--rollback     FROM unnest(list_names) AS n(name)
--rollback     CROSS JOIN LATERAL (SELECT array_agg(coalesce(l.head, l.list)) AS heads, array_agg(l.floor) AS floors,
--rollback                                coalesce(sum(l.floor), 0) AS unlisted
--rollback                         FROM lists l WHERE l.name = n.name) AS h
--rollback     CROSS JOIN LATERAL jsonb_array_elements(coalesce(
--rollback              evedmv_top_counts(h.heads, h.floors, top),
--rollback              (WITH contenders AS MATERIALIZED (SELECT * FROM evedmv_top_contenders(h.heads, h.floors, top)),
--rollback                    looked_up AS (
--rollback                        SELECT c.id, sum(coalesce((f.whole ->> c.id::text)::bigint, 0)) AS total
--rollback                        FROM lists l
--rollback                        -- jsonb || {} gives the list itself, decompressed once for all its look-ups
--rollback                        CROSS JOIN LATERAL (SELECT l.list || '{}'::jsonb AS whole OFFSET 0) AS f
--rollback                        CROSS JOIN contenders c
--rollback                        WHERE l.name = n.name AND NOT c.exact
--rollback                        GROUP BY c.id),
--rollback                    best AS (
--rollback                        SELECT c.id, coalesce(u.total, c.known) AS total
--rollback                        FROM contenders c LEFT JOIN looked_up u ON u.id = c.id
--rollback                        ORDER BY 2 DESC, 1 LIMIT top)
--rollback               SELECT CASE WHEN count(*) = top AND h.unlisted < min(b.total)
--rollback                           THEN jsonb_agg(jsonb_build_array(b.id, b.total) ORDER BY b.total DESC, b.id) END
--rollback               FROM best b),
--rollback              (SELECT evedmv_top_counts(array_agg(l.list), NULL, top) FROM lists l WHERE l.name = n.name)))
--rollback          WITH ORDINALITY AS e(entry, rank);
--rollback END
--rollback $$;
--rollback COMMENT ON FUNCTION evedmv_entity_top(integer, bigint, date, date, boolean, text[], integer) IS 'counting-rules.md §3: per entity_daily list column named in list_names, the top entries (rank, id, kills; by kills descending then id) of an entity over the days [from_day, to_day), npc days with with_npc only; read from the monthly lists and daily heads while they are current, else from the whole daily lists';

--changeset evedmv:033-drop-superseded-list-functions splitStatements:false rollbackSplitStatements:false
--comment: the jsonb forms of the daily lists' sum and addition and the arrays' hour counts, superseded by evedmv_list_sum and evedmv_list_add
DROP FUNCTION evedmv_add_counts(jsonb, jsonb);
DROP FUNCTION evedmv_sum_counts(jsonb[]);
DROP FUNCTION evedmv_hour_counts(integer[], integer[], integer);
--rollback CREATE FUNCTION evedmv_add_counts(a jsonb, b jsonb) RETURNS jsonb
--rollback LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
--rollback     -- walks only b (an increment: usually a few keys), looking each key up in a
--rollback     SELECT CASE
--rollback         WHEN b = '{}' THEN a
--rollback         WHEN a = '{}' THEN b
--rollback         ELSE a || (SELECT jsonb_object_agg(key, coalesce((a ->> key)::integer, 0) + value::integer)
--rollback                    FROM jsonb_each_text(b))
--rollback     END
--rollback $$;
--rollback COMMENT ON FUNCTION evedmv_add_counts(jsonb, jsonb) IS 'key-wise sum of two {"id": count} objects: merges the top-list counts of entity_daily on upsert';
--rollback CREATE FUNCTION evedmv_sum_counts(lists jsonb[]) RETURNS jsonb
--rollback LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
--rollback     SELECT coalesce(jsonb_object_agg(key, total), '{}')
--rollback     FROM (SELECT e.key, sum(e.value::bigint) AS total
--rollback           FROM unnest(lists) AS l(list) CROSS JOIN LATERAL jsonb_each_text(l.list) AS e
--rollback           GROUP BY e.key) AS totals
--rollback $$;
--rollback COMMENT ON FUNCTION evedmv_sum_counts(jsonb[]) IS 'one {"id": count} list of many, each id''s counts summed: the monthly lists of entity_daily''s daily ones';
--rollback CREATE FUNCTION evedmv_hour_counts(a integer[], b integer[] DEFAULT '{}', b_factor integer DEFAULT 1)
--rollback RETURNS integer[]
--rollback LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
--rollback DECLARE
--rollback     first_hour integer := least(array_lower(a, 1), array_lower(b, 1));
--rollback     last_hour integer := greatest(array_upper(a, 1), array_upper(b, 1));
--rollback     sums integer[];
--rollback     trimmed integer[];
--rollback BEGIN
--rollback     IF first_hour IS NULL THEN
--rollback         RETURN '{}';
--rollback     END IF;
--rollback     sums := array_fill(0, ARRAY[last_hour - first_hour + 1], ARRAY[first_hour]);
--rollback     FOR h IN first_hour..last_hour LOOP
--rollback         sums[h] := coalesce(a[h], 0) + b_factor * coalesce(b[h], 0);
--rollback     END LOOP;
--rollback     -- counts only added (ingest) keep both ends
--rollback     IF sums[first_hour] <> 0 AND sums[last_hour] <> 0 THEN
--rollback         RETURN sums;
--rollback     END IF;
--rollback     WHILE first_hour <= last_hour AND sums[first_hour] = 0 LOOP
--rollback         first_hour := first_hour + 1;
--rollback     END LOOP;
--rollback     IF first_hour > last_hour THEN
--rollback         RETURN '{}';
--rollback     END IF;
--rollback     WHILE sums[last_hour] = 0 LOOP
--rollback         last_hour := last_hour - 1;
--rollback     END LOOP;
--rollback     trimmed := array_fill(0, ARRAY[last_hour - first_hour + 1], ARRAY[first_hour]);
--rollback     FOR h IN first_hour..last_hour LOOP
--rollback         trimmed[h] := sums[h];
--rollback     END LOOP;
--rollback     RETURN trimmed;
--rollback END
--rollback $$;
--rollback COMMENT ON FUNCTION evedmv_hour_counts(integer[], integer[], integer) IS 'kills by UTC hour as entity_daily.hourly_kills keeps them: a + b_factor * b hour by hour (subscript h is hour h - 1, a missing subscript is 0), trimmed to the subscripts from the first non-zero count to the last, ''{}'' when all are 0; the one form, so equal days compare equal';
