--liquibase formatted sql

--changeset evedmv:022-backfill-days
--comment: what backfill learnt of each day of each history source, so that the next run asks conditionally, skips what is complete and retries what failed
CREATE TABLE backfill_days (
    source        text        NOT NULL CHECK (source IN ('everef', 'zkillboard')),
    day           date        NOT NULL,
    listed        bigint      NOT NULL,
    etag          text,
    last_modified text,
    bytes         bigint,
    killmails     bigint,
    stored        bigint,
    fetched       bigint,
    failed        bigint,
    checked_at    timestamptz NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('imported', 'count_differs', 'complete', 'repaired',
                                                          'incomplete', 'failed', 'corrupt', 'missing')),
    detail        text,
    PRIMARY KEY (source, day)
);
COMMENT ON TABLE backfill_days IS 'per history source and UTC day: what its server said when last checked and what was stored from it';
COMMENT ON INDEX backfill_days_pkey IS 'backfill: a source''s days over [since, until) before a run, and one day''s row replaced after it';
COMMENT ON COLUMN backfill_days.listed IS 'the day''s count in the source''s totals.json when checked';
COMMENT ON COLUMN backfill_days.etag IS 'EVE Ref: the archive''s ETag, sent back as If-None-Match';
COMMENT ON COLUMN backfill_days.last_modified IS 'EVE Ref: the archive''s Last-Modified, sent back as If-Modified-Since';
COMMENT ON COLUMN backfill_days.bytes IS 'EVE Ref: the archive''s size';
COMMENT ON COLUMN backfill_days.killmails IS 'killmails in the archive (EVE Ref) or ids in the day''s dump (zKillboard)';
COMMENT ON COLUMN backfill_days.stored IS 'EVE Ref: killmails stored for the day once its archive was committed; zKillboard: ids of the dump already stored';
COMMENT ON COLUMN backfill_days.fetched IS 'zKillboard: killmails fetched from ESI and stored';
COMMENT ON COLUMN backfill_days.failed IS 'zKillboard: ids ESI refused or did not answer for';
COMMENT ON COLUMN backfill_days.outcome IS 'imported, count_differs (archive and totals disagree; warned), complete, repaired, incomplete (some ids failed), failed (HTTP, timeout, not JSON), corrupt (unreadable archive), missing (404)';
COMMENT ON COLUMN backfill_days.detail IS 'what went wrong or differed, in words';

CREATE TABLE backfill_runs (
    run_id       bigserial   PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    days         integer     NOT NULL,
    missing      bigint      NOT NULL,
    repaired     bigint      NOT NULL,
    failed_days  integer     NOT NULL,
    detail       text        NOT NULL
);
COMMENT ON TABLE backfill_runs IS 'serve''s re-checks of its recent days against both totals, read by health';
COMMENT ON INDEX backfill_runs_pkey IS 'health: serve''s latest re-check (highest run_id)';
COMMENT ON COLUMN backfill_runs.missing IS 'killmails found missing (new in EVE Ref''s archives, or in zKillboard''s dumps and not stored)';
COMMENT ON COLUMN backfill_runs.repaired IS 'killmails the re-check stored';
--rollback DROP TABLE backfill_runs;
--rollback DROP TABLE backfill_days;
