-- How far a replica is behind. now() - pg_last_xact_replay_timestamp() alone grows while the
-- primary is idle, so a replica that has replayed everything it received counts as 0; NULL
-- (never streamed, or not a standby) leaves the replica out.
SELECT pg_is_in_recovery() AS in_recovery,
       CASE WHEN pg_last_wal_receive_lsn() IS NOT NULL
                 AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0.0
            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
       END AS lag_seconds
