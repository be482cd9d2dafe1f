package org.iocity.sim;

import java.util.SplittableRandom;

/**
 * Random numbers that depend only on what they describe (seed, segment, time slot, purpose), never on the order
 * of calls: the same question always gets the same answer, whichever thread asks and whatever was asked before.
 */
final class SeededRandom {
    private SeededRandom() {}

    /** A generator for one (seed, key, slot, purpose) tuple. */
    static SplittableRandom of(long seed, String key, long slot, int purpose) {
        long h = mix(seed);
        h = mix(h ^ key.hashCode());
        h = mix(h ^ slot);
        h = mix(h ^ (0x9E3779B97F4A7C15L * (purpose + 1)));
        return new SplittableRandom(h);
    }

    /** The SplitMix64 finaliser: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A Poisson count with mean {@code mean}: exact for small means, a rounded normal for large ones. */
    static long poisson(SplittableRandom r, double mean) {
        if (mean <= 0) return 0;
        if (mean < 40) {
            double limit = Math.exp(-mean);
            double p = 1;
            long k = -1;
            do {
                k++;
                p *= r.nextDouble();
            } while (p > limit);
            return k;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }

    /** How many of {@code n} trials succeed with probability {@code p}. */
    static long binomial(SplittableRandom r, long n, double p) {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (n < 60) {
            long k = 0;
            for (long i = 0; i < n; i++) if (r.nextDouble() < p) k++;
            return k;
        }
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        return Math.min(n, Math.max(0, Math.round(mean + sd * r.nextGaussian())));
    }
}
