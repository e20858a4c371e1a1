COPY sde_stage_constellations (constellation_id, region_id, name) FROM STDIN (FORMAT csv)
