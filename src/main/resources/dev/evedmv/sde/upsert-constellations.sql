WITH written AS (
    INSERT INTO sde_constellations AS c (constellation_id, region_id, name)
    SELECT constellation_id, region_id, name FROM sde_stage_constellations
    ON CONFLICT (constellation_id) DO UPDATE
       SET region_id = EXCLUDED.region_id, name = EXCLUDED.name
     WHERE (c.region_id, c.name) IS DISTINCT FROM (EXCLUDED.region_id, EXCLUDED.name)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
