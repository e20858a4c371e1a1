-- types from a source with only id, group and name (zKillboard's items.json): the other columns
-- of existing rows are kept, new rows get the column defaults
-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_types AS t (type_id, group_id, name)
    SELECT staged.type_id, staged.group_id, staged.name
      FROM sde_stage_types staged
      LEFT JOIN sde_types cur ON cur.type_id = staged.type_id
     WHERE cur.type_id IS NULL
        OR (cur.group_id, cur.name)
           IS DISTINCT FROM (staged.group_id, staged.name)
    ON CONFLICT (type_id) DO UPDATE
       SET group_id = EXCLUDED.group_id,
           name = EXCLUDED.name
     WHERE (t.group_id, t.name)
           IS DISTINCT FROM (EXCLUDED.group_id, EXCLUDED.name)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
