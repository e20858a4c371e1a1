-- the types the synthetic generator draws ships, modules, charges and NPC entities from
SELECT t.type_id, t.name, t.group_id, g.category_id, t.published
FROM sde_types t
JOIN sde_groups g ON g.group_id = t.group_id
WHERE g.category_id IN (6, 7, 8, 11)
ORDER BY t.type_id
