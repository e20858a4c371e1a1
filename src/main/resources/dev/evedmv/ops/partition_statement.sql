-- Builds one maintenance statement on a monthly table, quoting every name with %I and every
-- bound with %L, so that no name reaches SQL unquoted. The bounds are those of
-- evedmv_ensure_month_partition: [month, month + 1 month) in UTC. A restore COPYs into the parent's
-- first :fields columns, those an archive holds: one written before a column was added (at the end,
-- as every migration adds them) leaves that column NULL; NULL means every column.
SELECT CASE :action
    WHEN 'detach'   THEN format('ALTER TABLE %I DETACH PARTITION %I CONCURRENTLY', :parent, :partition)
    WHEN 'finalize' THEN format('ALTER TABLE %I DETACH PARTITION %I FINALIZE', :parent, :partition)
    WHEN 'drop'     THEN format('DROP TABLE IF EXISTS %I', :partition)
    WHEN 'count'    THEN format('SELECT count(*) FROM %I', :partition)
    WHEN 'copy_out' THEN format('COPY %I TO STDOUT (FORMAT binary)', :partition)
    WHEN 'copy_in'  THEN format('COPY %I (%s) FROM STDIN (FORMAT binary)', :partition, archived.columns)
    WHEN 'create'   THEN format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', :partition, :parent)
    WHEN 'create_staging' THEN format('CREATE TEMP TABLE %I (LIKE %I INCLUDING DEFAULTS) ON COMMIT DROP',
                                      'restore_' || :partition, :parent)
    WHEN 'copy_staging'   THEN format('COPY %I (%s) FROM STDIN (FORMAT binary)', 'restore_' || :partition,
                                      archived.columns)
    -- killmail by killmail: participants have no unique key, and a killmail's rows of each table are
    -- written together, so a killmail present is present whole
    WHEN 'merge_staging'  THEN format('INSERT INTO %1$I SELECT * FROM %2$I r '
                                      'WHERE NOT EXISTS (SELECT 1 FROM %1$I x WHERE x.killmail_id = r.killmail_id)',
                                      :partition, 'restore_' || :partition)
    -- an archive of killmails written before migration 036 holds player_attacker_ids as bigint[]: the table
    -- restored into (:partition) takes them so, then converts them to their bytes
    WHEN 'attackers_as_arrays' THEN format('ALTER TABLE %I ALTER COLUMN player_attacker_ids TYPE bigint[] USING NULL',
                                           :partition)
    WHEN 'attackers_as_bytes'  THEN format('ALTER TABLE %I ALTER COLUMN player_attacker_ids TYPE bytea '
                                           'USING evedmv_id_bytes(player_attacker_ids)', :partition)
    WHEN 'attach'   THEN format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', :parent, :partition,
                                (:month)::date::timestamp AT TIME ZONE 'UTC',
                                ((:month)::date + interval '1 month')::timestamp AT TIME ZONE 'UTC')
    WHEN 'column_count' THEN (SELECT count(*) FROM pg_attribute
                              WHERE attrelid = to_regclass(quote_ident(:parent)) AND attnum > 0 AND NOT attisdropped)::text
    WHEN 'bounds'   THEN format('FOR VALUES FROM (%L) TO (%L)',
                                (:month)::date::timestamp AT TIME ZONE 'UTC',
                                ((:month)::date + interval '1 month')::timestamp AT TIME ZONE 'UTC')
END
FROM (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS columns
      FROM (SELECT attname, attnum
            FROM pg_attribute
            WHERE attrelid = to_regclass(quote_ident(:parent)) AND attnum > 0 AND NOT attisdropped
            ORDER BY attnum
            LIMIT :fields) AS first_columns) AS archived
