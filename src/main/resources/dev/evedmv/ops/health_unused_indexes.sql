-- Large indexes never scanned since statistics were reset (unique ones enforce constraints and are left out).
SELECT s.indexrelname || ' (' || pg_size_pretty(pg_relation_size(s.indexrelid)) || ')'
FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
WHERE s.idx_scan = 0 AND NOT i.indisunique AND pg_relation_size(s.indexrelid) > 100 * 1024 * 1024
ORDER BY pg_relation_size(s.indexrelid) DESC
