package org.deephtm.examples.predict;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastBlendTest {

    private static final int EXPERTS = ForecastBlend.EXPERTS.size();

    /** A noisy wave: no expert but an oracle forecasts it well. */
    private static double[] wave(int rows, long seed) {
        Random random = new Random(seed);
        double[] x = new double[rows];
        for (int t = 0; t < rows; t++) {
            x[t] = 10 + 3 * Math.sin(t / 4.0) + random.nextGaussian();
        }
        return x;
    }

    @Test
    void theWeightGoesToTheExpertThatForecastsBest() {
        double[] x = wave(2000, 1);
        ForecastBlend blend = new ForecastBlend(1, ForecastBlend.State.start(1));
        double squares = 0;
        for (int t = 0; t < x.length - 1; t++) {
            // The value head knows the next value; the change head is off by two units.
            double forecast = blend.next(x[t], 1.0, x[t + 1], x[t] + 2);
            if (t >= 1000) {
                squares += (forecast - x[t + 1]) * (forecast - x[t + 1]);
            }
        }
        double[] w = blend.weights();
        assertTrue(w[0] > 0.9, "the value head's weight: " + w[0]);
        assertTrue(Math.sqrt(squares / 999) < 0.2, "the blend's RMSE once learned: " + Math.sqrt(squares / 999));
    }

    @Test
    void theForecastStaysWithinItsExpertsAndTheWeightsConvex() {
        Random random = new Random(7);
        ForecastBlend blend = new ForecastBlend(2, ForecastBlend.State.start(2));
        ChangeAutoregression autoregression = new ChangeAutoregression(2, ChangeAutoregression.State.start(2));
        for (int t = 0; t < 500; t++) {
            double value = random.nextGaussian() * 100;
            double a = random.nextGaussian() * 100;
            double b = value + random.nextGaussian();
            double forecast = blend.next(value, 50, a, b);
            double c = autoregression.next(t, value, 50); // the blend's seventh expert, fed alike
            double low = Math.min(Math.min(Math.min(a, b), value), c);
            double high = Math.max(Math.max(Math.max(a, b), value), c);
            double[] averages = blend.state().averages();
            for (double average : averages) {
                low = Math.min(low, average);
                high = Math.max(high, average);
            }
            assertTrue(forecast >= low - 1e-9 && forecast <= high + 1e-9, "row " + t + ": " + forecast);
            double sum = 0;
            for (double w : blend.weights()) {
                assertTrue(w > 0, "row " + t);
                sum += w;
            }
            assertEquals(1, sum, 1e-9, "row " + t);
        }
    }

    @Test
    void theWeightsFirstMoveWhenTheFirstForecastCanBeChecked() {
        ForecastBlend blend = new ForecastBlend(3, ForecastBlend.State.start(3));
        double[] uniform = blend.weights();
        for (int t = 0; t < 3; t++) {
            blend.next(t, 1, 100, 50); // made for rows 3, 4, 5: nothing to learn from yet
            assertArrayEquals(uniform, blend.weights(), "row " + t);
        }
        blend.next(3, 1, 100, 50); // row 3 arrives: the forecasts made at row 0 are scored
        assertTrue(blend.weights()[0] < uniform[0] && blend.weights()[1] < uniform[1], "both heads were far above");
    }

    @Test
    void aBlendResumedFromItsStateContinuesExactly() {
        double[] x = wave(300, 3);
        ForecastBlend whole = new ForecastBlend(4, ForecastBlend.State.start(4));
        double[] expected = new double[x.length];
        ForecastBlend.State at150 = null;
        for (int t = 0; t < x.length; t++) {
            expected[t] = whole.next(x[t], 3, x[t] + 0.5, x[t] - 0.3);
            if (t == 149) {
                at150 = whole.state();
            }
        }
        ForecastBlend resumed = new ForecastBlend(4, at150);
        for (int t = 150; t < x.length; t++) {
            assertEquals(expected[t], resumed.next(x[t], 3, x[t] + 0.5, x[t] - 0.3), 0.0, "row " + t);
        }
        assertArrayEquals(whole.weights(), resumed.weights(), 0.0);
    }

    @Test
    void aStateSavedBeforeTheAutoregressionJoinedTakesItInAsAFreshExpert() {
        double[] six = {0.5, 0.1, 0.1, 0.1, 0.1, 0.1};
        double[][] pending = {{1, 2, 3, 4, 5, 6}, {}};
        ForecastBlend.State old = new ForecastBlend.State(1, six, new double[] {4, 5, 6}, pending, null);
        assertArrayEquals(new double[] {0.5 * 6 / 7, 0.1 * 6 / 7, 0.1 * 6 / 7, 0.1 * 6 / 7, 0.1 * 6 / 7,
                0.1 * 6 / 7, 1.0 / 7}, old.weights(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 3}, old.pending()[0], 0.0, "its forecast: the current value's");
        assertEquals(0, old.pending()[1].length);
        ForecastBlend resumed = new ForecastBlend(2, old);
        assertEquals(EXPERTS, resumed.weights().length);
        assertTrue(Double.isFinite(resumed.next(7, 1, 8, 9)));
    }

    @Test
    void aFlatSeriesLeavesTheWeightsAlone() {
        ForecastBlend blend = new ForecastBlend(1, ForecastBlend.State.start(1));
        double[] uniform = blend.weights();
        for (int t = 0; t < 20; t++) {
            assertEquals(5, blend.next(5, 0, 5, 5), 1e-12);
        }
        assertArrayEquals(uniform, blend.weights(), 0.0);
    }

    @Test
    void refusesAHorizonBelowOneAndAStateOfAnotherHorizon() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new ForecastBlend(0, ForecastBlend.State.start(1)));
        assertEquals("horizon must be >= 1, got 0", zero.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> new ForecastBlend(2, ForecastBlend.State.start(3)));
        assertEquals("the blend was saved 3 row(s) ahead, not 2", other.getMessage());
        assertEquals(EXPERTS, ForecastBlend.State.start(1).weights().length);
    }
}
