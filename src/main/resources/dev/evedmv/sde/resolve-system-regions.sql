-- systems without a region (zKillboard's mapSystems.jsonl) take their constellation's, from this
-- load when it has constellations, else from the constellations already stored
UPDATE sde_stage_systems s
   SET region_id = c.region_id
  FROM (SELECT constellation_id, region_id FROM sde_stage_constellations
        UNION ALL
        SELECT constellation_id, region_id FROM sde_constellations stored
         WHERE NOT EXISTS (SELECT 1 FROM sde_stage_constellations staged
                            WHERE staged.constellation_id = stored.constellation_id)) c
 WHERE s.region_id IS NULL
   AND c.constellation_id = s.constellation_id
