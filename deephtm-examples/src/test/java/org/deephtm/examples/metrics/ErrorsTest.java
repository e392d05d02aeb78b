package org.deephtm.examples.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorsTest {

    private static final double NAN = Double.NaN;

    @Test
    void nrmseIsTheRootMeanSquaredErrorOverTheTruthsStandardDeviation() {
        // errors 0, 2, 0: mean square 4/3; truths 2, 3, 4: variance 2/3; sqrt(4/3) / sqrt(2/3) = sqrt(2)
        assertEquals(Math.sqrt(2), Errors.nrmse(new double[] {2, 3, 4}, new double[] {2, 5, 4}, 0), 1e-12);
    }

    @Test
    void nrmseSkipsRowsWithoutAPredictionAndRowsBeforeFrom() {
        // rows 2 to 4 only: errors 0, 0, 1, truths 1, 2, 3: sqrt(1/3) / sqrt(2/3)
        double[] truth = {50, -7, 1, 2, 3};
        double[] prediction = {0, NAN, 1, 2, 4};
        assertEquals(Math.sqrt(0.5), Errors.nrmse(truth, prediction, 1), 1e-12);
        assertEquals(Math.sqrt(0.5), Errors.nrmse(truth, prediction, 2), 1e-12);
    }

    @Test
    void aPerfectForecastScoresZero() {
        assertEquals(0, Errors.nrmse(new double[] {1, 4, 2}, new double[] {1, 4, 2}, 0));
        assertEquals(0, Errors.mape(new double[] {1, 4, 2}, new double[] {1, 4, 2}, 0));
    }

    @Test
    void nrmseIsUndefinedForAConstantTruth() {
        assertEquals(NAN, Errors.nrmse(new double[] {5, 5, 5}, new double[] {4, 5, 6}, 0));
        // constant up to rounding: 0.1 + 0.2 is 0.30000000000000004
        assertEquals(NAN, Errors.nrmse(new double[] {0.1 + 0.2, 0.3, 0.3}, new double[] {0, 0, 0}, 0));
    }

    @Test
    void nrmseIsUndefinedWithoutAScoredPrediction() {
        assertEquals(NAN, Errors.nrmse(new double[] {1, 2, 3}, new double[] {NAN, NAN, NAN}, 0));
        assertEquals(NAN, Errors.nrmse(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 3));
    }

    @Test
    void mapeIsTheSumOfAbsoluteErrorsOverTheSumOfAbsoluteTruths() {
        // errors 1, 0, 1 over truths |2| + |-4| + |0| = 6; the last row has no prediction
        assertEquals(1.0 / 3, Errors.mape(new double[] {2, -4, 0, 10}, new double[] {3, -4, 1, NAN}, 0), 1e-12);
        // from row 1: errors 0, 1 over 4
        assertEquals(0.25, Errors.mape(new double[] {2, -4, 0, 10}, new double[] {3, -4, 1, NAN}, 1), 1e-12);
    }

    @Test
    void mapeIsUndefinedWhenTheScoredTruthsAreAllZero() {
        assertEquals(NAN, Errors.mape(new double[] {2, 0, 0}, new double[] {2, 1, -1}, 1));
        assertEquals(NAN, Errors.mape(new double[] {2, 3}, new double[] {NAN, NAN}, 0));
    }

    @Test
    void lastValueForecastsThePreviousRow() {
        assertArrayEquals(new double[] {NAN, 1, 2}, Errors.lastValue(new double[] {1, 2, 3}));
    }

    @Test
    void lastValueErrsByOneStandardDeviationOnASineSampledSixTimesAPeriod() {
        // x_t - x_{t-1} over whole periods has mean square (2 - 2 cos(2 pi / 6)) var(x) = var(x)
        double[] sine = new double[600];
        for (int t = 0; t < sine.length; t++) {
            sine[t] = 100 + 30 * Math.sin(2 * Math.PI * t / 6);
        }
        assertEquals(1, Errors.nrmse(sine, Errors.lastValue(sine), 6), 1e-9);
    }

    @Test
    void movingAverageAveragesFewerValuesAtTheStart() {
        assertArrayEquals(new double[] {2, 3, 5, 7}, Errors.movingAverage(new double[] {2, 4, 6, 8}, 2));
    }

    @Test
    void formatGivesFourDecimalsOrNotAvailable() {
        assertEquals("0.1235", Errors.format(0.123456));
        assertEquals("n/a", Errors.format(NAN));
        assertEquals("n/a", Errors.format(Double.POSITIVE_INFINITY));
    }
}
