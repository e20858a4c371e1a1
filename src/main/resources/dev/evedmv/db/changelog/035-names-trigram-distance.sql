--liquibase formatted sql

--changeset evedmv:035-names-trigram-distance
--comment: search reads the names nearest a term by trigram distance in the order of a GiST index, instead of rechecking every name that shares a trigram with it
-- A GIN index finds every name sharing a third of a short term's trigrams (tens of thousands for a
-- common syllable), and each is rechecked and sorted; a GiST index walks the names in order of distance
-- (<->, one minus similarity) and stops at the best 20.
CREATE INDEX names_name_trgm_distance ON names USING gist (lower(name) gist_trgm_ops) WHERE name IS NOT NULL;
COMMENT ON INDEX names_name_trgm_distance IS 'search: pilot, corporation and alliance names by trigram similarity, nearest first (<->)';
DROP INDEX names_name_trgm;
--rollback CREATE INDEX names_name_trgm ON names USING gin (lower(name) gin_trgm_ops) WHERE name IS NOT NULL;
--rollback COMMENT ON INDEX names_name_trgm IS 'search: pilot, corporation and alliance names by trigram similarity';
--rollback DROP INDEX names_name_trgm_distance;
