package dev.evedmv.sde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON Lines and JSON-array files read record by record; each record knows its file and line
 * so that a missing field or a value of the wrong type fails with both.
 */
final class JsonRecords {
    private final ObjectMapper mapper;

    JsonRecords(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Calls {@code consumer} for each non-blank line of a JSON Lines file; returns the number of records. */
    int forEachLine(String fileName, InputStream in, Consumer<JsonRecord> consumer) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        int records = 0;
        long lineNumber = 0;
        for (String line = nextLine(reader, fileName, lineNumber); line != null;
                line = nextLine(reader, fileName, lineNumber)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                throw new SdeFormatException(fileName, lineNumber, "not valid JSON: " + e.getOriginalMessage());
            }
            consumer.accept(new JsonRecord(fileName, lineNumber, node));
            records++;
        }
        return records;
    }

    /** The next line; a read error (a truncated .bz2) names the line it stopped in. */
    private static String nextLine(BufferedReader reader, String fileName, long linesRead) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new SdeFormatException(fileName, linesRead + 1, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Calls {@code consumer} for each object of a file holding one JSON array; returns the number of objects. */
    int forEachArrayElement(String fileName, InputStream in, Consumer<JsonRecord> consumer) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new SdeFormatException(fileName, parser.currentLocation().getLineNr(), "expected a JSON array");
            }
            int records = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                if (t == null) {
                    throw new SdeFormatException(fileName, parser.currentLocation().getLineNr(), "unexpected end of file inside the array");
                }
                long line = parser.currentLocation().getLineNr();
                JsonNode node = mapper.readTree(parser);
                consumer.accept(new JsonRecord(fileName, line, node));
                records++;
            }
            return records;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SdeFormatException(fileName, line, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** One JSON object with its place in the file. */
    record JsonRecord(String fileName, long line, JsonNode node) {
        int requiredInt(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error("missing " + field);
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw error(field + " is not an integer: " + v);
            }
            return v.intValue();
        }

        Integer optionalInt(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : requiredInt(field);
        }

        double requiredDouble(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error("missing " + field);
            }
            if (!v.isNumber()) {
                throw error(field + " is not a number: " + v);
            }
            return v.doubleValue();
        }

        Double optionalDouble(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : requiredDouble(field);
        }

        BigDecimal optionalDecimal(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : BigDecimal.valueOf(requiredDouble(field));
        }

        boolean requiredBoolean(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error("missing " + field);
            }
            if (!v.isBoolean()) {
                throw error(field + " is not a boolean: " + v);
            }
            return v.booleanValue();
        }

        String optionalText(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw error(field + " is not a string: " + v);
            }
            return v.textValue();
        }

        /** A plain string, or the English entry of CCP's localized map {"en": …, "de": …}; "" when absent. */
        String name(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return "";
            }
            if (v.isObject()) {
                JsonNode en = v.get("en");
                if (en != null && !en.isTextual() && !en.isNull()) {
                    throw error(field + ".en is not a string: " + en);
                }
                return en == null || en.isNull() ? "" : en.textValue();
            }
            if (!v.isTextual()) {
                throw error(field + " is neither a string nor a localized map: " + v);
            }
            return v.textValue();
        }

        SdeFormatException error(String problem) {
            return new SdeFormatException(fileName, line, problem);
        }
    }
}
