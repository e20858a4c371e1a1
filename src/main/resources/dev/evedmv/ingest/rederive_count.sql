-- db rederive: the stored killmails of [since, until), for its progress lines.
SELECT count(*)
FROM killmails
WHERE killmail_time >= CAST(:since AS timestamptz) AND killmail_time < CAST(:until AS timestamptz)
