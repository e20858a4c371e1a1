-- The latest killmail time comes from the killmails partitions' time index (a backward index
-- scan per partition), not from killmail_directory, which has no index on time.
SELECT greatest((SELECT reltuples FROM pg_class WHERE relname = 'killmail_directory'), 0)::bigint AS killmails_estimate,
       (SELECT count(*) FROM rejected_input) AS rejected,
       (SELECT max(killmail_time) FROM killmails WHERE killmail_time <= now() + interval '1 day') AS latest_killmail_time
