-- db rederive --rollups: the staged stale rows go.
DELETE FROM entity_daily d
USING stage_daily s
WHERE d.entity_kind = s.entity_kind AND d.entity_id = s.entity_id AND d.day = s.day AND d.npc = s.npc
