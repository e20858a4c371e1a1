package dev.evedmv.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies payload rows ({@code killmail_id, killmail_time, esi, zkb}) from one table into another
 * of the other format: the jsonb of the schema before migration 030 into {@link PayloadCodec}'s
 * compressed bytea ({@link #compress}), or back ({@link #decompress}). Migration 030 and its
 * rollback rewrite every partition with it, and a restore of an archive written before 030 loads
 * it into a table of the old columns first. Runs on the caller's transaction (a cursor needs one).
 */
public final class PayloadRewrite {
    private static final int FETCH = 2000;
    private static final int ROWS_PER_COPY = 10_000;

    private PayloadRewrite() {
    }

    /** Rows of {@code from} (esi, zkb jsonb) into {@code into} (bytea), compressed; the rows copied. */
    public static long compress(Connection c, String from, String into) throws SQLException {
        return rewrite(c, "SELECT killmail_id, killmail_time, esi::text, zkb::text FROM " + quote(from), into, true);
    }

    /** Rows of {@code from} (bytea) into {@code into} (esi, zkb jsonb), decompressed; the rows copied. */
    public static long decompress(Connection c, String from, String into) throws SQLException {
        return rewrite(c, "SELECT killmail_id, killmail_time, esi, zkb FROM " + quote(from), into, false);
    }

    private static long rewrite(Connection c, String select, String into, boolean compress) throws SQLException {
        String copy = "COPY " + quote(into) + " (killmail_id, killmail_time, esi, zkb) FROM STDIN (FORMAT csv)";
        long rows = 0;
        CsvCopy out = new CsvCopy(1 << 20);
        try (Statement st = c.createStatement()) {
            st.setFetchSize(FETCH);
            try (ResultSet rs = st.executeQuery(select)) {
                while (rs.next()) {
                    out.value(rs.getLong(1)).value(rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                    if (compress) {
                        out.bytea(PayloadCodec.compress(utf8(rs.getString(3))))
                                .bytea(PayloadCodec.compress(utf8(rs.getString(4))));
                    } else {
                        out.json(PayloadCodec.decompress(rs.getBytes(3))).json(PayloadCodec.decompress(rs.getBytes(4)));
                    }
                    out.endRow();
                    if (out.rows() >= ROWS_PER_COPY) {
                        rows += out.sendTo(c, copy);
                    }
                }
            }
        }
        return rows + out.sendTo(c, copy);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An identifier quoted for SQL; the names given are the schema's own, never input. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
