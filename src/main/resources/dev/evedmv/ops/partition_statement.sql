-- Builds one maintenance statement on a monthly table, quoting every name with %I and every
-- bound with %L, so that no name reaches SQL unquoted. The bounds are those of
-- evedmv_ensure_month_partition: [month, month + 1 month) in UTC.
SELECT CASE :action
    WHEN 'detach'   THEN format('ALTER TABLE %I DETACH PARTITION %I CONCURRENTLY', :parent, :partition)
    WHEN 'finalize' THEN format('ALTER TABLE %I DETACH PARTITION %I FINALIZE', :parent, :partition)
    WHEN 'drop'     THEN format('DROP TABLE IF EXISTS %I', :partition)
    WHEN 'count'    THEN format('SELECT count(*) FROM %I', :partition)
    WHEN 'copy_out' THEN format('COPY %I TO STDOUT (FORMAT binary)', :partition)
    WHEN 'copy_in'  THEN format('COPY %I FROM STDIN (FORMAT binary)', :partition)
    WHEN 'create'   THEN format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', :partition, :parent)
    WHEN 'create_staging' THEN format('CREATE TEMP TABLE %I (LIKE %I INCLUDING DEFAULTS) ON COMMIT DROP',
                                      'restore_' || :partition, :parent)
    WHEN 'copy_staging'   THEN format('COPY %I FROM STDIN (FORMAT binary)', 'restore_' || :partition)
    WHEN 'merge_staging'  THEN format('INSERT INTO %I SELECT * FROM %I ON CONFLICT DO NOTHING', :partition,
                                      'restore_' || :partition)
    WHEN 'attach'   THEN format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', :parent, :partition,
                                (:month)::date::timestamp AT TIME ZONE 'UTC',
                                ((:month)::date + interval '1 month')::timestamp AT TIME ZONE 'UTC')
    WHEN 'bounds'   THEN format('FOR VALUES FROM (%L) TO (%L)',
                                (:month)::date::timestamp AT TIME ZONE 'UTC',
                                ((:month)::date + interval '1 month')::timestamp AT TIME ZONE 'UTC')
END
