-- A random sample of stored killmail ids (Bernoulli: every row with the same chance).
SELECT killmail_id FROM killmail_directory TABLESAMPLE BERNOULLI (CAST(:percent AS real)) LIMIT :limit
