--liquibase formatted sql

--changeset evedmv:009-archived-partitions
CREATE TABLE archived_partitions (
    partition_name text        PRIMARY KEY,
    parent         text        NOT NULL CHECK (parent IN ('killmails', 'killmail_payloads', 'participants')),
    month          date        NOT NULL CHECK (month = date_trunc('month', month)::date),
    bounds         text        NOT NULL,
    row_count      bigint      NOT NULL,
    sha256         text        NOT NULL,
    file           text        NOT NULL,
    schema_version text        NOT NULL,
    archived_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archived_partitions IS 'monthly partitions exported by partitions archive and dropped; a row is removed when partitions restore attaches the month again. Rollups keep counting archived months';
COMMENT ON INDEX archived_partitions_pkey IS 'partitions archive / restore: one row per archived monthly table; health: archived months are not gaps';
--rollback DROP TABLE archived_partitions;
