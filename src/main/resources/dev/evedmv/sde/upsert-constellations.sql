-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_constellations AS c (constellation_id, region_id, name)
    SELECT staged.constellation_id, staged.region_id, staged.name
      FROM sde_stage_constellations staged
      LEFT JOIN sde_constellations cur ON cur.constellation_id = staged.constellation_id
     WHERE cur.constellation_id IS NULL
        OR (cur.region_id, cur.name)
           IS DISTINCT FROM (staged.region_id, staged.name)
    ON CONFLICT (constellation_id) DO UPDATE
       SET region_id = EXCLUDED.region_id,
           name = EXCLUDED.name
     WHERE (c.region_id, c.name)
           IS DISTINCT FROM (EXCLUDED.region_id, EXCLUDED.name)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
