-- Name search over characters, corporations, alliances (names), ship types (category 6), solar systems, regions and
-- constellations (a constellation has no page: it carries its region_id, which the page links to). Regions and
-- constellations are about 1,300 rows: scanned whole, without an index.
-- Prefix matches first (alphabetically: the text_pattern_ops range [:prefix_low, :prefix_high) walks the
-- index in order), then trigram matches by similarity descending; each source gives at most 20 of each. Names are
-- read nearest first by trigram distance (<->, one minus similarity: names_name_trgm_distance walks them in that
-- order and stops at 20); equal distances are ordered by similarity then id, so that the order is the one by
-- similarity descending, then id.
-- When the prefix matches alone fill the answer, the trigram scans are skipped (a one-time filter).
WITH prefix AS (
    (SELECT category AS kind, id, name FROM names
     WHERE lower(name) ~>=~ :prefix_low AND lower(name) ~<~ :prefix_high AND name IS NOT NULL
       AND category IN ('character', 'corporation', 'alliance')
     ORDER BY lower(name), id LIMIT 20)
    UNION ALL
    (SELECT 'ship', t.type_id, t.name FROM sde_types t JOIN sde_groups g ON g.group_id = t.group_id
     WHERE lower(t.name) LIKE :prefix_like AND g.category_id = 6
     ORDER BY lower(t.name), t.type_id LIMIT 20)
    UNION ALL
    (SELECT 'system', system_id, name FROM sde_systems
     WHERE lower(name) LIKE :prefix_like
     ORDER BY lower(name), system_id LIMIT 20)
    UNION ALL
    (SELECT 'region', region_id, name FROM sde_regions
     WHERE lower(name) LIKE :prefix_like
     ORDER BY lower(name), region_id LIMIT 20)
    UNION ALL
    (SELECT 'constellation', constellation_id, name FROM sde_constellations
     WHERE lower(name) LIKE :prefix_like
     ORDER BY lower(name), constellation_id LIMIT 20)
),
trigram AS (
    (SELECT category AS kind, id, name, similarity(lower(name), :term) AS score FROM names
     WHERE lower(name) % :term AND name IS NOT NULL AND category IN ('character', 'corporation', 'alliance')
       AND (SELECT count(*) FROM prefix) < 20
     ORDER BY lower(name) <-> :term, score DESC, id LIMIT 20)
    UNION ALL
    (SELECT 'ship', t.type_id, t.name, similarity(lower(t.name), :term) AS score
     FROM sde_types t JOIN sde_groups g ON g.group_id = t.group_id
     WHERE lower(t.name) % :term AND g.category_id = 6 AND (SELECT count(*) FROM prefix) < 20
     ORDER BY score DESC, t.type_id LIMIT 20)
    UNION ALL
    (SELECT 'system', system_id, name, similarity(lower(name), :term) AS score FROM sde_systems
     WHERE lower(name) % :term AND (SELECT count(*) FROM prefix) < 20
     ORDER BY score DESC, system_id LIMIT 20)
    UNION ALL
    (SELECT 'region', region_id, name, similarity(lower(name), :term) AS score FROM sde_regions
     WHERE lower(name) % :term AND (SELECT count(*) FROM prefix) < 20
     ORDER BY score DESC, region_id LIMIT 20)
    UNION ALL
    (SELECT 'constellation', constellation_id, name, similarity(lower(name), :term) AS score FROM sde_constellations
     WHERE lower(name) % :term AND (SELECT count(*) FROM prefix) < 20
     ORDER BY score DESC, constellation_id LIMIT 20)
),
ranked AS (
    SELECT kind, id, name, 0 AS tier, lower(name) COLLATE "C" AS prefix_order, 0::real AS score FROM prefix
    UNION ALL
    SELECT kind, id, name, 1, '', score FROM trigram s
    WHERE NOT EXISTS (SELECT 1 FROM prefix p WHERE p.kind = s.kind AND p.id = s.id)
)
SELECT coalesce(json_agg(json_build_object('kind', top.kind, 'id', top.id, 'name', top.name, 'region_id', c.region_id)
                         ORDER BY top.tier, top.prefix_order, top.score DESC, top.kind, top.id), '[]')::text
FROM (SELECT * FROM ranked ORDER BY tier, prefix_order, score DESC, kind, id LIMIT 20) AS top
LEFT JOIN sde_constellations c ON top.kind = 'constellation' AND c.constellation_id = top.id
