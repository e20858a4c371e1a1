COPY sde_stage_systems (system_id, constellation_id, region_id, name, security, security_class) FROM STDIN (FORMAT csv)
