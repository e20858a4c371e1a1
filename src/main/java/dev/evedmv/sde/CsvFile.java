package dev.evedmv.sde;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An RFC 4180 CSV file read by header: columns are found by name, case-insensitively; "None"
 * and empty cells are null. The text is UTF-8, or Windows-1252 when it is not valid UTF-8 (older
 * Fuzzwork-style dumps were written by Windows tools). Every error names the file and line.
 */
final class CsvFile {
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private final String fileName;
    private final String text;
    private final Map<String, Integer> header = new HashMap<>();
    private int pos;
    private long line = 1;

    private CsvFile(String fileName, String text) {
        this.fileName = fileName;
        this.text = text;
    }

    static CsvFile parse(String fileName, byte[] bytes) {
        CsvFile csv = new CsvFile(fileName, decode(bytes));
        List<String> names = csv.nextRecord();
        if (names == null) {
            throw new SdeFormatException(fileName, 1, "empty file, expected a header row");
        }
        for (int i = 0; i < names.size(); i++) {
            csv.header.put(names.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        return csv;
    }

    private static String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, start, bytes.length - start, CP1252);
        }
    }

    /** Column index of a required column; fails on line 1 when the header lacks it. */
    int column(String name) {
        Integer index = header.get(name.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new SdeFormatException(fileName, 1, "missing column " + name);
        }
        return index;
    }

    /** Column index of an optional column, or -1. */
    int optionalColumn(String name) {
        return header.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    /** Calls {@code consumer} for each data row; returns the number of rows. */
    int forEachRow(Consumer<Row> consumer) {
        int rows = 0;
        for (long start = line; ; start = line) {
            List<String> cells = nextRecord();
            if (cells == null) {
                return rows;
            }
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                continue;
            }
            if (cells.size() < header.size()) {
                throw new SdeFormatException(fileName, start, "expected " + header.size() + " columns, found " + cells.size());
            }
            consumer.accept(new Row(cells, start));
            rows++;
        }
    }

    /** One data row; the getters fail with the file and line when a cell has the wrong type. */
    final class Row {
        private final List<String> cells;
        private final long line;

        private Row(List<String> cells, long line) {
            this.cells = cells;
            this.line = line;
        }

        String text(int column) {
            if (column < 0) {
                return null;
            }
            String v = cells.get(column);
            return v.isEmpty() || v.equals("None") ? null : v;
        }

        int requiredInt(int column, String name) {
            Integer v = optionalInt(column, name);
            if (v == null) {
                throw error(name + " is empty");
            }
            return v;
        }

        Integer optionalInt(int column, String name) {
            String v = text(column);
            if (v == null) {
                return null;
            }
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw error(name + " is not an integer: " + v);
            }
        }

        double requiredDouble(int column, String name) {
            Double v = optionalDouble(column, name);
            if (v == null) {
                throw error(name + " is empty");
            }
            return v;
        }

        Double optionalDouble(int column, String name) {
            String v = text(column);
            if (v == null) {
                return null;
            }
            try {
                return Double.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw error(name + " is not a number: " + v);
            }
        }

        BigDecimal optionalDecimal(int column, String name) {
            String v = text(column);
            if (v == null) {
                return null;
            }
            try {
                return new BigDecimal(v.trim());
            } catch (NumberFormatException e) {
                throw error(name + " is not a number: " + v);
            }
        }

        boolean bool(int column, String name) {
            String v = text(column);
            if (v == null) {
                throw error(name + " is empty");
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "1", "true" -> true;
                case "0", "false" -> false;
                default -> throw error(name + " is not a boolean (0/1/true/false): " + v);
            };
        }

        SdeFormatException error(String problem) {
            return new SdeFormatException(fileName, line, problem);
        }
    }

    /** The next record's cells, or null at the end; quoted cells may span lines. */
    private List<String> nextRecord() {
        if (pos >= text.length()) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        long recordLine = line;
        while (true) {
            if (pos < text.length() && text.charAt(pos) == '"' && cell.isEmpty()) {
                pos++;
                while (true) {
                    if (pos >= text.length()) {
                        throw new SdeFormatException(fileName, recordLine, "unterminated quoted cell");
                    }
                    char c = text.charAt(pos++);
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            cell.append('"');
                            pos++;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                }
            }
            if (pos >= text.length()) {
                cells.add(cell.toString());
                return cells;
            }
            char c = text.charAt(pos++);
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                cells.add(cell.toString());
                return cells;
            } else {
                cell.append(c);
            }
        }
    }
}
