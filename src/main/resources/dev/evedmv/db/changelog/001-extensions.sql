--liquibase formatted sql

--changeset evedmv:001-pg-trgm
--comment: trigram matching for name search (a trusted extension: no superuser needed)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--rollback DROP EXTENSION IF EXISTS pg_trgm;
