--liquibase formatted sql

--changeset evedmv:019-name-source
ALTER TABLE names ADD COLUMN source text NOT NULL DEFAULT 'esi' CHECK (source IN ('esi', 'file'));
COMMENT ON COLUMN names.source IS 'where the name came from: esi (resolved from ESI, or marked unknown by it) or file (a names file, such as generate''s names.jsonl); a file never overwrites a name from ESI. Names stored before this column count as esi.';
--rollback ALTER TABLE names DROP COLUMN source;
