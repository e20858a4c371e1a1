-- db rederive: the monthly lists and daily heads of the entity-days whose rows changed go (summaries read the
-- daily rows until then), and their kinds' months are built again by the next refresh.
DELETE FROM entity_monthly_lists m
USING (SELECT DISTINCT entity_kind, entity_id, date_trunc('month', day)::date AS month FROM stage_daily) s
WHERE m.entity_kind = s.entity_kind AND m.entity_id = s.entity_id AND m.month = s.month;
DELETE FROM entity_daily_heads h
USING (SELECT DISTINCT entity_kind, entity_id, day FROM stage_daily) s
WHERE h.entity_kind = s.entity_kind AND h.entity_id = s.entity_id AND h.day = s.day;
DELETE FROM entity_monthly_builds b
USING (SELECT DISTINCT entity_kind, date_trunc('month', day)::date AS month FROM stage_daily) s
WHERE b.entity_kind = s.entity_kind AND b.month = s.month;
