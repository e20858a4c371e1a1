-- One builder of the derived tables at a time across processes: a session lock, released by builds_unlock.
SELECT pg_try_advisory_lock(hashtext('evedmv_read_model_builds'))
