-- db rederive: the rollup staging emptied between the old and the new figures of one batch.
DELETE FROM stage_participants;
DELETE FROM stage_entity_killmails;
