package dev.evedmv.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.HdrHistogram.Histogram;

import dev.evedmv.bench.QueryWorkload.Family;

/**
 * {@code bench queries}: C client threads, each asking the next question of a {@link QueryWorkload}
 * as soon as the last one is answered (a closed loop), for a warm-up and then the measured
 * duration. Latency is the whole HTTP round trip, recorded in HdrHistograms per endpoint family;
 * any answer that is not 2xx (a shed 503 or 429 included), a timeout or a network failure is an
 * error. Requests started during the warm-up are left out of every figure but their errors are
 * reported apart.
 */
public final class QueryBenchmark {
    private static final String USER_AGENT = "eve-dmv-bench";

    /** What to run: the server's base URL, clients, times, and whether to ask for uncached answers. */
    public record Options(URI base, int clients, Duration duration, Duration warmup, boolean noCache, Duration timeout,
                          long seed) {
        public Options {
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be at least 1, not " + clients);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--duration must be positive");
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("--warmup must not be negative");
            }
        }
    }

    /** The measured figures: per family, all together, errors by reason. */
    public record Result(Options options, Map<Family, LatencyFigures> families, LatencyFigures total,
                         Map<String, Long> errorsByReason, long warmupRequests, long warmupErrors,
                         Map<String, Long> warmupErrorsByReason, List<String> errorSamples) {
        public long errors() {
            return total.errors();
        }

        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("clients", options.clients());
            out.put("duration_seconds", options.duration().toMillis() / 1000.0);
            out.put("warmup_seconds", options.warmup().toMillis() / 1000.0);
            out.put("cache", options.noCache() ? "no-cache" : "cached");
            out.put("requests", total.count());
            out.put("errors", total.errors());
            out.put("throughput_per_second", Math.round(total.throughput() * 10) / 10.0);
            out.put("all", total.toJson());
            Map<String, Object> fams = new LinkedHashMap<>();
            families.forEach((f, figures) -> fams.put(f.label, figures.toJson()));
            out.put("families", fams);
            out.put("errors_by_reason", errorsByReason);
            out.put("error_samples", errorSamples);
            out.put("warmup_requests", warmupRequests);
            out.put("warmup_errors", warmupErrors);
            out.put("warmup_errors_by_reason", warmupErrorsByReason);
            return out;
        }
    }

    private final QueryWorkload workload;
    private final Options options;

    public QueryBenchmark(QueryWorkload workload, Options options) {
        this.workload = workload;
        this.options = options;
    }

    public Result run() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout()).build();
        List<Client> clients = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(options.seed());
        CountDownLatch go = new CountDownLatch(1);
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + options.warmup().toNanos();
        long end = measureFrom + options.duration().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            Client c = new Client(http, seeds.split(), start, measureFrom, end);
            clients.add(c);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    c.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the clients ran", e);
            }
        }
        double seconds = options.duration().toNanos() / 1e9;
        Map<Family, LatencyFigures> families = new EnumMap<>(Family.class);
        Histogram all = LatencyFigures.newHistogram();
        long allErrors = 0;
        long warmupRequests = 0;
        long warmupErrors = 0;
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> warmupReasons = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        for (Family f : Family.values()) {
            Histogram h = LatencyFigures.newHistogram();
            long errors = 0;
            for (Client c : clients) {
                h.add(c.histograms.get(f));
                errors += c.errors.getOrDefault(f, 0L);
            }
            if (h.getTotalCount() > 0 || errors > 0) {
                families.put(f, LatencyFigures.of(h, errors, seconds));
            }
            all.add(h);
            allErrors += errors;
        }
        for (Client c : clients) {
            warmupRequests += c.warmupRequests;
            warmupErrors += c.warmupErrors;
            c.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
            c.warmupReasons.forEach((k, v) -> warmupReasons.merge(k, v, Long::sum));
            for (String s : c.samples) {
                if (samples.size() < 5) {
                    samples.add(s);
                }
            }
        }
        return new Result(options, families, LatencyFigures.of(all, allErrors, seconds), reasons, warmupRequests,
                warmupErrors, warmupReasons, samples);
    }

    /** One client thread's loop and its own histograms (merged after the run: no sharing while it runs). */
    private final class Client {
        private final HttpClient http;
        private final SplittableRandom random;
        private final long start;
        private final long measureFrom;
        private final long end;
        final Map<Family, Histogram> histograms = new EnumMap<>(Family.class);
        final Map<Family, Long> errors = new EnumMap<>(Family.class);
        final Map<String, Long> reasons = new TreeMap<>();
        final Map<String, Long> warmupReasons = new TreeMap<>();
        final List<String> samples = new ArrayList<>();
        long warmupRequests;
        long warmupErrors;

        Client(HttpClient http, SplittableRandom random, long start, long measureFrom, long end) {
            this.http = http;
            this.start = start;
            this.random = random;
            this.measureFrom = measureFrom;
            this.end = end;
            for (Family f : Family.values()) {
                histograms.put(f, LatencyFigures.newHistogram());
            }
        }

        void run() throws InterruptedException {
            long wait = start - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            while (System.nanoTime() < end) {
                QueryWorkload.Request request = workload.next(random);
                HttpRequest.Builder builder = HttpRequest.newBuilder(options.base().resolve(request.path()))
                        .timeout(options.timeout()).header("User-Agent", USER_AGENT).GET();
                if (options.noCache()) {
                    builder.header("Cache-Control", "no-cache");
                }
                String failure = null;
                long t0 = System.nanoTime();
                try {
                    HttpResponse<Void> response = http.send(builder.build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() / 100 != 2) {
                        failure = "HTTP " + response.statusCode();
                    }
                } catch (HttpTimeoutException e) {
                    failure = "timeout";
                } catch (IOException e) {
                    failure = e.getClass().getSimpleName();
                }
                long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
                boolean measured = t0 >= measureFrom;
                if (!measured) {
                    warmupRequests++;
                    if (failure != null) {
                        warmupErrors++;
                        warmupReasons.merge(failure, 1L, Long::sum);
                    }
                    continue;
                }
                if (failure == null) {
                    histograms.get(request.family()).recordValue(Math.min(micros, 600_000_000L));
                } else {
                    errors.merge(request.family(), 1L, Long::sum);
                    reasons.merge(failure, 1L, Long::sum);
                    if (samples.size() < 5) {
                        samples.add(failure + " " + request.path());
                    }
                }
            }
        }
    }
}
