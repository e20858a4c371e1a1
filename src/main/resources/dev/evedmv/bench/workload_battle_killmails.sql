-- A random sample of the killmails that are in a battle, whose battle the workload asks for.
SELECT killmail_id FROM battle_killmails ORDER BY random() LIMIT :limit
