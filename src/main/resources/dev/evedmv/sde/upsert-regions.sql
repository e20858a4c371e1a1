-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_regions AS r (region_id, name)
    SELECT staged.region_id, staged.name
      FROM sde_stage_regions staged
      LEFT JOIN sde_regions cur ON cur.region_id = staged.region_id
     WHERE cur.region_id IS NULL
        OR cur.name
           IS DISTINCT FROM staged.name
    ON CONFLICT (region_id) DO UPDATE
       SET name = EXCLUDED.name
     WHERE r.name
           IS DISTINCT FROM EXCLUDED.name
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
