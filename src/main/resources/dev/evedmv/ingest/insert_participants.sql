INSERT INTO participants SELECT * FROM stage_participants
