package dev.evedmv.backfill;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ESI {@code GET /killmails/{id}/{hash}/}, at most {@code 1 / minInterval} calls a second. When
 * {@code X-ESI-Error-Limit-Remain} runs low, calls pause until {@code X-ESI-Error-Limit-Reset}, so
 * that refusals (422 for a wrong hash) never exhaust the error budget.
 */
final class EsiKillmails {
    private static final Logger log = LoggerFactory.getLogger(EsiKillmails.class);
    static final int ERROR_LIMIT_LOW = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What ESI made of one killmail. */
    sealed interface Result {
    }

    /** The killmail in EVE Ref's form: ESI's JSON plus {@code killmail_hash}. */
    record Found(byte[] json) implements Result {
    }

    /** ESI refused it (4xx: 422 for a wrong hash, 404, …). */
    record Refused(int status, String reason) implements Result {
    }

    /** ESI did not answer usefully after the retries. */
    record Failed(String reason) implements Result {
    }

    private final HttpSource http;
    private final String base;

    EsiKillmails(HttpSource http, String esiUrl) {
        this.http = http.observing(this::respectErrorLimit);
        this.base = esiUrl.endsWith("/") ? esiUrl.substring(0, esiUrl.length() - 1) : esiUrl;
    }

    URI uri(long id, String hash) {
        return URI.create(base + "/killmails/" + id + "/" + hash + "/");
    }

    Result fetch(long id, String hash) throws InterruptedException {
        URI uri = uri(id, hash);
        try {
            HttpSource.Answer<byte[]> a = http.get(uri, Map.of("Accept", "application/json"), (in, h) -> {
                byte[] body = in.readAllBytes();
                JsonNode node;
                try {
                    node = JSON.readTree(body);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new HttpSource.NotUnderstoodException("ESI's " + uri + " is not JSON: "
                            + HistoryJson.snippet(new String(body, 0, Math.min(body.length, 200),
                            java.nio.charset.StandardCharsets.UTF_8)));
                }
                if (node == null || !node.isObject()) {
                    throw new HttpSource.NotUnderstoodException("ESI's " + uri + " is not a JSON object");
                }
                ((ObjectNode) node).put("killmail_hash", hash);
                return JSON.writeValueAsBytes(node);
            });
            if (a.status() == 200) {
                return new Found(a.body());
            }
            String said = a.errorText() == null || a.errorText().isEmpty() ? "" : ": " + HistoryJson.snippet(a.errorText());
            return a.status() >= 400 && a.status() < 500
                    ? new Refused(a.status(), "ESI answered HTTP " + a.status() + " for " + uri + said)
                    : new Failed("ESI answered HTTP " + a.status() + " for " + uri + said);
        } catch (HttpSource.FailedException e) {
            return new Failed(e.getMessage());
        }
    }

    private void respectErrorLimit(Map<String, String> headers) throws InterruptedException {
        String remain = headers.get("x-esi-error-limit-remain");
        String reset = headers.get("x-esi-error-limit-reset");
        if (remain == null || reset == null) {
            return;
        }
        try {
            if (Integer.parseInt(remain.trim()) < ERROR_LIMIT_LOW) {
                Duration wait = Duration.ofSeconds(Math.max(1, Long.parseLong(reset.trim())));
                log.info("ESI error limit low ({} left); pausing {} s", remain.trim(), wait.toSeconds());
                http.sleeper().sleep(wait);
            }
        } catch (NumberFormatException e) {
            // a header that cannot be read is no reason to stop
        }
    }
}
