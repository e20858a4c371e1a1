WITH written AS (
    INSERT INTO sde_systems AS s (system_id, constellation_id, region_id, name, security, security_class)
    SELECT system_id, constellation_id, region_id, name, security, security_class FROM sde_stage_systems
    ON CONFLICT (system_id) DO UPDATE
       SET constellation_id = EXCLUDED.constellation_id, region_id = EXCLUDED.region_id, name = EXCLUDED.name,
           security = EXCLUDED.security, security_class = EXCLUDED.security_class
     WHERE (s.constellation_id, s.region_id, s.name, s.security, s.security_class)
           IS DISTINCT FROM
           (EXCLUDED.constellation_id, EXCLUDED.region_id, EXCLUDED.name, EXCLUDED.security, EXCLUDED.security_class)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
