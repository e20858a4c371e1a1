-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_systems AS s (system_id, constellation_id, region_id, name, security, security_class)
    SELECT staged.system_id, staged.constellation_id, staged.region_id, staged.name, staged.security, staged.security_class
      FROM sde_stage_systems staged
      LEFT JOIN sde_systems cur ON cur.system_id = staged.system_id
     WHERE cur.system_id IS NULL
        OR (cur.constellation_id, cur.region_id, cur.name, cur.security, cur.security_class)
           IS DISTINCT FROM (staged.constellation_id, staged.region_id, staged.name, staged.security, staged.security_class)
    ON CONFLICT (system_id) DO UPDATE
       SET constellation_id = EXCLUDED.constellation_id,
           region_id = EXCLUDED.region_id,
           name = EXCLUDED.name,
           security = EXCLUDED.security,
           security_class = EXCLUDED.security_class
     WHERE (s.constellation_id, s.region_id, s.name, s.security, s.security_class)
           IS DISTINCT FROM (EXCLUDED.constellation_id, EXCLUDED.region_id, EXCLUDED.name, EXCLUDED.security, EXCLUDED.security_class)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
