-- db verify, the rankings that are not current or have no build record: what any ranking must be whatever it
-- counted. Per window, kind and order: ranks 1 … n without a gap, figures descending (ties by id), kills
-- above zero, :length ranks unless the build says complete, and as many ranks by kills as by ISK when it
-- does (both hold every entity with kills); and a build record for every ranking. Returns each difference
-- with its window and kind; the caller keeps those of the rankings it did not recompute.
WITH ranked AS (
    SELECT t.*, lag(t.entity_id) OVER w AS previous_id,
           lag(CASE WHEN t.by_isk THEN t.isk_destroyed ELSE t.kills END) OVER w AS previous_figure,
           CASE WHEN t.by_isk THEN t.isk_destroyed ELSE t.kills END AS figure
    FROM top_rankings t
    WINDOW w AS (PARTITION BY t.window_days, t.entity_kind, t.by_isk ORDER BY t.rank)
),
lists AS (
    SELECT window_days, entity_kind, by_isk, count(*) AS ranks, min(rank) AS first, max(rank) AS last
    FROM top_rankings
    GROUP BY window_days, entity_kind, by_isk
)
SELECT r.window_days, r.entity_kind,
       format('kind %s window %s rank %s: entity %s out of order or without kills', r.entity_kind, r.window_days, r.rank,
              r.entity_id) AS difference
FROM ranked r
WHERE r.kills <= 0 OR r.figure > r.previous_figure OR (r.figure = r.previous_figure AND r.entity_id < r.previous_id)
UNION ALL
SELECT l.window_days, l.entity_kind, format('kind %s window %s %s: ranks %s to %s, %s of them', l.entity_kind,
       l.window_days, CASE WHEN l.by_isk THEN 'by ISK' ELSE 'by kills' END, l.first, l.last, l.ranks)
FROM lists l
WHERE l.first <> 1 OR l.last <> l.ranks
UNION ALL
SELECT l.window_days, l.entity_kind, format('kind %s window %s: no build record for its %s ranks', l.entity_kind,
       l.window_days, l.ranks)
FROM lists l
WHERE NOT EXISTS (SELECT 1 FROM top_ranking_builds b WHERE b.window_days = l.window_days AND b.entity_kind = l.entity_kind)
UNION ALL
SELECT b.window_days, b.entity_kind,
       format('kind %s window %s: %s ranks by kills and %s by ISK, the build says %s', b.entity_kind, b.window_days,
              coalesce(k.ranks, 0), coalesce(i.ranks, 0), CASE WHEN b.complete THEN 'complete' ELSE 'not complete' END)
FROM top_ranking_builds b
LEFT JOIN lists k ON k.window_days = b.window_days AND k.entity_kind = b.entity_kind AND NOT k.by_isk
LEFT JOIN lists i ON i.window_days = b.window_days AND i.entity_kind = b.entity_kind AND i.by_isk
WHERE (b.complete AND coalesce(k.ranks, 0) <> coalesce(i.ranks, 0))
   OR (NOT b.complete AND (coalesce(k.ranks, 0) <> :length OR coalesce(i.ranks, 0) <> :length))
