SELECT count(*) AS systems, min(constellation_id) AS example_constellation
  FROM sde_stage_systems
 WHERE region_id IS NULL
