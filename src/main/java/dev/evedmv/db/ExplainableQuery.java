package dev.evedmv.db;

import java.util.Map;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;

/**
 * A read-only named query that {@code db explain} can run: its SQL, a supplier of representative
 * parameters (usually picked from the current data through the given handle), and whether it
 * restricts {@code killmail_time}, so that scanning more than one monthly partition is a defect.
 */
public record ExplainableQuery(String name, NamedSql sql, Function<Handle, Map<String, Object>> parameters,
                               boolean timeRange) {

    public static ExplainableQuery of(NamedSql sql, Map<String, Object> parameters) {
        return new ExplainableQuery(sql.name(), sql, h -> parameters, false);
    }
}
