package org.deephtm.examples.nab;

import org.deephtm.anomaly.AnomalyLikelihood;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyScoresTest {

    /** 100 rows alternating 0 and 1, raw scores 0.2. */
    private static double[] values() {
        double[] v = new double[100];
        for (int t = 0; t < v.length; t++) {
            v[t] = t % 2;
        }
        return v;
    }

    private static double[] raw(int n) {
        double[] r = new double[n];
        java.util.Arrays.fill(r, 0.2);
        return r;
    }

    @Test
    void theLikelihoodIsNeutralDuringNabsProbationaryPeriod() {
        // 100 rows: probationary period 15, so learningPeriod 7 and estimationSamples 8
        AnomalyScores s = AnomalyScores.fromRaw(values(), raw(100), 0.05);
        for (int t = 0; t < 15; t++) {
            assertEquals(0.5, s.likelihood()[t], 0, "row " + t);
            assertEquals(AnomalyLikelihood.logLikelihood(0.5), s.finalScore()[t], 0, "row " + t);
        }
    }

    @Test
    void aValueFarOutsideTheRangeSeenScoresOne() {
        double[] v = values();
        v[60] = 1.2; // the range so far is [0, 1]: 1.2 is 20% above it, beyond the 5% tolerance
        v[80] = 1.21; // the range is now [0, 1.2]: 1.21 is within 5% of it
        AnomalyScores s = AnomalyScores.fromRaw(v, raw(100), 0.05);
        assertEquals(1.0, s.finalScore()[60], 0);
        assertTrue(s.finalScore()[80] < 0.5, "row 80: " + s.finalScore()[80]);
    }

    @Test
    void aZeroToleranceTurnsTheSpatialRuleOff() {
        double[] v = values();
        v[60] = 5.0;
        assertTrue(AnomalyScores.fromRaw(v, raw(100), 0).finalScore()[60] < 0.5);
    }
}
