package dev.evedmv.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.evedmv.Json;
import dev.evedmv.intel.Parameters;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one format of every answer other than 2xx: under {@code /api/} a JSON body
 * {@code {"error": ..., "detail": ...}} (as {@link ApiException#body()}), elsewhere an HTML page
 * in the site's style. Used by Javalin's exception handlers and, through {@link JettyErrors}, by
 * Jetty for requests it refuses before Javalin sees them (URI or headers over 8 KB, a bad URI).
 */
final class ErrorResponses {
    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=utf-8";
    private static final String PAGE = page();

    private ErrorResponses() {
    }

    /** True for the paths that answer JSON; an unknown path (a URI too long to read) counts as one. */
    static boolean isApi(String path) {
        return path == null || path.startsWith("/api/");
    }

    static void write(Context ctx, int status, String error, String detail) {
        ctx.status(status);
        if (isApi(ctx.path())) {
            ctx.contentType(JSON).result(json(error, detail));
        } else {
            ctx.contentType(HTML).result(html(status, detail));
        }
    }

    /** Javalin's own answers, such as 404 for a path no route matches. */
    static void write(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String detail;
        if (status == HttpStatus.NOT_FOUND_404) {
            detail = "no endpoint " + ctx.method() + " " + Parameters.shown(ctx.path());
        } else {
            detail = e.getMessage() == null || e.getMessage().isBlank() ? error(status) : e.getMessage();
        }
        write(ctx, status, error(status), detail);
    }

    /** The error word of a status: "not found", "uri too long". */
    static String error(int status) {
        return reason(status).toLowerCase(Locale.ROOT);
    }

    static String json(String error, String detail) {
        try {
            return Json.mapper().writeValueAsString(ApiException.body(error, detail));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(int status, String detail) {
        return PAGE.replace("@STATUS@", Integer.toString(status)).replace("@TITLE@", escape(reason(status)))
                .replace("@DETAIL@", escape(detail));
    }

    private static String reason(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "Error" : reason;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static String page() {
        try (InputStream in = ErrorResponses.class.getResourceAsStream("error.html")) {
            if (in == null) {
                throw new IllegalStateException("missing resource error.html next to " + ErrorResponses.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A detail for a request Jetty refused, from its status (Jetty's reasons can name internals). */
    private static String refusal(int status) {
        return switch (status) {
            case HttpStatus.URI_TOO_LONG_414 -> "the request URI is longer than the server accepts (8 KB)";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "the request headers are larger than the server "
                    + "accepts (8 KB)";
            case HttpStatus.BAD_REQUEST_400 -> "the request cannot be read: its URI or headers are malformed "
                    + "(control characters, encoded dot segments or separators)";
            default -> "the server refused the request";
        };
    }

    /**
     * Jetty's error handler: the same bodies for the errors Jetty answers itself, both those it
     * finds while reading a request ({@link #badMessageError}: sizes, malformed request lines and
     * URIs) and those sent on a request it read, outside Javalin's handlers
     * ({@link #generateAcceptableResponse}).
     */
    static final class JettyErrors extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            String path = pathBeingRead();
            boolean api = isApi(path);
            String body = api ? json(error(status), refusal(status)) : html(status, refusal(status));
            fields.put(new HttpField(HttpHeader.CONTENT_TYPE, api ? JSON : HTML));
            return ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                                  HttpServletResponse response, int code, String message)
                throws IOException {
            baseRequest.setHandled(true);
            boolean api = isApi(baseRequest.getHttpURI() == null ? null : baseRequest.getHttpURI().getPath());
            String detail = code >= 500 ? "see the server log" : refusal(code);
            String body = api ? json(error(code), detail) : html(code, detail);
            response.setContentType(api ? JSON : HTML);
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The path of the request Jetty is reading on this thread, as its request line gave it; null
         * when that line was not read to the end or its URI could not be parsed (too long, a raw
         * control character, a bad escape).
         */
        private static String pathBeingRead() {
            HttpConnection connection = HttpConnection.getCurrentConnection();
            Request request = connection == null ? null : connection.getHttpChannel().getRequest();
            MetaData.Request line = request == null ? null : request.getMetaData();
            String path = line == null || line.getURI() == null ? null : line.getURI().getPath();
            return path == null || path.isEmpty() ? null : path;
        }
    }
}
