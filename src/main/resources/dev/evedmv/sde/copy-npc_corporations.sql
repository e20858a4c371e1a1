COPY sde_stage_npc_corporations (corporation_id, name, faction_id) FROM STDIN (FORMAT csv)
