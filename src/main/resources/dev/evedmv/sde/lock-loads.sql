-- one load at a time; concurrent loads queue here instead of interleaving their upserts
SELECT pg_advisory_xact_lock(hashtext('evedmv.sde.load'))
