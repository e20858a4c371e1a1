SELECT feed, cursor, extract(epoch FROM now() - updated_at)::bigint AS seconds_ago FROM feed_state ORDER BY feed
