-- The known names of the given characters, corporations and alliances: search terms are their prefixes.
SELECT name
  FROM names
 WHERE id = ANY(:ids) AND name IS NOT NULL AND category IN ('character', 'corporation', 'alliance')
 ORDER BY id
