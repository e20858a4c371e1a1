SELECT (SELECT count(*) FROM sde_categories)       AS categories,
       (SELECT count(*) FROM sde_groups)           AS groups,
       (SELECT count(*) FROM sde_types)            AS types,
       (SELECT count(*) FROM sde_regions)          AS regions,
       (SELECT count(*) FROM sde_constellations)   AS constellations,
       (SELECT count(*) FROM sde_systems)          AS systems,
       (SELECT count(*) FROM sde_factions)         AS factions,
       (SELECT count(*) FROM sde_npc_corporations) AS npc_corporations
