-- db rederive: per entity_daily row, the new figures of the changed killmails minus their old ones (the
-- lists with negative counts where a count falls), into stage_daily for upsert_daily_deltas.
-- Rows whose figures are the same are left out.
INSERT INTO stage_daily
SELECT kind, entity_id, day, npc,
       coalesce(n.kills, 0) - coalesce(o.kills, 0),
       coalesce(n.losses, 0) - coalesce(o.losses, 0),
       coalesce(n.solo_kills, 0) - coalesce(o.solo_kills, 0),
       coalesce(n.solo_losses, 0) - coalesce(o.solo_losses, 0),
       coalesce(n.final_blows, 0) - coalesce(o.final_blows, 0),
       coalesce(n.isk_destroyed, 0) - coalesce(o.isk_destroyed, 0),
       coalesce(n.isk_lost, 0) - coalesce(o.isk_lost, 0),
       coalesce(n.attackers_on_kills, 0) - coalesce(o.attackers_on_kills, 0),
       evedmv_list_add(coalesce(n.hourly_kills, ''), coalesce(o.hourly_kills, ''), -1),
       evedmv_list_add(coalesce(n.ships, ''), coalesce(o.ships, ''), -1),
       evedmv_list_add(coalesce(n.systems, ''), coalesce(o.systems, ''), -1),
       evedmv_list_add(coalesce(n.members, ''), coalesce(o.members, ''), -1),
       evedmv_list_add(coalesce(n.corporations, ''), coalesce(o.corporations, ''), -1),
       evedmv_list_add(coalesce(n.alliances, ''), coalesce(o.alliances, ''), -1),
       evedmv_list_add(coalesce(n.enemies, ''), coalesce(o.enemies, ''), -1),
       evedmv_list_add(coalesce(n.killers, ''), coalesce(o.killers, ''), -1),
       evedmv_list_add(coalesce(n.killmail_ids, ''), coalesce(o.killmail_ids, ''), -1)
FROM rederive_new n
FULL JOIN rederive_old o USING (kind, entity_id, day, npc)
WHERE to_jsonb(n) IS DISTINCT FROM to_jsonb(o)
