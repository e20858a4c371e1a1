package dev.evedmv.names;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * ESI {@code POST /universe/names/}: up to {@value #MAX_IDS} ids per call. ESI answers 404 for a
 * whole batch when one id is unknown, so a refused batch is split in halves until the unknown ids
 * stand alone (one unknown among n ids costs 1 + 2·log2(n) calls). 420, 429 and 5xx are retried
 * after {@code Retry-After} or an exponential backoff; when {@code X-ESI-Error-Limit-Remain} runs
 * low, calls pause until {@code X-ESI-Error-Limit-Reset}.
 */
public final class EsiNames {
    public static final int MAX_IDS = 1000;
    static final int ERROR_LIMIT_LOW = 20;
    private static final int ATTEMPTS = 5;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the client waits; tests record the pauses instead of sleeping through them. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;

        Pause REAL = d -> Thread.sleep(d.toMillis());
    }

    /** The names found and the ids ESI does not know. */
    public record Result(List<Name> names, List<Long> unknown) {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String userAgent;
    private final Pause pause;
    private final Counter calls;
    private final Counter errors;

    public EsiNames(HttpClient http, String esiUrl, String userAgent, Pause pause, MeterRegistry registry) {
        this.http = http;
        this.endpoint = URI.create(esiUrl + "/universe/names/");
        this.userAgent = userAgent;
        this.pause = pause;
        this.calls = Counter.builder("evedmv_names_esi_calls").description("ESI /universe/names/ calls").register(registry);
        this.errors = Counter.builder("evedmv_names_esi_errors")
                .description("ESI /universe/names/ answers other than 200 and 404").register(registry);
    }

    /** Resolves {@code ids} (any number; sent in batches of {@value #MAX_IDS}). */
    public Result resolve(List<Long> ids) {
        List<Name> names = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        List<Long> asked = new ArrayList<>(ids.size());
        for (long id : ids) {
            // ESI's ids are 32-bit: a larger one (generated data's, see bench.SyntheticIds) is unknown to it without asking
            if (id < 1 || id > Integer.MAX_VALUE) {
                unknown.add(id);
            } else {
                asked.add(id);
            }
        }
        for (int i = 0; i < asked.size(); i += MAX_IDS) {
            resolveBatch(asked.subList(i, Math.min(asked.size(), i + MAX_IDS)), names, unknown);
        }
        return new Result(names, unknown);
    }

    private void resolveBatch(List<Long> ids, List<Name> names, List<Long> unknown) {
        if (ids.isEmpty()) {
            return;
        }
        Optional<List<Name>> found = post(ids);
        if (found.isPresent()) {
            names.addAll(found.get());
        } else if (ids.size() == 1) {
            unknown.add(ids.get(0));
        } else {
            int half = ids.size() / 2;
            resolveBatch(ids.subList(0, half), names, unknown);
            resolveBatch(ids.subList(half, ids.size()), names, unknown);
        }
    }

    /** The names, or empty when ESI says at least one id is unknown (404). */
    private Optional<List<Name>> post(List<Long> ids) {
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> r = send(ids);
            calls.increment();
            respectErrorLimit(r);
            int status = r.statusCode();
            if (status == 200) {
                return Optional.of(parse(r.body()));
            }
            if (status == 404) {
                return Optional.empty();
            }
            errors.increment();
            boolean retryable = status == 420 || status == 429 || status >= 500;
            if (!retryable || attempt == ATTEMPTS) {
                throw new EveDmvException("ESI /universe/names/ answered " + status
                        + (retryable ? " " + ATTEMPTS + " times" : "") + ": " + snippet(r.body()));
            }
            Duration wait = r.headers().firstValue("Retry-After").map(EsiNames::seconds).orElse(backoff);
            sleep(wait);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private HttpResponse<byte[]> send(List<Long> ids) {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                    .header("User-Agent", userAgent).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(ids))).build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            errors.increment();
            throw new EveDmvException("ESI /universe/names/ unreachable: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("interrupted while calling ESI", e);
        }
    }

    private void respectErrorLimit(HttpResponse<byte[]> r) {
        Optional<String> remain = r.headers().firstValue("X-ESI-Error-Limit-Remain");
        Optional<String> reset = r.headers().firstValue("X-ESI-Error-Limit-Reset");
        if (remain.isPresent() && reset.isPresent()) {
            try {
                if (Integer.parseInt(remain.get().trim()) < ERROR_LIMIT_LOW) {
                    sleep(seconds(reset.get()));
                }
            } catch (NumberFormatException e) {
                // a header we cannot read is no reason to stop resolving names
            }
        }
    }

    private void sleep(Duration d) {
        try {
            pause.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("interrupted while waiting for ESI", e);
        }
    }

    private static Duration seconds(String header) {
        return Duration.ofSeconds(Math.max(0, Math.min(MAX_BACKOFF.toSeconds(), Long.parseLong(header.trim()))));
    }

    private static List<Name> parse(byte[] body) {
        try {
            List<Name> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(body)) {
                out.add(new Name(n.get("id").asLong(), n.get("category").asText(), n.get("name").asText()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new EveDmvException("ESI /universe/names/ sent an answer that is not a names list: " + snippet(body), e);
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
