package org.deephtm.examples.predict;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeAutoregressionTest {

    private static ChangeAutoregression fresh(int horizon) {
        return new ChangeAutoregression(horizon, ChangeAutoregression.State.start(horizon));
    }

    @Test
    void aSteadyClimbIsForecastExactlyHRowsAhead() {
        // The change over H rows is H times the last change: learnt only if each row's features meet
        // the value H rows later, no sooner and no later.
        int horizon = 5;
        ChangeAutoregression autoregression = fresh(horizon);
        double[] forecasts = new double[400];
        for (int t = 0; t < forecasts.length; t++) {
            forecasts[t] = autoregression.next(t, 3.0 * t, 10);
        }
        for (int t = 200; t < forecasts.length; t++) {
            assertEquals(3.0 * (t + horizon), forecasts[t], 1e-3, "row " + t);
        }
    }

    @Test
    void changesThatCarryOnAreForecastBetterThanByTheLastValue() {
        // x_t = x_{t-1} + d_t with d_t = 0.9 d_{t-1} + noise: the last value's error is sqrt(1 / 0.19)
        // = 2.3 times the noise one row ahead, the autoregression's about the noise.
        Random random = new Random(3);
        ChangeAutoregression autoregression = fresh(1);
        double x = 0;
        double change = 0;
        double forecast = 0;
        double own = 0;
        double last = 0;
        for (int t = 0; t < 3000; t++) {
            change = 0.9 * change + random.nextGaussian();
            double previous = x;
            x += change;
            if (t >= 1000) {
                own += (forecast - x) * (forecast - x);
                last += (previous - x) * (previous - x);
            }
            forecast = autoregression.next(t, x, 5);
        }
        assertTrue(Math.sqrt(own / last) < 0.6, "RMSE against the last value's: " + Math.sqrt(own / last));
    }

    @Test
    void aLongFlatStretchDoesNotWindUpTheCovariance() {
        // Forgetting divides P by 0.9999 each row; 100,000 rows without a change would multiply it by
        // e^10 and make the first change after them throw the coefficients far.
        ChangeAutoregression autoregression = fresh(1);
        Random random = new Random(5);
        long row = 0;
        for (; row < 500; row++) {
            autoregression.next(row, random.nextGaussian(), 1);
        }
        for (int i = 0; i < 100_000; i++, row++) {
            autoregression.next(row, 0, 1);
        }
        double[] p = autoregression.state().covariance();
        double trace = 0;
        for (int i = 0; i < ChangeAutoregression.LAGS; i++) {
            trace += p[i * ChangeAutoregression.LAGS + i];
        }
        assertTrue(trace <= ChangeAutoregression.LAGS * ChangeAutoregression.PRIOR * (1 + 1e-9), "trace " + trace);
    }

    @Test
    void aResumedAutoregressionContinuesExactly() {
        Random random = new Random(9);
        double[] x = new double[300];
        for (int t = 1; t < x.length; t++) {
            x[t] = x[t - 1] + random.nextGaussian();
        }
        ChangeAutoregression whole = fresh(3);
        double[] expected = new double[x.length];
        ChangeAutoregression.State at120 = null;
        for (int t = 0; t < x.length; t++) {
            expected[t] = whole.next(t, x[t], 2);
            if (t == 119) {
                at120 = whole.state();
            }
        }
        ChangeAutoregression resumed = new ChangeAutoregression(3, at120);
        for (int t = 120; t < x.length; t++) {
            assertEquals(expected[t], resumed.next(t, x[t], 2), 0.0, "row " + t);
        }
    }
}
