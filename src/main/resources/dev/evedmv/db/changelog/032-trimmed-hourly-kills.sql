--liquibase formatted sql

--changeset evedmv:032-hour-counts-function splitStatements:false
--comment: kills by hour kept only from the first hour with a kill to the last: most entity-days (a pilot's) have one kill, whose 24 counts were 23 zeros
CREATE FUNCTION evedmv_hour_counts(a integer[], b integer[] DEFAULT '{}', b_factor integer DEFAULT 1)
RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    first_hour integer := least(array_lower(a, 1), array_lower(b, 1));
    last_hour integer := greatest(array_upper(a, 1), array_upper(b, 1));
    sums integer[];
    trimmed integer[];
BEGIN
    IF first_hour IS NULL THEN
        RETURN '{}';
    END IF;
    sums := array_fill(0, ARRAY[last_hour - first_hour + 1], ARRAY[first_hour]);
    FOR h IN first_hour..last_hour LOOP
        sums[h] := coalesce(a[h], 0) + b_factor * coalesce(b[h], 0);
    END LOOP;
    -- counts only added (ingest) keep both ends
    IF sums[first_hour] <> 0 AND sums[last_hour] <> 0 THEN
        RETURN sums;
    END IF;
    WHILE first_hour <= last_hour AND sums[first_hour] = 0 LOOP
        first_hour := first_hour + 1;
    END LOOP;
    IF first_hour > last_hour THEN
        RETURN '{}';
    END IF;
    WHILE sums[last_hour] = 0 LOOP
        last_hour := last_hour - 1;
    END LOOP;
    trimmed := array_fill(0, ARRAY[last_hour - first_hour + 1], ARRAY[first_hour]);
    FOR h IN first_hour..last_hour LOOP
        trimmed[h] := sums[h];
    END LOOP;
    RETURN trimmed;
END
$$;
COMMENT ON FUNCTION evedmv_hour_counts(integer[], integer[], integer) IS 'kills by UTC hour as entity_daily.hourly_kills keeps them: a + b_factor * b hour by hour (subscript h is hour h - 1, a missing subscript is 0), trimmed to the subscripts from the first non-zero count to the last, ''{}'' when all are 0; the one form, so equal days compare equal';
--rollback DROP FUNCTION evedmv_hour_counts(integer[], integer[], integer);

--changeset evedmv:032-trimmed-hourly-kills
--comment: the stored kills by hour trimmed; the table is rewritten, so it shrinks at once
ALTER TABLE entity_daily ALTER COLUMN hourly_kills SET DEFAULT '{}';
ALTER TABLE entity_daily ALTER COLUMN hourly_kills TYPE integer[] USING evedmv_hour_counts(hourly_kills);
COMMENT ON COLUMN entity_daily.hourly_kills IS 'kills by UTC hour of this day, subscript h the hour h - 1, from the first hour with a kill to the last (''[18:18]={1}'' is one kill at 17:00; ''{}'' none; a subscript outside the bounds reads null, that is 0), always in the form evedmv_hour_counts gives; with the day''s weekday this gives the hour-of-week heatmap';
--rollback ALTER TABLE entity_daily ALTER COLUMN hourly_kills TYPE integer[] USING ARRAY[coalesce(hourly_kills[1], 0), coalesce(hourly_kills[2], 0), coalesce(hourly_kills[3], 0), coalesce(hourly_kills[4], 0), coalesce(hourly_kills[5], 0), coalesce(hourly_kills[6], 0), coalesce(hourly_kills[7], 0), coalesce(hourly_kills[8], 0), coalesce(hourly_kills[9], 0), coalesce(hourly_kills[10], 0), coalesce(hourly_kills[11], 0), coalesce(hourly_kills[12], 0), coalesce(hourly_kills[13], 0), coalesce(hourly_kills[14], 0), coalesce(hourly_kills[15], 0), coalesce(hourly_kills[16], 0), coalesce(hourly_kills[17], 0), coalesce(hourly_kills[18], 0), coalesce(hourly_kills[19], 0), coalesce(hourly_kills[20], 0), coalesce(hourly_kills[21], 0), coalesce(hourly_kills[22], 0), coalesce(hourly_kills[23], 0), coalesce(hourly_kills[24], 0)];
--rollback ALTER TABLE entity_daily ALTER COLUMN hourly_kills SET DEFAULT array_fill(0, ARRAY[24]);
--rollback COMMENT ON COLUMN entity_daily.hourly_kills IS 'kills by UTC hour 0-23 of this day; with the day''s weekday this gives the hour-of-week heatmap';
