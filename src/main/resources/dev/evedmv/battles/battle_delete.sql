-- docs/battles.md, kept current: the battles of the recomputed spans deleted before those found in them
-- are inserted. Battles never cross a gap of more than 15 minutes, so every old battle that starts in
-- a span lies in it; deleting a battle deletes its battle_killmails rows (ON DELETE CASCADE).
DELETE FROM battles b
USING unnest(CAST(:systems AS integer[]), CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
    AS s(system_id, span_start, span_end)
WHERE b.solar_system_id = s.system_id AND b.start_time >= s.span_start AND b.start_time <= s.span_end
