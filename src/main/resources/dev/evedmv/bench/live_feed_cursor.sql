-- bench live: the fresh database's R2Z2 cursor, so the feed starts at the fake's first sequence.
INSERT INTO feed_state (feed, cursor) VALUES (:feed, :cursor)
ON CONFLICT (feed) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()
