-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_groups AS g (group_id, category_id, name, published)
    SELECT staged.group_id, staged.category_id, staged.name, staged.published
      FROM sde_stage_groups staged
      LEFT JOIN sde_groups cur ON cur.group_id = staged.group_id
     WHERE cur.group_id IS NULL
        OR (cur.category_id, cur.name, cur.published)
           IS DISTINCT FROM (staged.category_id, staged.name, staged.published)
    ON CONFLICT (group_id) DO UPDATE
       SET category_id = EXCLUDED.category_id,
           name = EXCLUDED.name,
           published = EXCLUDED.published
     WHERE (g.category_id, g.name, g.published)
           IS DISTINCT FROM (EXCLUDED.category_id, EXCLUDED.name, EXCLUDED.published)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
