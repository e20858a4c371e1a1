package dev.evedmv.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for zKillboard's R2Z2 feed for {@code bench live}: {@code
 * GET /ephemeral/sequence.json} answers the newest published sequence, {@code GET
 * /ephemeral/{N}.json} the record published as N, or 404 when N is not published (yet).
 * It remembers when each record was published and when it was first served, so that latency
 * can be measured from either.
 */
public final class FakeR2z2Server implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-r2z2");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, byte[]> records = new ConcurrentHashMap<>();
    private final Map<Long, Long> publishedNanos = new ConcurrentHashMap<>();
    private final Map<Long, Long> servedNanos = new ConcurrentHashMap<>();
    private volatile long sequence;

    /** Listens on a free local port; {@code sequence.json} answers {@code firstSequence - 1} until something is published. */
    public static FakeR2z2Server start(long firstSequence) {
        try {
            return new FakeR2z2Server(firstSequence);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake R2Z2 server: " + e.getMessage(), e);
        }
    }

    private FakeR2z2Server(long firstSequence) throws IOException {
        this.sequence = firstSequence - 1;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/ephemeral/", this::handle);
        server.start();
    }

    /** The base URL to point {@code EVEDMV_R2Z2_URL} (or a feed) at. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes {@code record} (an R2Z2 JSON record) as sequence {@code n}, now. */
    public void publish(long n, byte[] record) {
        records.put(n, record);
        publishedNanos.put(n, System.nanoTime());
        if (n > sequence) {
            sequence = n;
        }
    }

    /** When sequence {@code n} was published (System.nanoTime), or null. */
    public Long publishedAt(long n) {
        return publishedNanos.get(n);
    }

    /** When sequence {@code n} was first answered with 200 (System.nanoTime), or null. */
    public Long servedAt(long n) {
        return servedNanos.get(n);
    }

    /** Wraps an ESI killmail (JSON) as an R2Z2 record with its zkb block. */
    public static byte[] record(long sequenceId, long killmailId, byte[] esi, double totalValue, long uploadedAt) {
        String hash = Long.toHexString(killmailId * 0x9E3779B97F4A7C15L);
        String head = "{\"killmail_id\":" + killmailId + ",\"hash\":\"" + hash + "\",\"esi\":";
        String tail = ",\"zkb\":{\"locationID\":0,\"hash\":\"" + hash + "\",\"fittedValue\":" + totalValue
                + ",\"droppedValue\":0,\"destroyedValue\":" + totalValue + ",\"totalValue\":" + totalValue
                + ",\"points\":1,\"npc\":false,\"solo\":false,\"awox\":false,\"labels\":[]},\"sequence_id\":" + sequenceId
                + ",\"uploaded_at\":" + uploadedAt + "}";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + esi.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(esi, 0, out, h.length, esi.length);
        System.arraycopy(t, 0, out, h.length + esi.length, t.length);
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/ephemeral/".length());
            byte[] body = null;
            if (name.equals("sequence.json")) {
                body = ("{\"sequence\":" + sequence + "}").getBytes(StandardCharsets.UTF_8);
            } else if (name.endsWith(".json")) {
                try {
                    long n = Long.parseLong(name.substring(0, name.length() - ".json".length()));
                    body = records.get(n);
                    if (body != null) {
                        servedNanos.putIfAbsent(n, System.nanoTime());
                    }
                } catch (NumberFormatException e) {
                    body = null;
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The sequences published so far. */
    public List<Long> published() {
        return publishedNanos.keySet().stream().sorted().toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
