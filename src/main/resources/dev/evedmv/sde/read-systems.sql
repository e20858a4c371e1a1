SELECT system_id, name, constellation_id, region_id, security
  FROM sde_systems
 ORDER BY system_id
