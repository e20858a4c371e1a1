-- One rejected input with its payload.
SELECT rejected_id, source, reason, received_at, octet_length(payload) AS payload_bytes, payload
FROM rejected_input
WHERE rejected_id = :id
