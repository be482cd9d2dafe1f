package org.iocity.jobs.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hot-spot rule against Poisson tails computed by hand. */
class HotSpotRuleTest {
    final HotSpotRule rule = HotSpotRule.DEFAULT;

    @Test
    void poissonUpperTails() {
        // P(X >= 5 | 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125 + 0.0208333 + 0.0026042) = 0.000172
        assertEquals(0.000172, rule.upperTail(5, 0.5), 1e-6);
        // P(X >= 9 | 2) = 0.000237, P(X >= 8 | 2) = 0.001096
        assertEquals(0.000237, rule.upperTail(9, 2), 1e-6);
        assertEquals(0.001096, rule.upperTail(8, 2), 1e-6);
        assertEquals(1.0, rule.upperTail(0, 2));
    }

    @Test
    void hotNeedsTheMinimumCountAndAnUnlikelyCount() {
        assertTrue(rule.hot(5, 0));         // floor 0.5: P = 0.000172
        assertFalse(rule.hot(4, 0));        // below the minimum count
        assertTrue(rule.hot(9, 2));
        assertFalse(rule.hot(8, 2));        // P = 0.0011, not below 0.001
        assertFalse(rule.hot(30, 25));      // a busy area at its usual level
    }
}
