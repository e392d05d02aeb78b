package org.deephtm.engine;

import org.deephtm.learning.LazyAdam;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The engine's LazyAdam loop against {@link org.deephtm.learning.LazyAdamUpdater} (ND4J) on
 * gradients around {@link LazyAdam#SMALLEST_GRADIENT}, denormals included: both leave the same
 * entries alone and move the others to the same values.
 */
class LazyAdamRuleTest {

    private static final float[] GRADIENT = {0.25f, 0f, 1e-40f, -3e-39f, 1e-30f, -1e-18f, 2e-17f, -0.5f, 1e-20f,
            0x1p-56f, -0x1p-57f, 0x1.000002p-56f};

    @Test
    void theEngineAndNd4jMoveTheSameEntriesToTheSameValues() {
        LazyAdam config = new LazyAdam(3e-2);
        int n = GRADIENT.length;
        float[] start = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = 0.1f * (i + 1);
        }
        float[][] weights = {start.clone()};
        Parameter engine = Parameter.of(0, "W", weights, config);
        INDArray nd4jWeights = Nd4j.createFromArray(start).reshape(1, n);
        INDArray state = Nd4j.create(DataType.FLOAT, 1, 2 * n);
        GradientUpdater nd4j = config.instantiate(state, true);
        for (int step = 0; step < 4; step++) {
            engine.beginStep(step, 0);
            engine.updateRow(0, GRADIENT.clone());
            INDArray update = Nd4j.createFromArray(GRADIENT).reshape(1, n);
            nd4j.applyUpdater(update, step, 0);
            nd4jWeights.subi(update);
        }
        assertArrayEquals(nd4jWeights.toFloatVector(), weights[0], "weights");
        float[][][] moments = engine.state();
        assertArrayEquals(state.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)).toFloatVector(), moments[0][0], "m");
        assertArrayEquals(state.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n)).toFloatVector(), moments[1][0],
                "v");
        for (int i = 0; i < n; i++) {
            boolean counts = Math.abs(GRADIENT[i]) > LazyAdam.SMALLEST_GRADIENT;
            assertEquals(counts, moments[0][0][i] != 0, "entry " + i + " (gradient " + GRADIENT[i]
                    + ") moves its moment only when its gradient counts");
            for (float[][] moment : moments) {
                assertFalse(moment[0][i] != 0 && Math.abs(moment[0][i]) < Float.MIN_NORMAL,
                        "no denormal moment at entry " + i);
            }
        }
    }

    @Test
    void exactAdamDecaysMomentsToZeroWithoutDenormalsAndStaysWithNd4jsAdam() {
        org.nd4j.linalg.learning.config.Adam config = new org.nd4j.linalg.learning.config.Adam(1e-3);
        int n = GRADIENT.length;
        float[] start = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = 0.1f * (i + 1);
        }
        float[][] weights = {start.clone()};
        Parameter engine = Parameter.of(0, "W", weights, config);
        INDArray nd4jWeights = Nd4j.createFromArray(start).reshape(1, n);
        GradientUpdater nd4j = config.instantiate(Nd4j.create(DataType.FLOAT, 1, 2 * n), true);
        for (int step = 0; step < 850; step++) { // a gradient at the first step, then 849 without: m = 0.025 0.9^849 would be denormal
            float[] gradient = step == 0 ? GRADIENT.clone() : new float[n];
            engine.beginStep(step, 0);
            engine.updateRow(0, gradient);
            engine.endStep();
            INDArray update = Nd4j.createFromArray(gradient).reshape(1, n);
            nd4j.applyUpdater(update, step, 0);
            nd4jWeights.subi(update);
        }
        assertArrayEquals(nd4jWeights.toFloatVector(), weights[0], 1e-6f, "weights");
        for (float[][] moment : engine.state()) {
            for (int i = 0; i < n; i++) {
                assertFalse(moment[0][i] != 0 && Math.abs(moment[0][i]) < Float.MIN_NORMAL,
                        "no denormal moment at entry " + i + ": " + moment[0][i]);
            }
        }
        assertEquals(0f, engine.state()[0][0][0], "m of entry 0 has decayed below 2^-64 and is zero");
    }
}
