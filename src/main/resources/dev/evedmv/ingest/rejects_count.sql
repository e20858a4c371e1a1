-- How many rejected inputs match the filters of rejects_list.
SELECT count(*)
FROM rejected_input
WHERE (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)
  AND (CAST(:source AS text) IS NULL OR starts_with(source, :source))
