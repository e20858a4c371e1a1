-- db verify, battles: the stored battles that start in the given spans, to compare with what the
-- definition finds there.
SELECT b.battle_id, b.solar_system_id, b.region_id, b.start_time, b.end_time, b.killmails, b.killmail_ids,
       b.isk_destroyed, b.pilots, b.sides
FROM unnest(CAST(:systems AS integer[]), CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
    AS s(system_id, span_start, span_end)
JOIN battles b ON b.solar_system_id = s.system_id AND b.start_time >= s.span_start AND b.start_time <= s.span_end
ORDER BY b.battle_id
