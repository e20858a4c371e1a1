-- docs/battles.md: battles that started in [:since, :until), newest first (start_time, battle_id descending),
-- after the cursor (:before_time, :before_id), optionally of one system or region and with at least
-- :min_killmails killmails; one more than the page so that the caller knows whether a next page exists.
SELECT b.battle_id, b.solar_system_id, sys.name AS system_name, b.region_id, b.start_time, b.end_time, b.killmails,
       b.killmail_ids, b.isk_destroyed, b.pilots, b.sides
FROM battles b
LEFT JOIN sde_systems sys ON sys.system_id = b.solar_system_id
WHERE b.start_time >= CAST(:since AS timestamptz) AND b.start_time < CAST(:until AS timestamptz)
  AND (b.start_time, b.battle_id) < (CAST(:before_time AS timestamptz), CAST(:before_id AS bigint))
  AND (CAST(:system_id AS integer) IS NULL OR b.solar_system_id = CAST(:system_id AS integer))
  AND (CAST(:region_id AS integer) IS NULL OR b.region_id = CAST(:region_id AS integer))
  AND b.killmails >= CAST(:min_killmails AS integer)
ORDER BY b.start_time DESC, b.battle_id DESC
LIMIT CAST(:limit AS integer) + 1
