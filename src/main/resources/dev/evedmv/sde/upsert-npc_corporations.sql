-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_npc_corporations AS c (corporation_id, name, faction_id)
    SELECT staged.corporation_id, staged.name, staged.faction_id
      FROM sde_stage_npc_corporations staged
      LEFT JOIN sde_npc_corporations cur ON cur.corporation_id = staged.corporation_id
     WHERE cur.corporation_id IS NULL
        OR (cur.name, cur.faction_id)
           IS DISTINCT FROM (staged.name, staged.faction_id)
    ON CONFLICT (corporation_id) DO UPDATE
       SET name = EXCLUDED.name,
           faction_id = EXCLUDED.faction_id
     WHERE (c.name, c.faction_id)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.faction_id)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
