--liquibase formatted sql

--changeset evedmv:007-feed-state
CREATE TABLE feed_state (
    feed       text        PRIMARY KEY,
    cursor     text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feed_state IS 'live feed cursors (R2Z2 sequence, SSE event id), written in the same transaction as the batch they cover';
COMMENT ON INDEX feed_state_pkey IS 'feed resume: the cursor of one feed';
--rollback DROP TABLE feed_state;

--changeset evedmv:007-rejected-input
CREATE TABLE rejected_input (
    rejected_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text        NOT NULL,
    reason      text        NOT NULL,
    payload     bytea,
    received_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE rejected_input IS 'input that could not be stored (malformed JSON, missing fields, impossible values), kept with its source and reason';
COMMENT ON INDEX rejected_input_pkey IS 'rejected input by id';
CREATE INDEX rejected_input_received ON rejected_input (received_at DESC) INCLUDE (source);
COMMENT ON INDEX rejected_input_received IS 'ops: the latest rejects';
--rollback DROP TABLE rejected_input;
