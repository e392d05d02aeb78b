package org.deephtm.anomaly;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyLikelihoodTest {

    /** Small periods so that the synthetic streams stay short. */
    private static AnomalyLikelihood.Builder small() {
        return AnomalyLikelihood.builder().learningPeriod(50).estimationSamples(50).historicWindowSize(1000)
                .reestimationPeriod(20);
    }

    /** Raw scores around 0.2 with uniform noise of +-0.1, like a model that has learned a noisy stream. */
    private static double noisyScore(Random random) {
        return 0.2 + 0.2 * (random.nextDouble() - 0.5);
    }

    private static void assertRejected(UnaryOperator<AnomalyLikelihood.Builder> change, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(AnomalyLikelihood.builder()).build());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "message \"" + e.getMessage() + "\" should mention " + fragment);
        }
    }

    @Test
    void reportsOneHalfDuringTheLearningAndEstimationPeriods() {
        AnomalyLikelihood likelihood = small().build();
        for (int t = 0; t < 100; t++) {
            assertEquals(0.5, likelihood.anomalyProbability(t % 2 == 0 ? 1.0 : 0.0), 0, "step " + t);
        }
        assertTrue(likelihood.distribution() == null);
    }

    @Test
    void aStationaryStreamGivesUniformLikelihoodsAndLowFinalScores() {
        AnomalyLikelihood likelihood = small().build();
        Random random = new Random(7);
        double sum = 0;
        double maxScore = 0;
        int counted = 0;
        for (int t = 0; t < 2000; t++) {
            double p = likelihood.anomalyProbability(noisyScore(random));
            if (t >= 100) {
                sum += p;
                counted++;
                maxScore = Math.max(maxScore, AnomalyLikelihood.logLikelihood(p));
            }
        }
        // the tail probability Q(|Z|) of a Gaussian sample is uniform on (0, 1/2]: the likelihood
        // 1 - Q of a stationary stream is uniform on [1/2, 1), with mean 3/4
        assertEquals(0.75, sum / counted, 0.05);
        // 0.5 is a likelihood of 0.99999, once in 50000 steps by chance: 1900 steps stay below it
        assertTrue(maxScore < 0.5, "max final score " + maxScore);
    }

    @Test
    void aSustainedJumpInRawScoresRaisesTheFinalScoreWithinAFewSteps() {
        AnomalyLikelihood likelihood = small().build();
        Random random = new Random(11);
        for (int t = 0; t < 1000; t++) {
            likelihood.anomalyProbability(noisyScore(random));
        }
        int stepsToDetect = -1;
        for (int t = 0; t < 10 && stepsToDetect < 0; t++) {
            double score = AnomalyLikelihood.logLikelihood(likelihood.anomalyProbability(1.0));
            if (score >= 0.5) {
                stepsToDetect = t + 1;
            }
        }
        assertTrue(stepsToDetect > 0 && stepsToDetect <= 5, "steps to a final score of 0.5: " + stepsToDetect);
    }

    @Test
    void consecutiveRedLikelihoodsAreLoweredToYellowAfterTheFirst() {
        AnomalyLikelihood likelihood = small().build();
        for (int t = 0; t < 100; t++) {
            likelihood.anomalyProbability(0.0); // a flat history: mean 0.03, variance 0.0003 after the bounds
        }
        // averages 0.1 (4 sd out, tail 2.7e-5: not red), then 0.2 (9.8 sd: red), then 0.3 (red again)
        likelihood.anomalyProbability(1.0);
        double firstRed = likelihood.anomalyProbability(1.0);
        double secondRed = likelihood.anomalyProbability(1.0);
        assertTrue(firstRed > 1 - AnomalyLikelihood.RED_TAIL, "first red likelihood " + firstRed);
        assertEquals(1.0 - AnomalyLikelihood.YELLOW_TAIL, secondRed, 1e-15);
    }

    @Test
    void aFirstRedLikelihoodIsKept() {
        AnomalyLikelihood likelihood = small().build();
        for (int t = 0; t < 100; t++) {
            likelihood.anomalyProbability(0.0);
        }
        // one 1.0 among zeros: average 0.1, (0.1 - 0.03) / sqrt(0.0003) = 4.04 sd: tail 2.7e-5, not red
        double p = likelihood.anomalyProbability(1.0);
        assertEquals(1 - 0.5 * NormalDistribution.erfc((0.1 - 0.03) / Math.sqrt(0.0003) / Math.sqrt(2)), p, 1e-12);
    }

    @Test
    void aFlatMetricIsNeverAnomalous() {
        AnomalyLikelihood likelihood = small().build();
        for (int t = 0; t < 100; t++) {
            likelihood.anomalyProbability(0.0, 42.0);
        }
        double p = likelihood.anomalyProbability(1.0, 42.0);
        assertEquals(NormalDistribution.NULL, likelihood.distribution());
        assertTrue(p < 0.51, "likelihood " + p);
    }

    @Test
    void leavesTheLearningPeriodOutOfTheFirstEstimate() {
        AnomalyLikelihood likelihood = small().build();
        for (int t = 0; t < 50; t++) {
            likelihood.anomalyProbability(1.0); // learning period: high scores, ignored
        }
        for (int t = 0; t < 50; t++) {
            likelihood.anomalyProbability(0.5);
        }
        likelihood.anomalyProbability(0.5);
        // the averages of the estimation samples: 0.95, 0.9, ..., 0.55 then 0.5 (41 times); the first
        // nine still hold learning-period scores, as in nupic, which averages over the whole history
        double sum = 0;
        for (int k = 1; k <= 50; k++) {
            sum += Math.max(0.5, 1.0 - 0.05 * k);
        }
        assertEquals(sum / 50, likelihood.distribution().mean(), 1e-12);
    }

    @Test
    void logLikelihoodMapsNeutralAndRedLikelihoods() {
        assertEquals(0.0301029996658834, AnomalyLikelihood.logLikelihood(0.5), 1e-12);
        assertEquals(0.5, AnomalyLikelihood.logLikelihood(0.99999), 1e-4);
        assertEquals(1.0, AnomalyLikelihood.logLikelihood(1.0), 1e-12);
        assertEquals(0.0, AnomalyLikelihood.logLikelihood(0.0), 1e-9);
    }

    @Test
    void defaultsAreNupics() {
        AnomalyLikelihood likelihood = AnomalyLikelihood.builder().build();
        assertEquals("AnomalyLikelihood(learningPeriod=288, estimationSamples=100, historicWindowSize=8640, "
                + "reestimationPeriod=100, averagingWindow=10)", likelihood.toString());
        assertEquals(388, likelihood.probationaryPeriod());
    }

    @Test
    void rejectsANonFiniteScore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small().build().anomalyProbability(Double.NaN));
        assertEquals("anomalyScore must be finite, got NaN at step 0", e.getMessage());
    }

    @Test
    void rejectsANegativeLearningPeriod() {
        assertRejected(b -> b.learningPeriod(-1), "learningPeriod", "-1", ">= 0");
    }

    @Test
    void rejectsNoEstimationSamples() {
        assertRejected(b -> b.estimationSamples(0), "estimationSamples", "0", ">= 1");
    }

    @Test
    void rejectsAHistoricWindowSmallerThanTheEstimationSamples() {
        assertRejected(b -> b.historicWindowSize(50), "historicWindowSize (50)", "estimationSamples (100)");
    }

    @Test
    void rejectsAReestimationPeriodBelowOne() {
        assertRejected(b -> b.reestimationPeriod(0), "reestimationPeriod", "0", ">= 1");
    }

    @Test
    void rejectsAnAveragingWindowBelowOne() {
        assertRejected(b -> b.averagingWindow(0), "averagingWindow", "0", ">= 1");
    }
}
