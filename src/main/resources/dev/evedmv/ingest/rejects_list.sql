-- The rejected inputs received since a time (null: all) whose source starts with a prefix (null: any), newest first.
SELECT rejected_id, source, reason, received_at, octet_length(payload) AS payload_bytes
FROM rejected_input
WHERE (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)
  AND (CAST(:source AS text) IS NULL OR starts_with(source, :source))
ORDER BY received_at DESC, rejected_id DESC
LIMIT :limit
