COPY sde_stage_groups (group_id, category_id, name, published) FROM STDIN (FORMAT csv)
