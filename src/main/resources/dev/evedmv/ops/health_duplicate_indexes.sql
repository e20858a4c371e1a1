-- Indexes whose key columns (and predicate) are a leading prefix of another index on the same table.
SELECT a.indexrelid::regclass::text || ' is covered by ' || b.indexrelid::regclass::text
FROM pg_index a
JOIN pg_index b ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
JOIN pg_class c ON c.oid = a.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema()
  AND NOT c.relispartition
  AND NOT a.indisunique AND NOT a.indisprimary
  AND a.indkey::text = (string_to_array(b.indkey::text, ' '))[1 : array_length(string_to_array(a.indkey::text, ' '), 1)]::text
  AND coalesce(pg_get_expr(a.indpred, a.indrelid), '') = coalesce(pg_get_expr(b.indpred, b.indrelid), '')
  AND coalesce(pg_get_expr(a.indexprs, a.indrelid), '') = coalesce(pg_get_expr(b.indexprs, b.indrelid), '')
  AND a.indclass::text = (string_to_array(b.indclass::text, ' '))[1 : array_length(string_to_array(a.indclass::text, ' '), 1)]::text
  AND (a.indkey::text <> b.indkey::text OR a.indexrelid > b.indexrelid)
ORDER BY 1
