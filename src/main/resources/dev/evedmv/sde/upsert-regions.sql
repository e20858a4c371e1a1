WITH written AS (
    INSERT INTO sde_regions AS r (region_id, name)
    SELECT region_id, name FROM sde_stage_regions
    ON CONFLICT (region_id) DO UPDATE
       SET name = EXCLUDED.name
     WHERE r.name IS DISTINCT FROM EXCLUDED.name
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
