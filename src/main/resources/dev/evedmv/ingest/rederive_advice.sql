-- sde load and prices load: the stored killmails a rederive would derive again, and those of them valued with the
-- price table (no zKillboard value), to say when one is advised.
SELECT count(*) AS stored, count(*) FILTER (WHERE value_source <> 'zkb') AS priced_here
FROM killmails
