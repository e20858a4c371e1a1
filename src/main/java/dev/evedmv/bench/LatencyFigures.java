package dev.evedmv.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** Latency percentiles (milliseconds) and throughput of one group of timed operations. */
public record LatencyFigures(long count, long errors, double seconds, double p50, double p95, double p99, double max,
                             double mean) {
    /** Values in {@code histogram} are microseconds; {@code seconds} is the measured wall time. */
    public static LatencyFigures of(Histogram histogram, long errors, double seconds) {
        long n = histogram.getTotalCount();
        if (n == 0) {
            return new LatencyFigures(0, errors, seconds, 0, 0, 0, 0, 0);
        }
        return new LatencyFigures(n, errors, seconds, ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(95)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMaxValue()), Math.round(histogram.getMean()) / 1000.0);
    }

    /** A histogram of microseconds from 1 µs to 10 minutes, 3 significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(1, 600_000_000L, 3);
    }

    public double throughput() {
        return seconds <= 0 ? 0 : count / seconds;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", count);
        m.put("errors", errors);
        m.put("throughput_per_second", Math.round(throughput() * 10) / 10.0);
        m.put("p50_ms", p50);
        m.put("p95_ms", p95);
        m.put("p99_ms", p99);
        m.put("max_ms", max);
        m.put("mean_ms", mean);
        return m;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
