package dev.evedmv.bench;

import java.util.SplittableRandom;

/**
 * Zipf-like ranks by inverting the continuous power law with density ∝ x^-s on [1, n+1): rank 0
 * is the most likely, the tail is long. The continuous form is close enough to the discrete Zipf
 * law for synthetic activity and needs no tables.
 */
final class Zipf {
    private Zipf() {
    }

    static int sample(SplittableRandom random, int n, double s) {
        double u = random.nextDouble();
        double x;
        if (s == 1.0) {
            x = Math.pow(n + 1.0, u);
        } else {
            double oneMinusS = 1.0 - s;
            x = Math.pow((Math.pow(n + 1.0, oneMinusS) - 1.0) * u + 1.0, 1.0 / oneMinusS);
        }
        int rank = (int) x - 1;
        return rank < 0 ? 0 : Math.min(rank, n - 1);
    }
}
