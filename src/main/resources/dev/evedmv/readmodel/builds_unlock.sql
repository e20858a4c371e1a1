SELECT pg_advisory_unlock(hashtext('evedmv_read_model_builds'))
