WITH written AS (
    INSERT INTO sde_groups AS g (group_id, category_id, name, published)
    SELECT group_id, category_id, name, published FROM sde_stage_groups
    ON CONFLICT (group_id) DO UPDATE
       SET category_id = EXCLUDED.category_id, name = EXCLUDED.name, published = EXCLUDED.published
     WHERE (g.category_id, g.name, g.published) IS DISTINCT FROM (EXCLUDED.category_id, EXCLUDED.name, EXCLUDED.published)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
