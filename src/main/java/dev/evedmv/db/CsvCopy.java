package dev.evedmv.db;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Builds the rows of one {@code COPY … FROM STDIN (FORMAT csv)} in memory, as the UTF-8 bytes
 * the server reads, and sends them. Text is always quoted (so the empty string differs from NULL,
 * which is an empty unquoted field). Rows rendered elsewhere (on another thread, ahead of time)
 * are appended whole with {@link #appendRows(byte[], int)}.
 */
public final class CsvCopy {
    /** Bytes handed to the driver per call when sending. */
    private static final int SEND_CHUNK = 1 << 16;

    private byte[] buffer;
    private int length;
    private boolean rowStarted;
    private int rows;

    public CsvCopy() {
        this(1 << 12);
    }

    public CsvCopy(int initialBytes) {
        buffer = new byte[Math.max(initialBytes, 64)];
    }

    public CsvCopy value(long v) {
        separator();
        decimal(v);
        return this;
    }

    public CsvCopy value(int v) {
        return value((long) v);
    }

    public CsvCopy value(boolean v) {
        separator();
        put((byte) (v ? 't' : 'f'));
        return this;
    }

    public CsvCopy value(double v) {
        separator();
        ascii(Double.toString(v));
        return this;
    }

    /** Null-safe numbers: null becomes SQL NULL. */
    public CsvCopy value(Number v) {
        if (v instanceof Long l) {
            return value(l.longValue());
        }
        if (v instanceof Integer i) {
            return value(i.longValue());
        }
        separator();
        if (v instanceof BigDecimal d) {
            ascii(d.toPlainString());
        } else if (v != null) {
            ascii(v.toString());
        }
        return this;
    }

    public CsvCopy value(Instant v) {
        separator();
        if (v != null) {
            ascii(v.toString());
        }
        return this;
    }

    public CsvCopy text(String v) {
        separator();
        if (v != null) {
            quote(v.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** A JSON document (UTF-8 bytes) for a json or jsonb column; null becomes SQL NULL. */
    public CsvCopy json(byte[] utf8) {
        separator();
        if (utf8 != null) {
            quote(utf8);
        }
        return this;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Bytes for a bytea column, in its hex form ({@code \x…}); null becomes SQL NULL. */
    public CsvCopy bytea(byte[] bytes) {
        separator();
        if (bytes != null) {
            ensure(2 + 2 * bytes.length);
            buffer[length++] = '\\';
            buffer[length++] = 'x';
            for (byte b : bytes) {
                buffer[length++] = HEX[(b >> 4) & 0xF];
                buffer[length++] = HEX[b & 0xF];
            }
        }
        return this;
    }

    /**
     * Fields rendered before by another {@code CsvCopy} ({@link #toBytes()} of a row not ended),
     * appended as the next fields of the current row.
     */
    public CsvCopy appendFields(byte[] rendered) {
        separator();
        put(rendered, rendered.length);
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
        put((byte) '\n');
        rowStarted = false;
        rows++;
        return this;
    }

    /** Appends {@code count} whole rows rendered before by another {@code CsvCopy} ({@link #toBytes()}). */
    public CsvCopy appendRows(byte[] rendered, int count) {
        if (rowStarted) {
            throw new IllegalStateException("a row is still open");
        }
        put(rendered, rendered.length);
        rows += count;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** The bytes written so far: whole rows for {@link #appendRows}, or the fields of an open row for {@link #appendFields}. */
    public byte[] toBytes() {
        return Arrays.copyOf(buffer, length);
    }

    /** Bytes held. */
    public int bytes() {
        return length;
    }

    /** Writes the whole rows held to a COPY in progress and clears the buffer: for COPYs too large to hold at once. */
    public void writeTo(CopyIn copy) throws SQLException {
        if (rowStarted) {
            throw new IllegalStateException("a row is still open");
        }
        for (int off = 0; off < length; off += SEND_CHUNK) {
            copy.writeToCopy(buffer, off, Math.min(SEND_CHUNK, length - off));
        }
        length = 0;
        rows = 0;
    }

    /** Sends the rows with {@code copySql} (a {@code COPY … FROM STDIN (FORMAT csv)}) and clears the buffer. */
    public long sendTo(Connection connection, String copySql) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            writeTo(copy);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void separator() {
        if (rowStarted) {
            put((byte) ',');
        }
        rowStarted = true;
    }

    /** Quotes UTF-8 text: a quote byte never occurs inside a multi-byte sequence, so doubling it byte-wise is exact. */
    private void quote(byte[] utf8) {
        ensure(utf8.length + 2);
        buffer[length++] = '"';
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '"') {
                put(utf8, from, i + 1 - from);
                put((byte) '"');
                from = i + 1;
            }
        }
        put(utf8, from, utf8.length - from);
        put((byte) '"');
    }

    private void decimal(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void put(byte[] bytes, int count) {
        put(bytes, 0, count);
    }

    private void put(byte[] bytes, int from, int count) {
        ensure(count);
        System.arraycopy(bytes, from, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
