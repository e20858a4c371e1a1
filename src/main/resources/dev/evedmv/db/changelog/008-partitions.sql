--liquibase formatted sql

--changeset evedmv:008-ensure-month-partition splitStatements:false
--comment: creates the monthly partitions of killmails, killmail_payloads and participants for one month, idempotently
CREATE FUNCTION evedmv_ensure_month_partition(month_start date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    first_day date := date_trunc('month', month_start)::date;
    lower_bound timestamptz := first_day::timestamp AT TIME ZONE 'UTC';
    upper_bound timestamptz := (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    parent text;
    created boolean := false;
BEGIN
    -- serializes concurrent creators (import and feed) of the same month
    PERFORM pg_advisory_xact_lock(hashtext('evedmv_ensure_month_partition'));
    FOREACH parent IN ARRAY ARRAY['killmails', 'killmail_payloads', 'participants'] LOOP
        IF to_regclass(parent || '_' || to_char(first_day, 'YYYY_MM')) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                           parent || '_' || to_char(first_day, 'YYYY_MM'), parent, lower_bound, upper_bound);
            created := true;
        END IF;
    END LOOP;
    RETURN created;
END
$$;
COMMENT ON FUNCTION evedmv_ensure_month_partition(date) IS 'creates the monthly partitions for the month of the given date if missing; true when it created any';
--rollback DROP FUNCTION evedmv_ensure_month_partition(date);
