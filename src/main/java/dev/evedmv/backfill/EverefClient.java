package dev.evedmv.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EVE Ref's killmail history: {@code {base}/killmails/totals.json} and
 * {@code {base}/killmails/{YYYY}/killmails-{YYYY-MM-DD}.tar.bz2}. An archive is asked for
 * conditionally on what was stored of it last time ({@code If-None-Match}, {@code If-Modified-Since});
 * a server that ignores those but sends the same ETag (or Last-Modified) and size is taken at its
 * word and its body left unread. Archives are written to a temporary file and moved into place
 * whole, and a body shorter than its {@code Content-Length} is a failed attempt.
 */
final class EverefClient {
    private final HttpSource http;
    private final String base;

    /** What asking for one day's archive came to. */
    sealed interface Fetch {
    }

    /** 304, or the same ETag/Last-Modified and size as last time. */
    record Unchanged() implements Fetch {
    }

    /** The archive, whole, at {@code file}. */
    record Downloaded(Path file, String etag, String lastModified, long bytes) implements Fetch {
    }

    /** 404 for a day totals.json lists. */
    record Missing(String detail) implements Fetch {
    }

    /** Failed after the retries, or answered with something that is not an archive. */
    record Failed(String detail) implements Fetch {
    }

    EverefClient(HttpSource http, String baseUrl) {
        this.http = http;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    URI totalsUri() {
        return URI.create(base + "/killmails/totals.json");
    }

    URI archiveUri(LocalDate day) {
        return URI.create(base + "/killmails/" + day.getYear() + "/" + archiveName(day));
    }

    static String archiveName(LocalDate day) {
        return "killmails-" + day + ".tar.bz2";
    }

    /** Day → killmails of every day totals.json lists. */
    Map<LocalDate, Long> totals() throws HttpSource.FailedException, InterruptedException {
        URI uri = totalsUri();
        HttpSource.Answer<Map<LocalDate, Long>> a = http.get(uri, Map.of("Accept", "application/json"),
                HistoryJson.totals("EVE Ref's " + uri));
        if (a.status() != 200) {
            throw new HttpSource.FailedException("EVE Ref's " + uri + " answered HTTP " + a.status());
        }
        return a.body();
    }

    /** Asks for {@code day}'s archive, conditionally on {@code previous} when it is given; writes it under {@code dir}. */
    Fetch archive(LocalDate day, DayState previous, Path dir) throws InterruptedException {
        URI uri = archiveUri(day);
        Map<String, String> headers = new LinkedHashMap<>();
        if (previous != null) {
            if (previous.etag() != null) {
                headers.put("If-None-Match", previous.etag());
            }
            if (previous.lastModified() != null) {
                headers.put("If-Modified-Since", previous.lastModified());
            }
        }
        Path target = dir.resolve(archiveName(day));
        try {
            HttpSource.Answer<Fetch> a = http.get(uri, headers, (body, h) -> {
                if (previous != null && sameAsBefore(previous, h)) {
                    return new Unchanged();
                }
                String type = h.getOrDefault("content-type", "");
                if (type.toLowerCase(java.util.Locale.ROOT).contains("html")) {
                    throw new HttpSource.NotUnderstoodException(uri + " is not an archive but " + type);
                }
                long bytes = write(body, h, target);
                return new Downloaded(target, h.get("etag"), h.get("last-modified"), bytes);
            });
            return switch (a.status()) {
                case 200, 203 -> a.body();
                case 304 -> new Unchanged();
                case 404, 410 -> new Missing(uri + " answered HTTP " + a.status());
                default -> new Failed(uri + " answered HTTP " + a.status());
            };
        } catch (HttpSource.FailedException e) {
            return new Failed(e.getMessage().startsWith(uri.toString()) ? e.getMessage() : uri + ": " + e.getMessage());
        }
    }

    private static boolean sameAsBefore(DayState previous, Map<String, String> h) {
        String length = h.get("content-length");
        if (length == null || previous.bytes() == null || !length.equals(Long.toString(previous.bytes()))) {
            return false;
        }
        String etag = h.get("etag");
        if (etag != null && previous.etag() != null) {
            return etag.equals(previous.etag());
        }
        String modified = h.get("last-modified");
        return etag == null && modified != null && modified.equals(previous.lastModified());
    }

    /** The body to a temporary file, moved into place once whole; the bytes written. */
    private static long write(InputStream body, Map<String, String> headers, Path target) throws IOException {
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(part)) {
                written = body.transferTo(out);
            }
            String length = headers.get("content-length");
            if (length != null && !length.equals(Long.toString(written))) {
                throw new IOException("the answer broke off after " + written + " of " + length + " bytes");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return written;
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
