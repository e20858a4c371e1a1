-- db verify: the first and last day of entity_daily (one index probe per kind and end along
-- entity_daily_kind_day) and of rollup_days, within [:since, :until): the months rollup_days is checked over.
SELECT min(first) AS first, max(last) AS last
FROM (SELECT (SELECT min(e.day) FROM entity_daily e
              WHERE e.entity_kind = k.kind AND e.day >= CAST(:since AS date) AND e.day < CAST(:until AS date)) AS first,
             (SELECT max(e.day) FROM entity_daily e
              WHERE e.entity_kind = k.kind AND e.day >= CAST(:since AS date) AND e.day < CAST(:until AS date)) AS last
      FROM generate_series(CAST(evedmv_kind('character') AS integer), CAST(evedmv_kind('region') AS integer)) AS k(kind)
      UNION ALL
      SELECT min(day), max(day) FROM rollup_days
      WHERE day >= CAST(:since AS date) AND day < CAST(:until AS date)) AS ends
