-- Monthly tables archived by 'partitions archive' and not restored since.
SELECT partition_name, parent, month, row_count, sha256, file, archived_at
FROM archived_partitions
ORDER BY month, parent
