--liquibase formatted sql

--changeset evedmv:036-id-bytes-functions splitStatements:false
--comment: a list of ids as bytes: each id as 8 bytes, big-endian, one after the other (as PlayerAttackerBytes writes and reads them)
CREATE FUNCTION evedmv_id_bytes(ids bigint[]) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(int8send(u.id), ''::bytea ORDER BY u.n), ''::bytea)
    FROM unnest(ids) WITH ORDINALITY AS u(id, n)
$$;
COMMENT ON FUNCTION evedmv_id_bytes(bigint[]) IS 'ids as bytes, each 8 bytes big-endian in the order given (NULL elements left out): the form of killmails.player_attacker_ids';
CREATE FUNCTION evedmv_id_array(ids bytea) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(('x' || encode(substring(ids FROM i FOR 8), 'hex'))::bit(64)::bigint ORDER BY i), '{}')
    FROM generate_series(1, length(ids), 8) AS i
$$;
COMMENT ON FUNCTION evedmv_id_array(bytea) IS 'the ids of evedmv_id_bytes as an array, in their order';
--rollback DROP FUNCTION evedmv_id_array(bytea);
--rollback DROP FUNCTION evedmv_id_bytes(bigint[]);

--changeset evedmv:036-player-attacker-bytes
--comment: killmails.player_attacker_ids as bytes, which a character's associates read without converting each id of an array on output
ALTER TABLE killmails ALTER COLUMN player_attacker_ids TYPE bytea USING evedmv_id_bytes(player_attacker_ids);
COMMENT ON COLUMN killmails.player_attacker_ids IS 'the player characters among the attackers, ascending, each once, each as 8 bytes big-endian (evedmv_id_bytes; evedmv_id_array reads them); empty when none. NULL only in rows restored from an archive written before migration 015: read participants for those';
--rollback ALTER TABLE killmails ALTER COLUMN player_attacker_ids TYPE bigint[] USING evedmv_id_array(player_attacker_ids);
--rollback COMMENT ON COLUMN killmails.player_attacker_ids IS 'the player characters among the attackers, ascending, each once; {} when none. NULL only in rows restored from an archive written before this column: read participants for those';
