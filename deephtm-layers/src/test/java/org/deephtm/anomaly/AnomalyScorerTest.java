package org.deephtm.anomaly;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyScorerTest {

    /** Final scores of 100 rows alternating 0 and 1 (with {@code changes}: row, value), raw scores 0.2. */
    private static double[] scores(AnomalyScorer scorer, double[] likelihoods, double... changes) {
        double[] score = new double[100];
        for (int t = 0; t < score.length; t++) {
            double value = t % 2;
            for (int c = 0; c < changes.length; c += 2) {
                if (changes[c] == t) {
                    value = changes[c + 1];
                }
            }
            score[t] = scorer.score(0.2, value);
            likelihoods[t] = scorer.likelihood();
        }
        return score;
    }

    @Test
    void theLikelihoodIsNeutralDuringTheProbationaryPeriod() {
        // probationary period 15: learningPeriod 7 and estimationSamples 8
        double[] likelihood = new double[100];
        double[] score = scores(new AnomalyScorer(15, 0.05), likelihood);
        for (int t = 0; t < 15; t++) {
            assertEquals(0.5, likelihood[t], 0, "row " + t);
            assertEquals(AnomalyLikelihood.logLikelihood(0.5), score[t], 0, "row " + t);
        }
    }

    @Test
    void aValueFarOutsideTheRangeSeenScoresOne() {
        // the range so far is [0, 1]: 1.2 is 20% above it, beyond the 5% tolerance; then the range is [0, 1.2]
        // and 1.21 is within 5% of it
        double[] score = scores(new AnomalyScorer(15, 0.05), new double[100], 60, 1.2, 80, 1.21);
        assertEquals(1.0, score[60], 0);
        assertTrue(score[80] < 0.5, "row 80: " + score[80]);
    }

    @Test
    void aZeroToleranceTurnsTheSpatialRuleOff() {
        assertTrue(scores(new AnomalyScorer(15, 0), new double[100], 60, 5.0)[60] < 0.5);
    }

    @Test
    void aNegativeProbationOrToleranceIsRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnomalyScorer(-1, 0.05)).getMessage()
                .contains("probation must be >= 0 rows, got -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnomalyScorer(10, -0.1)).getMessage()
                .contains("spatialTolerance must be >= 0"));
    }
}
