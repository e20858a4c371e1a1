-- one load at a time; concurrent loads queue here instead of interleaving their upserts
SELECT 1 FROM pg_advisory_xact_lock(hashtext('evedmv.sde.load'))
