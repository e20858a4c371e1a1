-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_types AS t (type_id, group_id, name, published, mass, volume, base_price, market_group_id)
    SELECT staged.type_id, staged.group_id, staged.name, staged.published, staged.mass, staged.volume, staged.base_price, staged.market_group_id
      FROM sde_stage_types staged
      LEFT JOIN sde_types cur ON cur.type_id = staged.type_id
     WHERE cur.type_id IS NULL
        OR (cur.group_id, cur.name, cur.published, cur.mass, cur.volume, cur.base_price, cur.market_group_id)
           IS DISTINCT FROM (staged.group_id, staged.name, staged.published, staged.mass, staged.volume, staged.base_price, staged.market_group_id)
    ON CONFLICT (type_id) DO UPDATE
       SET group_id = EXCLUDED.group_id,
           name = EXCLUDED.name,
           published = EXCLUDED.published,
           mass = EXCLUDED.mass,
           volume = EXCLUDED.volume,
           base_price = EXCLUDED.base_price,
           market_group_id = EXCLUDED.market_group_id
     WHERE (t.group_id, t.name, t.published, t.mass, t.volume, t.base_price, t.market_group_id)
           IS DISTINCT FROM (EXCLUDED.group_id, EXCLUDED.name, EXCLUDED.published, EXCLUDED.mass, EXCLUDED.volume, EXCLUDED.base_price, EXCLUDED.market_group_id)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
