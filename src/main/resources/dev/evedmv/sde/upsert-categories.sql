WITH written AS (
    INSERT INTO sde_categories AS c (category_id, name, published)
    SELECT category_id, name, published FROM sde_stage_categories
    ON CONFLICT (category_id) DO UPDATE
       SET name = EXCLUDED.name, published = EXCLUDED.published
     WHERE (c.name, c.published) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.published)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
