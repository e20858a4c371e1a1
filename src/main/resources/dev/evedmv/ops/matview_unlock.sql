SELECT pg_advisory_unlock(hashtext('evedmv_matview_refresh'))
