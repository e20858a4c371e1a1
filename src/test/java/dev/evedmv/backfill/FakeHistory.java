package dev.evedmv.backfill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * EVE Ref, zKillboard's history and ESI as they document themselves, on 127.0.0.1: EVE Ref under
 * {@code /everef} ({@code killmails/totals.json}, {@code killmails/{YYYY}/killmails-{day}.tar.bz2}
 * with a strong ETag and Last-Modified, 304 to a matching {@code If-None-Match}), zKillboard under
 * {@code /zkb} ({@code totals.json}, {@code {YYYYMMDD}.json}), ESI under {@code /esi}
 * ({@code killmails/{id}/{hash}/}, 422 for a wrong hash). Misbehaviour is switched on per path.
 */
final class FakeHistory implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    record Request(String path, String ifNoneMatch, String userAgent, int status, long atNanos) {
    }

    /** How a path misbehaves: answered this many times with this status first, or stalled, or HTML. */
    record Trouble(int times, int status, String retryAfter, boolean stall, boolean html, boolean truncate) {
        static Trouble status(int times, int status, String retryAfter) {
            return new Trouble(times, status, retryAfter, false, false, false);
        }
    }

    final Map<LocalDate, Map<Long, byte[]>> archiveKillmails = new ConcurrentHashMap<>();
    final Map<LocalDate, Long> everefTotals = new ConcurrentHashMap<>();
    final Map<LocalDate, Map<Long, String>> zkbDays = new ConcurrentHashMap<>();
    /** ESI: every killmail it knows, by id, as ESI's JSON (no hash). */
    final Map<Long, byte[]> esi = new ConcurrentHashMap<>();
    final Map<String, Trouble> trouble = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> troubled = new ConcurrentHashMap<>();
    /** Added to every EVE Ref archive answer of {@link #slowFrom} on (of every day when null), so that a test can kill a run mid-way. */
    volatile long archiveDelayMillis;
    volatile LocalDate slowFrom;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** What ESI says is left of its error budget, on every answer. */
    volatile String esiErrorLimitRemain = "100";
    private final Map<LocalDate, byte[]> built = new ConcurrentHashMap<>();
    private final HttpServer server;

    FakeHistory() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment that points eve-dmv at this server. */
    Map<String, String> env(Map<String, String> dbEnv) {
        Map<String, String> env = new java.util.HashMap<>(dbEnv);
        env.put("EVEDMV_EVEREF_URL", base() + "/everef");
        env.put("EVEDMV_ZKB_HISTORY_URL", base() + "/zkb");
        env.put("EVEDMV_ESI_URL", base() + "/esi");
        env.put("EVEDMV_USER_AGENT", "eve-dmv-test (backfill)");
        return env;
    }

    /** The hash zKillboard and ESI agree on for {@code id}. */
    static String hashOf(long id) {
        return HexFormat.of().formatHex(digest("SHA-1", Long.toString(id).getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code killmails} (id → ESI JSON) as {@code day}'s archive, listed in totals.json with its count. */
    void publish(LocalDate day, Map<Long, byte[]> killmails) {
        archiveKillmails.put(day, new TreeMap<>(killmails));
        everefTotals.put(day, (long) killmails.size());
        built.remove(day);
    }

    /** ESI knows these killmails; zKillboard lists them on {@code day} with their hashes. */
    void listOnZkillboard(LocalDate day, Map<Long, byte[]> killmails) {
        Map<Long, String> hashes = new TreeMap<>();
        killmails.forEach((id, json) -> {
            esi.put(id, json);
            hashes.put(id, hashOf(id));
        });
        zkbDays.put(day, hashes);
    }

    List<Request> requestsTo(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    byte[] archive(LocalDate day) throws IOException {
        byte[] cached = built.get(day);
        if (cached != null) {
            return cached;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BZip2CompressorOutputStream(bytes))) {
            for (Map.Entry<Long, byte[]> e : archiveKillmails.get(day).entrySet()) {
                ObjectNode node = (ObjectNode) JSON.readTree(e.getValue());
                node.put("killmail_hash", hashOf(e.getKey()));
                byte[] json = JSON.writeValueAsBytes(node);
                TarArchiveEntry entry = new TarArchiveEntry("killmails/" + e.getKey() + ".json");
                entry.setSize(json.length);
                tar.putArchiveEntry(entry);
                tar.write(json);
                tar.closeArchiveEntry();
            }
        }
        byte[] out = bytes.toByteArray();
        built.put(day, out);
        return out;
    }

    /** Requests being answered now. */
    final AtomicInteger inFlight = new AtomicInteger();

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        try {
            handleOne(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleOne(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        String ua = ex.getRequestHeaders().getFirst("User-Agent");
        int status;
        try {
            status = answer(ex, path, inm);
        } catch (IOException | RuntimeException e) {
            status = -1;
        }
        requests.add(new Request(path, inm, ua, status, System.nanoTime()));
        ex.close();
    }

    private int answer(HttpExchange ex, String path, String inm) throws IOException {
        Trouble t = trouble.get(path);
        if (t != null && troubled.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet() <= t.times()) {
            if (t.stall()) {
                ex.getResponseHeaders().set("Content-Type", "application/x-bzip2");
                ex.sendResponseHeaders(200, 1_000_000);
                ex.getResponseBody().write(new byte[] {'B', 'Z', 'h'});
                ex.getResponseBody().flush();
                sleep(60_000);
                return 200;
            }
            if (t.html()) {
                return send(ex, 200, "text/html; charset=utf-8",
                        "<!DOCTYPE html><html><body>Checking your browser…</body></html>".getBytes(StandardCharsets.UTF_8), Map.of());
            }
            if (t.status() > 0) {
                return send(ex, t.status(), "text/plain", ("status " + t.status()).getBytes(StandardCharsets.UTF_8),
                        t.retryAfter() == null ? Map.of() : Map.of("Retry-After", t.retryAfter()));
            }
        }
        if (path.equals("/everef/killmails/totals.json")) {
            return send(ex, 200, "application/json", totalsJson(everefTotals), Map.of());
        }
        java.util.regex.Matcher archive = java.util.regex.Pattern
                .compile("/everef/killmails/(\\d{4})/killmails-(\\d{4}-\\d{2}-\\d{2})\\.tar\\.bz2").matcher(path);
        if (archive.matches()) {
            LocalDate day = LocalDate.parse(archive.group(2));
            if (!archiveKillmails.containsKey(day) || !archive.group(1).equals(Integer.toString(day.getYear()))) {
                return send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
            }
            if (slowFrom == null || !day.isBefore(slowFrom)) {
                sleep(archiveDelayMillis);
            }
            byte[] body = archive(day);
            String etag = "\"" + HexFormat.of().formatHex(digest("SHA-256", body), 0, 8) + "\"";
            if (etag.equals(inm)) {
                ex.getResponseHeaders().set("ETag", etag);
                ex.sendResponseHeaders(304, -1);
                return 304;
            }
            if (t != null && t.truncate()) {
                body = java.util.Arrays.copyOf(body, body.length / 2);
            }
            return send(ex, 200, "application/x-bzip2", body, Map.of("ETag", etag, "Last-Modified",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(day.plusDays(1).atStartOfDay(ZoneOffset.UTC))));
        }
        if (path.equals("/zkb/totals.json")) {
            Map<LocalDate, Long> counts = new TreeMap<>();
            zkbDays.forEach((d, ids) -> counts.put(d, (long) ids.size()));
            return send(ex, 200, "application/json", totalsJson(counts), Map.of());
        }
        java.util.regex.Matcher zkbDay = java.util.regex.Pattern.compile("/zkb/(\\d{8})\\.json").matcher(path);
        if (zkbDay.matches()) {
            Map<Long, String> ids = zkbDays.get(LocalDate.parse(zkbDay.group(1), DateTimeFormatter.BASIC_ISO_DATE));
            if (ids == null) {
                return send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
            }
            Map<String, String> json = new TreeMap<>();
            ids.forEach((id, hash) -> json.put(Long.toString(id), hash));
            return send(ex, 200, "application/json", JSON.writeValueAsBytes(json), Map.of());
        }
        java.util.regex.Matcher esiPath = java.util.regex.Pattern.compile("/esi/killmails/(\\d+)/([^/]+)/").matcher(path);
        if (esiPath.matches()) {
            long id = Long.parseLong(esiPath.group(1));
            byte[] km = esi.get(id);
            Map<String, String> limit = Map.of("X-ESI-Error-Limit-Remain", esiErrorLimitRemain, "X-ESI-Error-Limit-Reset", "30");
            if (km == null || !hashOf(id).equals(esiPath.group(2))) {
                return send(ex, 422, "application/json",
                        "{\"error\":\"Invalid killmail_id and/or killmail_hash\"}".getBytes(StandardCharsets.UTF_8), limit);
            }
            return send(ex, 200, "application/json", km, limit);
        }
        return send(ex, 404, "text/plain", "no such path".getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static byte[] totalsJson(Map<LocalDate, Long> counts) throws IOException {
        Map<String, Long> json = new TreeMap<>();
        counts.forEach((d, n) -> json.put(d.format(DateTimeFormatter.BASIC_ISO_DATE), n));
        return JSON.writeValueAsBytes(json);
    }

    private static int send(HttpExchange ex, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every killmail of a generated archive ({@code .tar.bz2} or {@code .tar.gz}): id → ESI JSON. */
    static Map<Long, byte[]> read(Path archive) throws IOException {
        Map<Long, byte[]> out = new TreeMap<>();
        try (InputStream file = new java.io.BufferedInputStream(Files.newInputStream(archive));
             InputStream decompressed = archive.toString().endsWith(".bz2") ? new BZip2CompressorInputStream(file)
                     : new GzipCompressorInputStream(file);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.endsWith(".json")) {
                    out.put(Long.parseLong(name.substring(name.lastIndexOf('/') + 1, name.length() - 5)), tar.readAllBytes());
                }
            }
        }
        return out;
    }

    /** The first {@code n} killmails of {@code all}, by id. */
    static Map<Long, byte[]> first(Map<Long, byte[]> all, int n) {
        Map<Long, byte[]> out = new TreeMap<>();
        all.entrySet().stream().limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static Set<Long> ids(List<Request> esiRequests) {
        Set<Long> out = new java.util.TreeSet<>();
        for (Request r : esiRequests) {
            out.add(Long.parseLong(r.path().split("/")[3]));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
