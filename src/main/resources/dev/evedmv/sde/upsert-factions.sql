-- only rows that are new or differ reach the INSERT, so a repeated load writes nothing
WITH written AS (
    INSERT INTO sde_factions AS f (faction_id, name, corporation_id)
    SELECT staged.faction_id, staged.name, staged.corporation_id
      FROM sde_stage_factions staged
      LEFT JOIN sde_factions cur ON cur.faction_id = staged.faction_id
     WHERE cur.faction_id IS NULL
        OR (cur.name, cur.corporation_id)
           IS DISTINCT FROM (staged.name, staged.corporation_id)
    ON CONFLICT (faction_id) DO UPDATE
       SET name = EXCLUDED.name,
           corporation_id = EXCLUDED.corporation_id
     WHERE (f.name, f.corporation_id)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.corporation_id)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
  FROM written
