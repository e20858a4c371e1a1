-- a type whose group is not loaded gets category 0, which no counting rule treats as anything
SELECT t.type_id, t.name, t.group_id, coalesce(g.category_id, 0) AS category_id, t.published
  FROM sde_types t
  LEFT JOIN sde_groups g ON g.group_id = t.group_id
 ORDER BY t.type_id
