package dev.evedmv.bench;

import java.util.SplittableRandom;

/**
 * Zipf-like ranks by inverting a continuous power law: rank 0 is the most likely, the tail is
 * long. The continuous form is close enough to the discrete law for synthetic activity and needs
 * no tables.
 *
 * <p>{@link #sample(SplittableRandom, int, double)} is plain Zipf (density ∝ x^-s on [1, n+1)).
 * {@link #sample(SplittableRandom, int, double, double)} is Zipf–Mandelbrot (density ∝ (x + q)^-s):
 * the offset {@code q} flattens the head (the first ranks differ little from each other) while the
 * tail keeps the power law, which is how activity looks in real populations where no single member
 * takes a large share.
 */
final class Zipf {
    private Zipf() {
    }

    static int sample(SplittableRandom random, int n, double s) {
        return sample(random, n, s, 0.0);
    }

    /** A rank in [0, n) with P(rank = k) ≈ ∝ (k + 1 + q)^-s. */
    static int sample(SplittableRandom random, int n, double s, double q) {
        double u = random.nextDouble();
        double lo = 1.0 + q;
        double hi = n + 1.0 + q;
        double x;
        if (s == 1.0) {
            x = lo * Math.pow(hi / lo, u);
        } else {
            double oneMinusS = 1.0 - s;
            double a = Math.pow(lo, oneMinusS);
            x = Math.pow(a + (Math.pow(hi, oneMinusS) - a) * u, 1.0 / oneMinusS);
        }
        int rank = (int) (x - q) - 1;
        return rank < 0 ? 0 : Math.min(rank, n - 1);
    }
}
