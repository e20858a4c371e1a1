INSERT INTO archived_partitions (partition_name, parent, month, bounds, row_count, sha256, file, schema_version)
VALUES (:partition, :parent, :month, :bounds, :rows, :sha256, :file, :schemaVersion)
ON CONFLICT (partition_name) DO UPDATE
SET bounds = excluded.bounds, row_count = excluded.row_count, sha256 = excluded.sha256, file = excluded.file,
    schema_version = excluded.schema_version, archived_at = now()
