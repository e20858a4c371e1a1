-- db verify, battles: the months archived by partitions archive (their killmails are in files; their battles stay).
SELECT DISTINCT month FROM archived_partitions ORDER BY month
