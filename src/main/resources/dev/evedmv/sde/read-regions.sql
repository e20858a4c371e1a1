SELECT region_id, name
  FROM sde_regions
 ORDER BY region_id
