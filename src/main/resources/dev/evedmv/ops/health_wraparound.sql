-- Transaction ids used of the 2^31 before wraparound, for this database.
SELECT age(datfrozenxid)::bigint FROM pg_database WHERE datname = current_database()
