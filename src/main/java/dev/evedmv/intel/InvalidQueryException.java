package dev.evedmv.intel;

import dev.evedmv.EveDmvException;

/** A question that cannot be asked as put: a bad id, window, date, limit, kind or cursor. */
public final class InvalidQueryException extends EveDmvException {
    private final String error;
    private final String detail;

    public InvalidQueryException(String error, String detail) {
        super(error + ": " + detail);
        this.error = error;
        this.detail = detail;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
