COPY sde_stage_regions (region_id, name) FROM STDIN (FORMAT csv)
