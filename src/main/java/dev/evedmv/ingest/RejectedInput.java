package dev.evedmv.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored row of {@code rejected_input}, as {@code rejects list} and {@code rejects show} give it.
 *
 * @param source       where it came from: the file name (with the archive entry, array index or line), or the feed and its position
 * @param payloadBytes the size of the payload kept, null when none was (an unreadable archive or file)
 */
public record RejectedInput(long id, String source, String reason, Instant receivedAt, Integer payloadBytes) {

    /** snake_case keys: id, source, reason, received_at, payload_bytes (null when no payload was kept). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("source", source);
        out.put("reason", reason);
        out.put("received_at", receivedAt);
        out.put("payload_bytes", payloadBytes);
        return out;
    }
}
