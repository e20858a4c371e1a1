--liquibase formatted sql

--changeset evedmv:003-names
CREATE TABLE names (
    id         bigint PRIMARY KEY,
    category   text        NOT NULL,
    name       text,
    fetched_at timestamptz NOT NULL DEFAULT now(),
    unknown    boolean     NOT NULL DEFAULT false
);
COMMENT ON TABLE names IS 'names of characters, corporations, alliances (and anything ESI names) by id; unknown = ESI does not know the id';
COMMENT ON INDEX names_pkey IS 'name by id: every answer that shows a name';
CREATE INDEX names_name_trgm ON names USING gin (lower(name) gin_trgm_ops) WHERE name IS NOT NULL;
COMMENT ON INDEX names_name_trgm IS 'search: pilot, corporation and alliance names by trigram similarity';
CREATE INDEX names_name_prefix ON names (lower(name) text_pattern_ops) INCLUDE (category, id) WHERE name IS NOT NULL;
COMMENT ON INDEX names_name_prefix IS 'search: pilot, corporation and alliance names by prefix';
CREATE INDEX names_refresh ON names (fetched_at) WHERE NOT unknown;
COMMENT ON INDEX names_refresh IS 'name resolver: names older than their TTL, oldest first';
--rollback DROP TABLE names;
