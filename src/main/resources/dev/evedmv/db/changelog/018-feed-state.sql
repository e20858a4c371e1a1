--liquibase formatted sql

--changeset evedmv:018-feed-health
--comment: a feed's health, written by the process that follows it and read by health, stats, /ops and /live in any process
ALTER TABLE feed_state
    ALTER COLUMN cursor DROP NOT NULL,
    ADD COLUMN last_success_at timestamptz,
    ADD COLUMN last_error_at   timestamptz,
    ADD COLUMN last_error      text,
    ADD COLUMN failing_since   timestamptz,
    ADD COLUMN backlog         bigint;
COMMENT ON COLUMN feed_state.cursor IS 'null while the feed has stored nothing yet (its health is known all the same)';
COMMENT ON COLUMN feed_state.last_success_at IS 'the last answer of the feed''s server that was not a failure (written at most every few seconds)';
COMMENT ON COLUMN feed_state.last_error_at IS 'the last failure: server unreachable, an error status, an answer that cannot be read';
COMMENT ON COLUMN feed_state.failing_since IS 'the first failure since the last success; null while the feed works';
COMMENT ON COLUMN feed_state.backlog IS 'records published and not yet stored when last known (R2Z2: latest sequence minus cursor); null when the feed cannot tell';
--rollback DELETE FROM feed_state WHERE cursor IS NULL;
--rollback ALTER TABLE feed_state DROP COLUMN last_success_at, DROP COLUMN last_error_at, DROP COLUMN last_error, DROP COLUMN failing_since, DROP COLUMN backlog, ALTER COLUMN cursor SET NOT NULL;
