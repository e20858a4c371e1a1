-- Which of the given killmail ids are stored.
SELECT d.killmail_id FROM killmail_directory d WHERE d.killmail_id = ANY(:ids)
