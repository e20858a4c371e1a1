--liquibase formatted sql

--changeset evedmv:026-sde-npc-corporations-factions
CREATE TABLE sde_factions (
    faction_id     integer PRIMARY KEY,
    name           text    NOT NULL,
    corporation_id integer
);
COMMENT ON TABLE sde_factions IS 'EVE static data: factions (500001 Caldari State) with their executor corporation; named in answers through names (source sde)';
COMMENT ON INDEX sde_factions_pkey IS 'faction by id: the names the static data gives';

CREATE TABLE sde_npc_corporations (
    corporation_id integer PRIMARY KEY,
    name           text    NOT NULL,
    faction_id     integer
);
COMMENT ON TABLE sde_npc_corporations IS 'EVE static data: NPC corporations (1000125 CONCORD) with their faction; named in answers through names (source sde)';
COMMENT ON INDEX sde_npc_corporations_pkey IS 'NPC corporation by id: the names the static data gives';

ALTER TABLE names DROP CONSTRAINT names_source_check;
ALTER TABLE names ADD CONSTRAINT names_source_check CHECK (source IN ('esi', 'file', 'sde'));
COMMENT ON COLUMN names.source IS 'where the name came from: esi (resolved from ESI, or marked unknown by it), file (a names file, such as generate''s names.jsonl) or sde (an NPC corporation or faction of the static data, written by sde load for ids without a name); neither a file nor the static data overwrites a name from ESI, and ESI overwrites both. Names stored before this column count as esi.';
--rollback DELETE FROM names WHERE source = 'sde';
--rollback ALTER TABLE names DROP CONSTRAINT names_source_check;
--rollback ALTER TABLE names ADD CONSTRAINT names_source_check CHECK (source IN ('esi', 'file'));
--rollback COMMENT ON COLUMN names.source IS 'where the name came from: esi (resolved from ESI, or marked unknown by it) or file (a names file, such as generate''s names.jsonl); a file never overwrites a name from ESI. Names stored before this column count as esi.';
--rollback DROP TABLE sde_npc_corporations;
--rollback DROP TABLE sde_factions;
