-- Rows are taken in primary-key order so concurrent writers lock them in the same order.
INSERT INTO entity_daily AS d
SELECT * FROM stage_daily
ORDER BY entity_kind, entity_id, day, npc
ON CONFLICT (entity_kind, entity_id, day, npc) DO UPDATE SET
    kills = d.kills + EXCLUDED.kills,
    losses = d.losses + EXCLUDED.losses,
    solo_kills = d.solo_kills + EXCLUDED.solo_kills,
    solo_losses = d.solo_losses + EXCLUDED.solo_losses,
    final_blows = d.final_blows + EXCLUDED.final_blows,
    isk_destroyed = d.isk_destroyed + EXCLUDED.isk_destroyed,
    isk_lost = d.isk_lost + EXCLUDED.isk_lost,
    attackers_on_kills = d.attackers_on_kills + EXCLUDED.attackers_on_kills,
    hourly_kills = (SELECT array_agg(a + b ORDER BY i)
                    FROM unnest(d.hourly_kills, EXCLUDED.hourly_kills) WITH ORDINALITY AS h(a, b, i)),
    ships = evedmv_add_counts(d.ships, EXCLUDED.ships),
    systems = evedmv_add_counts(d.systems, EXCLUDED.systems),
    members = evedmv_add_counts(d.members, EXCLUDED.members)
