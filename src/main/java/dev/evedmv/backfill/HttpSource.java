package dev.evedmv.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET requests to one outside service, politely: the user agent on every request, at most one
 * request every {@code minInterval}, connect and read timeouts (a connection that stalls mid-answer
 * fails after {@code readTimeout} without a byte), 429 and 503 waited out after their
 * {@code Retry-After}, and server errors, timeouts and broken answers retried with an exponential
 * backoff up to {@code attempts} times. Other answers (200, 304, 404, 422, …) go to the caller.
 */
final class HttpSource {
    private static final Logger log = LoggerFactory.getLogger(HttpSource.class);

    /** How requests are paced and retried; tests shorten it. */
    record Timing(Duration connectTimeout, Duration readTimeout, Duration minInterval, Duration firstBackoff,
                  Duration maxBackoff, int attempts, Duration maxRetryAfter) {
        static Timing of(Duration timeout, Duration minInterval) {
            return new Timing(timeout, timeout, minInterval, Duration.ofSeconds(1), Duration.ofSeconds(30), 5,
                    Duration.ofMinutes(10));
        }
    }

    /** An answer the caller handles: status, the headers it may need, and what its body reader made of the body. */
    record Answer<T>(int status, Map<String, String> headers, T body, String errorText) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Reads the body of a 2xx answer; an IOException (a stall, a break) counts as a failed attempt. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body, Map<String, String> headers) throws IOException;
    }

    /** An answer that is not what the service documents (HTML instead of JSON, say): not retried. */
    static final class NotUnderstoodException extends RuntimeException {
        NotUnderstoodException(String message) {
            super(message);
        }
    }

    /** The service kept failing (or refused to be understood): the reason, in words. */
    static final class FailedException extends Exception {
        FailedException(String message) {
            super(message);
        }
    }

    private final String service;
    private final String userAgent;
    private final Timing timing;
    private final Sleeper sleeper;
    private long nextRequestNanos;
    private volatile AnswerObserver observer = headers -> { };

    /** Sees the headers of every answer, retried ones included (ESI's error limit, say). */
    @FunctionalInterface
    interface AnswerObserver {
        void answered(Map<String, String> headers) throws InterruptedException;
    }

    /** How waits are made; tests may count them. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
    }

    HttpSource(String service, String userAgent, Timing timing, Sleeper sleeper) {
        this.service = service;
        this.userAgent = userAgent;
        this.timing = timing;
        this.sleeper = sleeper;
    }

    String service() {
        return service;
    }

    HttpSource observing(AnswerObserver o) {
        this.observer = o;
        return this;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /**
     * GET {@code uri} with {@code headers}; 2xx bodies go through {@code reader}, other answers come
     * back with a null body (the first 300 characters of an error body are logged).
     */
    <T> Answer<T> get(URI uri, Map<String, String> headers, BodyReader<T> reader)
            throws FailedException, InterruptedException {
        Duration backoff = timing.firstBackoff();
        String last = null;
        for (int attempt = 1; attempt <= timing.attempts(); attempt++) {
            pace();
            Duration wait = backoff;
            HttpURLConnection c = null;
            try {
                c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timing.connectTimeout().toMillis()));
                c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timing.readTimeout().toMillis()));
                c.setInstanceFollowRedirects(true);
                c.setUseCaches(false);
                c.setRequestProperty("User-Agent", userAgent);
                headers.forEach(c::setRequestProperty);
                int status = c.getResponseCode();
                Map<String, String> answerHeaders = headersOf(c);
                observer.answered(answerHeaders);
                if (status >= 200 && status < 300) {
                    try (InputStream in = c.getInputStream()) {
                        return new Answer<>(status, answerHeaders, reader.read(in, answerHeaders), null);
                    }
                }
                String body = errorBody(c);
                if (status == 429 || status == 503 || status == 420 || status == 408 || status >= 500) {
                    last = "HTTP " + status + (body.isEmpty() ? "" : " (" + body.strip() + ")");
                    Duration after = retryAfter(answerHeaders.get("retry-after"), answerHeaders.get("date"));
                    if (after != null) {
                        wait = after.compareTo(timing.maxRetryAfter()) > 0 ? timing.maxRetryAfter() : after;
                        log.info("{} asked to wait {} s before {} (HTTP {})", service, wait.toSeconds(), uri, status);
                    } else {
                        log.info("{} answered HTTP {} for {}; retrying in {} ms", service, status, uri, wait.toMillis());
                    }
                } else {
                    if (status >= 400 && !body.isEmpty()) {
                        log.info("{} answered HTTP {} for {}: {}", service, status, uri, body);
                    }
                    return new Answer<>(status, answerHeaders, null, body.strip());
                }
            } catch (NotUnderstoodException e) {
                throw new FailedException(e.getMessage());
            } catch (IOException e) {
                last = describe(e);
                log.info("{} request {} failed ({}); retrying in {} ms", service, uri, last, wait.toMillis());
            } finally {
                if (c != null) {
                    c.disconnect();
                }
            }
            if (attempt < timing.attempts()) {
                sleeper.sleep(wait);
                backoff = backoff.multipliedBy(2).compareTo(timing.maxBackoff()) > 0 ? timing.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
        throw new FailedException(last + " after " + timing.attempts() + " attempts");
    }

    /** "no answer within 60s (SocketTimeoutException: Read timed out)", "ConnectException: Connection refused", … */
    private String describe(IOException e) {
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer within " + dev.evedmv.Durations.format(timing.readTimeout()) + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private synchronized void pace() throws InterruptedException {
        long now = System.nanoTime();
        if (nextRequestNanos > now) {
            sleeper.sleep(Duration.ofNanos(nextRequestNanos - now));
        }
        nextRequestNanos = Math.max(now, nextRequestNanos) + timing.minInterval().toNanos();
    }

    private static Map<String, String> headersOf(HttpURLConnection c) {
        Map<String, String> out = new java.util.HashMap<>();
        c.getHeaderFields().forEach((k, v) -> {
            if (k != null && v != null && !v.isEmpty()) {
                out.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0));
            }
        });
        return out;
    }

    private static String errorBody(HttpURLConnection c) {
        try (InputStream err = c.getErrorStream()) {
            if (err == null) {
                return "";
            }
            byte[] bytes = err.readNBytes(300);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Seconds, or an HTTP date counted from the answer's own {@code Date} (the server's clock, not
     * ours); null when absent or unreadable.
     */
    static Duration retryAfter(String header, String answerDate) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            if (answerDate == null) {
                return null;
            }
            try {
                Duration d = Duration.between(ZonedDateTime.parse(answerDate.trim(), DateTimeFormatter.RFC_1123_DATE_TIME),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }
}
