-- db rederive: after the deltas, a row no killmail counts any more goes (every killmail counts a kill or a loss),
-- so that the rows equal a recomputation (db verify); an id whose count fell to zero has already left its list
-- (evedmv_list_add).
DELETE FROM entity_daily d
USING stage_daily s
WHERE d.entity_kind = s.entity_kind AND d.entity_id = s.entity_id AND d.day = s.day AND d.npc = s.npc
  AND d.kills = 0 AND d.losses = 0
