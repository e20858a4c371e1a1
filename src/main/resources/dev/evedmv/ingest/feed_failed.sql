-- A feed failed: the error and its time, and the start of the failure streak unless one is running.
INSERT INTO feed_state AS f (feed, last_error_at, last_error, failing_since) VALUES (:feed, now(), :error, now())
ON CONFLICT (feed) DO UPDATE SET last_error_at = now(), last_error = EXCLUDED.last_error,
                                 failing_since = coalesce(f.failing_since, now())
