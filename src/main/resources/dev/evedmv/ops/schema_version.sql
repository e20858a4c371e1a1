-- The id of the last changeset applied: the schema an archive was written with.
SELECT id FROM databasechangelog ORDER BY orderexecuted DESC LIMIT 1
