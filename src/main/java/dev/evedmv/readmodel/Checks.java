package dev.evedmv.readmodel;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jdbi.v3.core.statement.Query;

/** What the check queries of this package share: each returns rows_checked, differences and samples. */
final class Checks {
    private Checks() {
    }

    /** The one row of a check query, as a verification. */
    static Verification one(Query query) {
        return query.map((rs, ctx) -> {
            Array samples = rs.getArray("samples");
            return new Verification(rs.getLong("rows_checked"), rs.getLong("differences"), texts(samples));
        }).one();
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** "verify: TABLE WHAT, N rows, S s", the line a chunk tells its progress. */
    static String line(String table, String what, Verification v, long startNanos) {
        return String.format(Locale.ROOT, "verify: %s %s, %,d rows, %.1f s", table, what, v.rowsChecked(),
                Duration.ofNanos(System.nanoTime() - startNanos).toNanos() / 1e9);
    }
}
