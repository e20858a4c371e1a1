--liquibase formatted sql

--changeset evedmv:017-list-head-function splitStatements:false
CREATE FUNCTION evedmv_list_head(list jsonb, size integer, OUT head jsonb, OUT floor integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_object_agg(key, count) FILTER (WHERE rank <= size),
           max(count) FILTER (WHERE rank = size + 1)
    FROM (SELECT key, value::integer AS count, row_number() OVER (ORDER BY value::bigint DESC, key::bigint) AS rank
          FROM jsonb_each_text(list)) AS entries
    HAVING count(*) > size
$$;
COMMENT ON FUNCTION evedmv_list_head(jsonb, integer) IS 'of a {"id": count} list longer than size: its size best entries (by count descending, then id), and the count of the best entry left out, which no entry left out exceeds; nulls for a list of size entries or fewer';
--rollback DROP FUNCTION evedmv_list_head(jsonb, integer);

--changeset evedmv:017-top-counts-function splitStatements:false
CREATE FUNCTION evedmv_top_counts(lists jsonb[], floors integer[], top integer) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    -- the most that an id listed in none of the lists can have counted in all of them
    unlisted bigint := coalesce((SELECT sum(f) FROM unnest(floors) AS f), 0);
    answer jsonb;
BEGIN
    IF unlisted = 0 THEN
        SELECT coalesce(jsonb_agg(jsonb_build_array(id, total) ORDER BY total DESC, id), '[]') INTO answer
        FROM (SELECT e.key::bigint AS id, sum(e.value::bigint) AS total
              FROM unnest(lists) AS l(list) CROSS JOIN LATERAL jsonb_each_text(l.list) AS e
              GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT top) AS best;
        RETURN answer;
    END IF;
    -- Heads: an id's known count is what the lists that hold it say; it may have up to the floor of
    -- each list that does not (most). The known top entries are the answer when each is exact and
    -- nothing else can reach the last of them: no inexact id may pass it, or tie with it and a lower id.
    WITH candidates AS MATERIALIZED (
        SELECT e.key::bigint AS id, sum(e.value::bigint) AS known,
               sum(e.value::bigint) + unlisted - sum(coalesce(l.floor, 0)) AS most
        FROM unnest(lists, floors) AS l(list, floor) CROSS JOIN LATERAL jsonb_each_text(l.list) AS e
        GROUP BY 1),
    last AS (SELECT id, known FROM candidates ORDER BY known DESC, id OFFSET top - 1 LIMIT 1)
    SELECT CASE WHEN unlisted < last.known
                 AND NOT EXISTS (SELECT 1 FROM candidates c
                                 WHERE c.most <> c.known
                                   AND (c.most > last.known OR (c.most = last.known AND c.id < last.id)))
           THEN (SELECT jsonb_agg(jsonb_build_array(id, known) ORDER BY known DESC, id)
                 FROM (SELECT id, known FROM candidates ORDER BY known DESC, id LIMIT top) AS best) END
    INTO answer
    FROM last;
    RETURN answer;
END
$$;
COMMENT ON FUNCTION evedmv_top_counts(jsonb[], integer[], integer) IS 'the top best [id, count] entries of {"id": count} lists summed, by count descending then id; a list whose floor is not null is only the head of a longer one (evedmv_list_head); null when the heads cannot tell the answer, and the caller sums the whole lists instead';
--rollback DROP FUNCTION evedmv_top_counts(jsonb[], integer[], integer);

--changeset evedmv:017-monthly-list-heads
--comment: the best 200 entries of each long monthly list, so that a summary over a busy corporation's months reads a few hundred members instead of tens of thousands
ALTER TABLE entity_monthly_lists
    ADD COLUMN ships_head jsonb, ADD COLUMN ships_floor integer,
    ADD COLUMN systems_head jsonb, ADD COLUMN systems_floor integer,
    ADD COLUMN members_head jsonb, ADD COLUMN members_floor integer;
COMMENT ON COLUMN entity_monthly_lists.members_head IS 'when members holds more than 200 entries: its best 200 (evedmv_list_head), and in members_floor the count that none of the others exceeds; null otherwise (members is short). The same for ships and systems';
--rollback ALTER TABLE entity_monthly_lists DROP COLUMN ships_head, DROP COLUMN ships_floor, DROP COLUMN systems_head, DROP COLUMN systems_floor, DROP COLUMN members_head, DROP COLUMN members_floor;

--changeset evedmv:017-daily-heads
--comment: the heads of a settled day's long lists, for the days of a range that no monthly row covers (the first days of a 90-day window)
CREATE TABLE entity_daily_heads (
    entity_kind   smallint NOT NULL CHECK (entity_kind BETWEEN 2 AND 6),
    entity_id     bigint   NOT NULL,
    day           date     NOT NULL,
    npc           boolean  NOT NULL,
    kills         integer  NOT NULL,
    losses        integer  NOT NULL,
    ships_head    jsonb,
    ships_floor   integer,
    systems_head  jsonb,
    systems_floor integer,
    members_head  jsonb,
    members_floor integer,
    PRIMARY KEY (entity_kind, entity_id, day, npc)
);
COMMENT ON TABLE entity_daily_heads IS 'per entity (corporations to regions), settled day and npc flag with a list longer than 200 entries in entity_daily: the heads of its long lists (evedmv_list_head), with the kills and losses of the daily row they were taken from: a reader uses a row only while those still equal the daily row''s. Built with the monthly lists of its month';
COMMENT ON INDEX entity_daily_heads_pkey IS 'entity summaries: the days of a range that no monthly row covers';
-- the monthly lists built before are built again, with their heads and their days' heads, by the next
-- refreshes; until then summaries read them whole, as before
DELETE FROM entity_monthly_builds;
--rollback DROP TABLE entity_daily_heads;
