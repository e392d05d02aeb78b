package org.deephtm.anomaly;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalDistributionTest {

    @Test
    void erfcMatchesReferenceValuesOnBothSidesOfTheSeriesSwitch() {
        // reference values: Python's math.erfc
        assertEquals(1.0, NormalDistribution.erfc(0), 0);
        assertEquals(0.8875370839817152, NormalDistribution.erfc(0.1), 1e-15);
        assertEquals(0.4795001221869535, NormalDistribution.erfc(0.5), 1e-15);
        assertEquals(0.15729920705028513, NormalDistribution.erfc(1), 1e-15);
        assertEquals(0.08968602177036465, NormalDistribution.erfc(1.2), 1e-15);
        assertEquals(0.06599205505934755, NormalDistribution.erfc(1.3), 1e-15);
        assertEquals(0.004677734981047265, NormalDistribution.erfc(2), 1e-17);
        assertEquals(2.2090496998585438e-05, NormalDistribution.erfc(3), 1e-19);
        assertEquals(1.5374597944280351e-12, NormalDistribution.erfc(5), 1e-25);
        assertEquals(1.1224297172982928e-29, NormalDistribution.erfc(8), 1e-42);
    }

    @Test
    void erfcOfANegativeArgumentIsTwoMinusTheMirror() {
        assertEquals(2 - 0.15729920705028513, NormalDistribution.erfc(-1), 1e-15);
    }

    @Test
    void tailProbabilityIsOneHalfAtTheMean() {
        assertEquals(0.5, new NormalDistribution(0.2, 0.01, 0.1).tailProbability(0.2), 1e-15);
    }

    @Test
    void tailProbabilityIsSymmetricAboutTheMean() {
        NormalDistribution d = new NormalDistribution(0.2, 0.01, 0.1);
        // one standard deviation out: Q(1) = erfc(1/sqrt 2) / 2 = 0.15865525393145707
        assertEquals(0.15865525393145707, d.tailProbability(0.3), 1e-12);
        assertEquals(0.15865525393145707, d.tailProbability(0.1), 1e-12);
    }

    @Test
    void estimateUsesThePopulationVariance() {
        NormalDistribution d = NormalDistribution.estimate(new double[] {9, 1, 2, 3, 4}, 1, 5, false);
        assertEquals(2.5, d.mean(), 1e-15);
        assertEquals(1.25, d.variance(), 1e-15);
        assertEquals(Math.sqrt(1.25), d.stdev(), 1e-15);
    }

    @Test
    void estimateRaisesTinyMeansAndVariancesToNupicsBounds() {
        NormalDistribution d = NormalDistribution.estimate(new double[] {0.01, 0.01, 0.01}, 0, 3, true);
        assertEquals(NormalDistribution.MIN_MEAN, d.mean(), 0);
        assertEquals(NormalDistribution.MIN_VARIANCE, d.variance(), 0);
    }

    @Test
    void rejectsAnEmptyRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalDistribution.estimate(new double[] {1, 2}, 2, 2, true));
        assertEquals("need a non-empty range of samples, got [2, 2) of 2", e.getMessage());
    }
}
