-- Names fetched longer ago than the TTL, oldest first (corporations and alliances get renamed); served by names_refresh.
SELECT id
FROM names
WHERE NOT unknown AND fetched_at < now() - make_interval(secs => :ttl_seconds)
ORDER BY fetched_at
LIMIT :limit
