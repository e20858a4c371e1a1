package dev.evedmv.db;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.postgresql.PGConnection;

/**
 * Builds the rows of one {@code COPY … FROM STDIN (FORMAT csv)} in memory and sends them.
 * Text is always quoted (so the empty string differs from NULL, which is an empty unquoted field).
 */
public final class CsvCopy {
    private final StringBuilder buffer = new StringBuilder(1 << 16);
    private boolean rowStarted;
    private int rows;

    public CsvCopy value(long v) {
        separator().append(v);
        return this;
    }

    public CsvCopy value(int v) {
        separator().append(v);
        return this;
    }

    public CsvCopy value(boolean v) {
        separator().append(v ? 't' : 'f');
        return this;
    }

    public CsvCopy value(double v) {
        separator().append(v);
        return this;
    }

    /** Null-safe numbers: null becomes SQL NULL. */
    public CsvCopy value(Number v) {
        StringBuilder b = separator();
        if (v instanceof BigDecimal d) {
            b.append(d.toPlainString());
        } else if (v != null) {
            b.append(v);
        }
        return this;
    }

    public CsvCopy value(Instant v) {
        StringBuilder b = separator();
        if (v != null) {
            b.append(v);
        }
        return this;
    }

    public CsvCopy text(String v) {
        StringBuilder b = separator();
        if (v != null) {
            quote(b, v);
        }
        return this;
    }

    /** A JSON document (UTF-8 bytes) for a jsonb column; null becomes SQL NULL. */
    public CsvCopy json(byte[] utf8) {
        StringBuilder b = separator();
        if (utf8 != null) {
            quote(b, new String(utf8, StandardCharsets.UTF_8));
        }
        return this;
    }

    /** A text[] literal. */
    public CsvCopy textArray(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String v = values.get(i);
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return text(literal.append('}').toString());
    }

    public CsvCopy endRow() {
        buffer.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Sends the rows with {@code copySql} (a {@code COPY … FROM STDIN (FORMAT csv)}) and clears the buffer. */
    public long sendTo(Connection connection, String copySql) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        try {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            long n = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new ByteArrayInputStream(bytes));
            buffer.setLength(0);
            rows = 0;
            return n;
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    private StringBuilder separator() {
        if (rowStarted) {
            buffer.append(',');
        }
        rowStarted = true;
        return buffer;
    }

    private static void quote(StringBuilder b, String v) {
        b.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        b.append('"');
    }
}
