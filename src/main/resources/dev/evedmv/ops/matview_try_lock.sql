-- One refresher at a time across processes: a session lock, released by matview_unlock.
SELECT pg_try_advisory_lock(hashtext('evedmv_matview_refresh'))
