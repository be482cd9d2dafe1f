package org.iocity.jobs.citizen;

import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * When an area's complaint count is unusual against its own past: the count {@code n} of the last window is a hot
 * spot when {@code n >= minCount} and, under a Poisson law with the area's baseline mean λ (its mean count per
 * window over the {@code baselineWindows} windows just before; at least {@code minBaseline}, so a quiet area needs
 * more than one complaint), the chance of {@code n} or more is below {@code pValue}: P(X ≥ n | λ) &lt; pValue. The
 * hot spot clears at the first evaluation where that no longer holds.
 *
 * <p>With the defaults (5, 0.001, 24 windows, 0.5): a cell that saw nothing the day before is hot at 5 complaints in
 * an hour (P(X ≥ 5 | 0.5) = 0.00017), one averaging 2 per hour at 9 (P(X ≥ 9 | 2) = 0.00024; 8 gives 0.0011).
 */
public record HotSpotRule(int minCount, double pValue, int baselineWindows, double minBaseline)
        implements java.io.Serializable {
    public static final HotSpotRule DEFAULT = new HotSpotRule(5, 0.001, 24, 0.5);

    /** P(X ≥ n) for X ~ Poisson(max(baselineMean, minBaseline)). */
    public double upperTail(long n, double baselineMean) {
        if (n <= 0) return 1.0;
        double lambda = Math.max(baselineMean, minBaseline);
        var poisson = new PoissonDistribution(null, lambda, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        return 1.0 - poisson.cumulativeProbability((int) Math.min(n - 1, Integer.MAX_VALUE));
    }

    public boolean hot(long count, double baselineMean) {
        return count >= minCount && upperTail(count, baselineMean) < pValue;
    }
}
