-- A feed's server answered: the feed works again (failing_since cleared) and its backlog is as given.
INSERT INTO feed_state AS f (feed, last_success_at, backlog) VALUES (:feed, now(), :backlog)
ON CONFLICT (feed) DO UPDATE SET last_success_at = now(), failing_since = NULL, backlog = EXCLUDED.backlog
