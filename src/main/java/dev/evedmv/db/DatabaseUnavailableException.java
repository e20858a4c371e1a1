package dev.evedmv.db;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvException;

/** PostgreSQL cannot be reached or refuses us; the message says which and what to check. */
public final class DatabaseUnavailableException extends EveDmvException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    static DatabaseUnavailableException from(DatabaseUrls.JdbcTarget target, Throwable cause) {
        String where = target.display();
        String state = sqlState(cause);
        String reason;
        if ("28P01".equals(state) || "28000".equals(state)) {
            reason = "authentication failed; check the user and password in EVEDMV_DB_URL";
        } else if ("3D000".equals(state)) {
            reason = "the database does not exist; create it or fix the name in EVEDMV_DB_URL";
        } else if (hasCause(cause, UnknownHostException.class)) {
            reason = "unknown host; check the host in EVEDMV_DB_URL";
        } else if (hasCause(cause, ConnectException.class) || "08001".equals(state) || "08004".equals(state)) {
            reason = "connection refused or timed out; is the server running and EVEDMV_DB_URL right?";
        } else {
            reason = firstLine(cause.getMessage());
        }
        return new DatabaseUnavailableException("cannot connect to PostgreSQL at " + where + ": " + reason, cause);
    }

    private static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException se && se.getSQLState() != null) {
                return se.getSQLState();
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
