-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_categories AS c (category_id, name, published)
    SELECT staged.category_id, staged.name, staged.published
      FROM sde_stage_categories staged
      LEFT JOIN sde_categories cur ON cur.category_id = staged.category_id
     WHERE cur.category_id IS NULL
        OR (cur.name, cur.published)
           IS DISTINCT FROM (staged.name, staged.published)
    ON CONFLICT (category_id) DO UPDATE
       SET name = EXCLUDED.name,
           published = EXCLUDED.published
     WHERE (c.name, c.published)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.published)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
