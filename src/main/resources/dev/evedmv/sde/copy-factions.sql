COPY sde_stage_factions (faction_id, name, corporation_id) FROM STDIN (FORMAT csv)
