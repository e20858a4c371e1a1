COPY sde_stage_types (type_id, group_id, name, published, mass, volume, base_price, market_group_id) FROM STDIN (FORMAT csv)
