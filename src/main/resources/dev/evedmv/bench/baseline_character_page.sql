-- The original system's character page, kept only as the baseline of `bench baseline`: every figure is
-- worked out from the raw killmail JSON over [since, until), each killmail's attacker array unnested
-- (jsonb_array_elements) and filtered by character id; losses by the victim's character id; associates by
-- unnesting the attackers of those kills once more. It reads baseline_payloads, the window's stored payloads
-- decoded into jsonb by BaselineBenchmark (the server cannot read the compressed ones).
WITH attacks AS MATERIALIZED (
    SELECT p.killmail_id,
           p.killmail_time,
           (p.esi ->> 'solar_system_id')::int   AS system_id,
           (a ->> 'ship_type_id')::int          AS ship_type_id,
           coalesce((a ->> 'final_blow')::boolean, false) AS final_blow,
           jsonb_array_length(p.esi -> 'attackers') AS attackers,
           p.esi -> 'attackers' AS all_attackers
      FROM baseline_payloads p
     CROSS JOIN LATERAL jsonb_array_elements(p.esi -> 'attackers') a
     WHERE p.killmail_time >= :since AND p.killmail_time < :until
       AND (a ->> 'character_id')::bigint = :id
), lost AS (
    SELECT count(*) AS losses
      FROM baseline_payloads p
     WHERE p.killmail_time >= :since AND p.killmail_time < :until
       AND (p.esi -> 'victim' ->> 'character_id')::bigint = :id
)
SELECT json_build_object(
    'kills',         (SELECT count(DISTINCT killmail_id) FROM attacks),
    'losses',        (SELECT losses FROM lost),
    'final_blows',   (SELECT count(*) FROM attacks WHERE final_blow),
    'avg_gang_size', (SELECT round(avg(attackers), 2) FROM attacks),
    'top_ships',     (SELECT json_agg(s) FROM (SELECT ship_type_id, count(DISTINCT killmail_id) AS kills FROM attacks
                       GROUP BY ship_type_id ORDER BY 2 DESC, 1 LIMIT 10) s),
    'top_systems',   (SELECT json_agg(s) FROM (SELECT system_id, count(DISTINCT killmail_id) AS kills FROM attacks
                       GROUP BY system_id ORDER BY 2 DESC, 1 LIMIT 10) s),
    'associates',    (SELECT json_agg(s) FROM (SELECT (o ->> 'character_id')::bigint AS character_id,
                       count(DISTINCT t.killmail_id) AS kills
                       FROM attacks t CROSS JOIN LATERAL jsonb_array_elements(t.all_attackers) o
                      WHERE evedmv_is_player_character((o ->> 'character_id')::bigint) AND (o ->> 'character_id')::bigint <> :id
                      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10) s),
    'hours',         (SELECT json_agg(s) FROM (SELECT extract(hour FROM killmail_time AT TIME ZONE 'UTC') AS hour,
                       count(DISTINCT killmail_id) AS kills FROM attacks GROUP BY 1 ORDER BY 1) s)
)::text
