COPY sde_stage_categories (category_id, name, published) FROM STDIN (FORMAT csv)
