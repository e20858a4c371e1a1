package dev.evedmv.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.evedmv.EveDmvException;

/** An answer other than 2xx with a JSON body {@code {"error": ..., "detail": ...}}. */
public class ApiException extends EveDmvException {
    private final int status;
    private final String detail;

    public ApiException(int status, String error, String detail) {
        super(error);
        this.status = status;
        this.detail = detail;
    }

    public static ApiException badRequest(String error, String detail) {
        return new ApiException(400, error, detail);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** The error body of every answer under {@code /api/} other than 2xx. */
    public static Map<String, Object> body(String error, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        return body;
    }
}
