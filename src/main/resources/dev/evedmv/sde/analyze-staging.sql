ANALYZE sde_stage_categories, sde_stage_groups, sde_stage_types, sde_stage_regions, sde_stage_constellations,
        sde_stage_systems, sde_stage_factions, sde_stage_npc_corporations
