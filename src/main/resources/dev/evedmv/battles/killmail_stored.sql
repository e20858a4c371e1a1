-- Whether a killmail is stored: a killmail in no battle answers 404 either way, with the reason.
SELECT EXISTS (SELECT 1 FROM killmail_directory WHERE killmail_id = :id)
