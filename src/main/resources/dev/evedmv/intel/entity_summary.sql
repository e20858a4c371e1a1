-- Entity summary (docs/counting-rules.md §3) over the days [:since, :until) as one JSON document, from the rollups:
-- the totals, the heatmap and the months from the rows of entity_daily, then each top list through evedmv_entity_top
-- (which reads the monthly lists, the daily heads or the whole daily lists, whichever are current).
-- A character's associates are not here: Associates counts them (associate_kills.sql). Lists hold :limit
-- entries, by count descending then id ascending. Lists that do not apply to :kind come back null; the losing
-- side's figures of systems and regions are dropped by EntitySummary.forKind.
WITH daily AS MATERIALIZED (
    SELECT day, npc, kills, losses, solo_kills, solo_losses, final_blows, isk_destroyed, isk_lost,
           attackers_on_kills, hourly_kills
    FROM entity_daily
    WHERE entity_kind = :kind AND entity_id = :id AND day >= :since AND day < :until
      AND (NOT npc OR :include_npc)
),
totals AS (
    SELECT coalesce(sum(kills), 0)::bigint AS kills,
           coalesce(sum(losses), 0)::bigint AS losses,
           coalesce(sum(isk_destroyed), 0) AS isk_destroyed,
           coalesce(sum(isk_lost), 0) AS isk_lost,
           coalesce(sum(solo_kills), 0)::bigint AS solo_kills,
           coalesce(sum(solo_losses), 0)::bigint AS solo_losses,
           coalesce(sum(final_blows), 0)::bigint AS final_blows,
           coalesce(sum(attackers_on_kills), 0)::bigint AS attackers_on_kills
    FROM daily
),
-- per ISO weekday (1 = Monday) and UTC hour with kills, the kills summed over the days (a day lists only its hours
-- with kills)
hour_kills AS MATERIALIZED (
    SELECT extract(isodow FROM d.day)::integer AS weekday, e.id::integer AS hour, sum(e.n)::bigint AS kills
    FROM daily d
    CROSS JOIN LATERAL evedmv_list_entries(d.hourly_kills) AS e
    GROUP BY 1, 2
),
heatmap AS (
    SELECT json_agg(w.hours ORDER BY w.weekday) AS cells
    FROM (SELECT d.weekday, array_agg(coalesce(k.kills, 0) ORDER BY h.hour) AS hours
          FROM generate_series(1, 7) AS d(weekday)
          CROSS JOIN generate_series(0, 23) AS h(hour)
          LEFT JOIN hour_kills k ON k.weekday = d.weekday AND k.hour = h.hour
          GROUP BY d.weekday) AS w
),
timezones AS (
    -- zKillboard's buckets of the UTC hour
    SELECT json_build_object(
               'au', coalesce(sum(kills) FILTER (WHERE hour BETWEEN 8 AND 13), 0),
               'eu', coalesce(sum(kills) FILTER (WHERE hour BETWEEN 17 AND 21), 0),
               'ru', coalesce(sum(kills) FILTER (WHERE hour BETWEEN 14 AND 16), 0),
               'use', coalesce(sum(kills) FILTER (WHERE hour NOT BETWEEN 4 AND 21), 0),
               'usw', coalesce(sum(kills) FILTER (WHERE hour BETWEEN 4 AND 7), 0)) AS buckets
    FROM hour_kills
),
monthly AS (
    SELECT coalesce(json_agg(json_build_object('month', month, 'kills', kills, 'losses', losses,
                                               'isk_destroyed', isk_destroyed, 'isk_lost', isk_lost)
                             ORDER BY month), '[]') AS months
    FROM (SELECT to_char(day, 'YYYY-MM') AS month, sum(kills) AS kills, sum(losses) AS losses,
                 sum(isk_destroyed) AS isk_destroyed, sum(isk_lost) AS isk_lost
          FROM daily GROUP BY 1) AS m
),
-- the top lists the kind has, each once: :kind 1 character, 2 corporation, 3 alliance, 4 ship, 5 system, 6 region
-- (evedmv_kind); for systems and regions, members are the attacker characters there
tops AS MATERIALIZED (
    SELECT t.list_name, t.rank, t.entry_id, t.kills
    FROM evedmv_entity_top(:kind, :id, :since, :until, :include_npc,
                           CASE CAST(:kind AS integer)
                               WHEN evedmv_kind('character') THEN ARRAY['ships', 'systems', 'enemies', 'killers']
                               WHEN evedmv_kind('corporation')
                                   THEN ARRAY['ships', 'systems', 'members', 'enemies', 'killers']
                               WHEN evedmv_kind('alliance')
                                   THEN ARRAY['ships', 'systems', 'members', 'corporations', 'enemies', 'killers']
                               WHEN evedmv_kind('ship') THEN ARRAY['ships', 'systems']
                               WHEN evedmv_kind('system') THEN ARRAY['ships', 'members', 'corporations', 'alliances']
                               ELSE ARRAY['ships', 'systems', 'members', 'corporations', 'alliances'] END,
                           :limit) AS t
),
top_ships AS (
    SELECT coalesce(json_agg(json_build_object('type_id', t.entry_id,
                                               'name', (SELECT x.name FROM sde_types x WHERE x.type_id = t.entry_id),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'ships'
),
top_systems AS (
    SELECT coalesce(json_agg(json_build_object('system_id', t.entry_id,
                                               'name', (SELECT x.name FROM sde_systems x WHERE x.system_id = t.entry_id),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'systems'
),
top_members AS (
    SELECT coalesce(json_agg(json_build_object('character_id', t.entry_id,
                                               'name', (SELECT x.name FROM names x WHERE x.id = t.entry_id),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'members'
),
-- who hunts in a system or region: its members list holds every attacker character
top_characters AS (
    SELECT coalesce(json_agg(json_build_object('character_id', t.entry_id,
                                               'name', (SELECT x.name FROM names x WHERE x.id = t.entry_id),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'members'
),
top_corporations AS (
    SELECT coalesce(json_agg(json_build_object('corporation_id', t.entry_id,
                                               'name', (SELECT x.name FROM names x WHERE x.id = t.entry_id),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'corporations'
),
top_alliances AS (
    SELECT coalesce(json_agg(json_build_object('alliance_id', t.entry_id,
                                               'name', (SELECT x.name FROM names x WHERE x.id = t.entry_id),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'alliances'
),
-- who an entity fights: group keys (evedmv_group_key) are id * 10 + the entity_kind of an alliance or corporation
top_enemies AS (
    SELECT coalesce(json_agg(json_build_object('kind', CASE WHEN t.entry_id % 10 = evedmv_kind('alliance')
                                                            THEN 'alliance' ELSE 'corporation' END,
                                               'id', t.entry_id / 10,
                                               'name', (SELECT x.name FROM names x WHERE x.id = t.entry_id / 10),
                                               'kills', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'enemies'
),
top_killers AS (
    SELECT coalesce(json_agg(json_build_object('kind', CASE WHEN t.entry_id % 10 = evedmv_kind('alliance')
                                                            THEN 'alliance' ELSE 'corporation' END,
                                               'id', t.entry_id / 10,
                                               'name', (SELECT x.name FROM names x WHERE x.id = t.entry_id / 10),
                                               'losses', t.kills) ORDER BY t.rank), '[]') AS list
    FROM tops t WHERE t.list_name = 'killers'
),
-- the header: who a pilot flies for and the alliance of a corporation, as of their newest killmail (either side):
-- the entries of the killmail_ids of its entity_daily days, newest first (entity_daily_pkey backwards; each entry's time
-- evedmv_killmail_time), and the entity's row among the participants of the first
-- of them that has one (participants_killmail): a killmail of an archived month has none, and the next stands for it.
-- Days are decoded and sorted one at a time, so this usually reads the newest day and one killmail.
newest_killmails AS (
    SELECT d.day, e.id AS killmail_id, evedmv_killmail_time(d.day, e.n) AS killmail_time
    FROM entity_daily d
    CROSS JOIN LATERAL evedmv_list_entries(d.killmail_ids) AS e
    WHERE d.entity_kind = :kind AND d.entity_id = :id
      AND :kind IN (evedmv_kind('character'), evedmv_kind('corporation'))
    ORDER BY d.day DESC, killmail_time DESC, killmail_id DESC
),
newest_row AS (
    SELECT p.corporation_id, p.alliance_id, p.killmail_time
    FROM newest_killmails n
    CROSS JOIN LATERAL (SELECT p.corporation_id, p.alliance_id, p.killmail_time
                        FROM participants p
                        WHERE p.killmail_id = n.killmail_id AND p.killmail_time = n.killmail_time
                          AND CASE WHEN :kind = evedmv_kind('character') THEN p.character_id
                                   ELSE p.corporation_id END = :id
                        LIMIT 1) AS p
    ORDER BY n.day DESC, n.killmail_time DESC, n.killmail_id DESC
    LIMIT 1
),
pilot_affiliation AS (
    SELECT json_build_object('corporation_id', p.corporation_id,
                             'corporation_name', (SELECT x.name FROM names x WHERE x.id = p.corporation_id),
                             'alliance_id', p.alliance_id,
                             'alliance_name', (SELECT x.name FROM names x WHERE x.id = p.alliance_id),
                             'as_of', to_char(p.killmail_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
               AS affiliation
    FROM newest_row p
),
corporation_affiliation AS (
    SELECT json_build_object('alliance_id', p.alliance_id,
                             'alliance_name', (SELECT x.name FROM names x WHERE x.id = p.alliance_id),
                             'as_of', to_char(p.killmail_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
               AS affiliation
    FROM newest_row p
),
-- a system: its security status, constellation and region (the security band is worked out by EntitySummary)
system_location AS (
    SELECT json_build_object('security', s.security, 'constellation_id', s.constellation_id,
                             'constellation_name', c.name, 'region_id', s.region_id, 'region_name', r.name) AS place
    FROM sde_systems s
    LEFT JOIN sde_constellations c ON c.constellation_id = s.constellation_id
    LEFT JOIN sde_regions r ON r.region_id = s.region_id
    WHERE s.system_id = :id
)
SELECT json_build_object(
    'id', CAST(:id AS bigint),
    'name', CASE CAST(:kind AS integer)
                WHEN evedmv_kind('ship') THEN (SELECT name FROM sde_types WHERE type_id = :id)
                WHEN evedmv_kind('system') THEN (SELECT name FROM sde_systems WHERE system_id = :id)
                WHEN evedmv_kind('region') THEN (SELECT name FROM sde_regions WHERE region_id = :id)
                ELSE (SELECT name FROM names WHERE id = :id)
            END,
    'kills', t.kills,
    'losses', t.losses,
    'isk_destroyed', t.isk_destroyed,
    'isk_lost', t.isk_lost,
    'solo_kills', t.solo_kills,
    'solo_losses', t.solo_losses,
    'final_blows', t.final_blows,
    'danger_ratio', CASE WHEN t.kills + t.losses = 0 THEN 0 ELSE 100 * t.kills / (t.kills + t.losses) END,
    'gang_ratio', CASE WHEN t.kills = 0 THEN 0 ELSE 100 - 100 * t.solo_kills / t.kills END,
    'avg_gang_size', CASE WHEN t.kills = 0 THEN 0.00 ELSE round(t.attackers_on_kills::numeric / t.kills, 2) END,
    'heatmap', (SELECT cells FROM heatmap),
    'timezones', (SELECT buckets FROM timezones),
    'monthly', (SELECT months FROM monthly),
    'top_ships', (SELECT list FROM top_ships),
    'top_systems', CASE WHEN CAST(:kind AS integer) <> evedmv_kind('system') THEN (SELECT list FROM top_systems) END,
    'top_members', CASE WHEN CAST(:kind AS integer) IN (evedmv_kind('corporation'), evedmv_kind('alliance'))
                        THEN (SELECT list FROM top_members) END,
    'top_characters', CASE WHEN CAST(:kind AS integer) IN (evedmv_kind('system'), evedmv_kind('region'))
                           THEN (SELECT list FROM top_characters) END,
    'top_corporations', CASE WHEN CAST(:kind AS integer) IN (evedmv_kind('alliance'), evedmv_kind('system'),
                                                             evedmv_kind('region'))
                             THEN (SELECT list FROM top_corporations) END,
    'top_alliances', CASE WHEN CAST(:kind AS integer) IN (evedmv_kind('system'), evedmv_kind('region'))
                          THEN (SELECT list FROM top_alliances) END,
    'top_enemies', CASE WHEN CAST(:kind AS integer) IN (evedmv_kind('character'), evedmv_kind('corporation'),
                                                        evedmv_kind('alliance'))
                        THEN (SELECT list FROM top_enemies) END,
    'affiliation', CASE CAST(:kind AS integer)
                       WHEN evedmv_kind('character') THEN (SELECT affiliation FROM pilot_affiliation)
                       WHEN evedmv_kind('corporation') THEN (SELECT affiliation FROM corporation_affiliation) END,
    'location', CASE WHEN CAST(:kind AS integer) = evedmv_kind('system') THEN (SELECT place FROM system_location) END,
    'top_killers', CASE WHEN CAST(:kind AS integer) IN (evedmv_kind('character'), evedmv_kind('corporation'),
                                                        evedmv_kind('alliance'))
                        THEN (SELECT list FROM top_killers) END)::text
FROM totals t
