package dev.evedmv.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON the history services publish: {@code totals.json} ({@code "YYYYMMDD"} → count) and
 * zKillboard's daily dumps ({@code "killmail_id"} → hash). An answer that is HTML, or JSON of
 * another shape, is refused with what it was.
 */
final class HistoryJson {
    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 64 << 20;

    private HistoryJson() {
    }

    /** {@code "YYYYMMDD": count} of every day listed, in day order. */
    static HttpSource.BodyReader<Map<LocalDate, Long>> totals(String what) {
        return (in, headers) -> {
            JsonNode root = object(in, headers, what);
            Map<LocalDate, Long> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                LocalDate day;
                try {
                    day = LocalDate.parse(e.getKey(), DAY);
                } catch (DateTimeParseException bad) {
                    throw new HttpSource.NotUnderstoodException(what + " has a key that is not a day (YYYYMMDD): '"
                            + snippet(e.getKey()) + "'");
                }
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                    throw new HttpSource.NotUnderstoodException(what + " gives " + e.getKey()
                            + " a count that is not a whole number: " + snippet(e.getValue().toString()));
                }
                out.put(day, e.getValue().asLong());
            }
            return out;
        };
    }

    /** {@code "killmail_id": "hash"} of one day, in id order. */
    static HttpSource.BodyReader<Map<Long, String>> hashes(String what) {
        return (in, headers) -> {
            JsonNode root = object(in, headers, what);
            Map<Long, String> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long id;
                try {
                    id = Long.parseLong(e.getKey());
                } catch (NumberFormatException bad) {
                    throw new HttpSource.NotUnderstoodException(what + " has a key that is not a killmail id: '"
                            + snippet(e.getKey()) + "'");
                }
                // a hash goes into ESI's path: text of the characters a path segment takes as they are
                if (!e.getValue().isTextual() || !e.getValue().asText().matches("[A-Za-z0-9._~-]{1,200}")) {
                    throw new HttpSource.NotUnderstoodException(what + " gives killmail " + id
                            + " a hash that is not a token of letters and digits: " + snippet(e.getValue().toString()));
                }
                out.put(id, e.getValue().asText());
            }
            return out;
        };
    }

    private static JsonNode object(InputStream in, Map<String, String> headers, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new HttpSource.NotUnderstoodException(what + " is larger than " + (MAX_BYTES >> 20) + " MB");
        }
        String type = headers.getOrDefault("content-type", "");
        String start = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (type.toLowerCase(java.util.Locale.ROOT).contains("html") || start.startsWith("<")) {
            throw new HttpSource.NotUnderstoodException(what + " is not JSON but "
                    + (type.isEmpty() ? "HTML" : type) + ": " + snippet(start));
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new HttpSource.NotUnderstoodException(what + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new HttpSource.NotUnderstoodException(what + " is not a JSON object: " + snippet(start));
        }
        return root;
    }

    static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 80 ? flat : flat.substring(0, 80) + "…";
    }
}
