package dev.evedmv.sde;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON Lines and JSON-array files read record by record with Jackson's streaming parser; each
 * record knows its file and line so that a missing field or a value of the wrong type fails with both.
 */
final class JsonRecords {
    private final ObjectMapper mapper;

    JsonRecords(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Calls {@code consumer} for each object of a JSON Lines file; returns the number of records. */
    int forEachLine(String fileName, InputStream in, Consumer<JsonRecord> consumer) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(in)) {
            int records = 0;
            for (JsonToken t = next(parser, fileName, 1); t != null; t = next(parser, fileName, parser.currentLocation().getLineNr())) {
                long line = parser.currentLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw new SdeFormatException(fileName, line, "expected a JSON object, found " + t.asString());
                }
                consumer.accept(new JsonRecord(fileName, line, readObject(parser, fileName, line)));
                records++;
            }
            return records;
        }
    }

    /** Calls {@code consumer} for each object of a file holding one JSON array; returns the number of objects. */
    int forEachArrayElement(String fileName, InputStream in, Consumer<JsonRecord> consumer) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(in)) {
            if (next(parser, fileName, 1) != JsonToken.START_ARRAY) {
                throw new SdeFormatException(fileName, parser.currentLocation().getLineNr(), "expected a JSON array");
            }
            int records = 0;
            for (JsonToken t = next(parser, fileName, 1); t != JsonToken.END_ARRAY;
                    t = next(parser, fileName, parser.currentLocation().getLineNr())) {
                long line = parser.currentLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw new SdeFormatException(fileName, line, t == null ? "unexpected end of file inside the array"
                            : "expected a JSON object, found " + t.asString());
                }
                consumer.accept(new JsonRecord(fileName, line, readObject(parser, fileName, line)));
                records++;
            }
            return records;
        }
    }

    /**
     * The object at the parser's START_OBJECT with its arrays skipped (no field the loader reads is
     * an array, and skipping them halves the work on map files with their neighbour lists).
     */
    private ObjectNode readObject(JsonParser parser, String fileName, long line) {
        ObjectNode node = mapper.createObjectNode();
        for (JsonToken t = next(parser, fileName, line); t != JsonToken.END_OBJECT; t = next(parser, fileName, line)) {
            if (t == null) {
                throw new SdeFormatException(fileName, line, "not valid JSON: unexpected end of file");
            }
            JsonToken value = next(parser, fileName, line);
            try {
                String field = parser.currentName();
                switch (value) {
                    case START_ARRAY -> parser.skipChildren();
                    case START_OBJECT -> node.set(field, readObject(parser, fileName, line));
                    case VALUE_STRING -> node.put(field, parser.getText());
                    case VALUE_NUMBER_INT -> node.set(field, switch (parser.getNumberType()) {
                        case INT -> IntNode.valueOf(parser.getIntValue());
                        case LONG -> LongNode.valueOf(parser.getLongValue());
                        default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
                    });
                    case VALUE_NUMBER_FLOAT -> node.put(field, parser.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> node.put(field, value == JsonToken.VALUE_TRUE);
                    case VALUE_NULL -> node.putNull(field);
                    default -> throw new SdeFormatException(fileName, line, "not valid JSON: unexpected " + value);
                }
            } catch (JsonProcessingException e) {
                throw new SdeFormatException(fileName, line, "not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new SdeFormatException(fileName, line, "cannot read: " + e.getMessage(), e);
            }
        }
        return node;
    }

    /** The next token; errors name the line of the record being read (a truncated .bz2 included). */
    private static JsonToken next(JsonParser parser, String fileName, long line) {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new SdeFormatException(fileName, line, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SdeFormatException(fileName, line, "cannot read: " + e.getMessage(), e);
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
