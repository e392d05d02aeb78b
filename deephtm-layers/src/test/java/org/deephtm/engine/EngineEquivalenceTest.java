package org.deephtm.engine;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The online engine gives what DL4J's own machinery gives for the same network and stream:
 * predictions, anomaly scores, training losses, parameters (duty cycles included), updater state,
 * iteration counts and the temporal memories' state, at every step and across a reset, for every
 * case of {@link EngineCase}. No step may differ.
 *
 * <p>Every {@value #HANDOVER_EVERY} steps the engine is given the DL4J network's exact state, so
 * that float rounding (the engine sums in other orders than OpenBLAS) cannot accumulate until it
 * tips a discontinuous choice (a ReLU unit at 0, a tie between the k-th and (k+1)-th column, a
 * cell at the binary threshold). The steps in between run the engine as a stream runs it. No
 * case's window (2 to 4) divides the period, so handovers fall at every place in a window: a
 * handover makes the next training pass compute its forward passes again, and the passes of the
 * other windows reuse the predictions' forward passes (horizon 1), as a stream does.
 *
 * <p>The reset at step {@value #RESET_AT} falls where every case has examples pending and a part
 * of a window filled, and no handover follows it for {@value #QUIET_AFTER_RESET} steps (longer
 * than any case's window plus horizon): an engine whose reset kept its cells, a pending example or
 * the window's examples differs from DL4J there, and nothing erases the difference.
 */
class EngineEquivalenceTest {

    private static final int STEPS = 60;
    private static final int HANDOVER_EVERY = 7;
    private static final int RESET_AT = 30;
    private static final int QUIET_AFTER_RESET = 8;

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static List<EngineCase> cases() {
        return EngineCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineStepsEqualTheDl4jPath(EngineCase c) {
        MultiLayerNetwork reference = new MultiLayerNetwork(c.conf());
        reference.init();
        MultiLayerNetwork synced = reference.clone();
        OnlineLearner dl4j = new OnlineLearner(reference, c.horizon(), c.window(), OnlineLearner.Engine.DL4J);
        OnlineEngine engine = OnlineEngine.create(reference.clone(), c.streams(), c.horizon(), c.window());

        Stream stream = new Stream(c, new Random(17));
        List<String> differing = new ArrayList<>();
        int trainingSteps = 0;
        INDArray before = reference.params().dup();
        for (int t = 0; t < STEPS; t++) {
            if (handsOverAt(t)) {
                EngineComparison.copyState(reference, synced);
                engine.readFrom(synced);
                before = reference.params().dup();
            }
            if (t == RESET_AT) {
                assertResetHasSomethingToForget(c, engine.snapshot());
                dl4j.reset();
                engine.reset();
            }
            float[] x = stream.features(t);
            float[] y = stream.target(t);
            dl4j.step(x, y);
            engine.step(x, y);
            engine.writeTo(synced);
            List<String> differences = EngineComparison.differences(c.streams(), dl4j, engine, reference, synced,
                    before, Set.of(), List.of(TemporalMemoryRuntime.STATE_CELLS));
            if (!Double.isNaN(dl4j.trainingLoss())) {
                trainingSteps++;
            }
            if (!differences.isEmpty()) {
                differing.add("step " + t + ": " + String.join("; ", differences));
            }
        }
        System.out.printf("%s: %d steps, %d training passes, %d differing%n", c, STEPS, trainingSteps,
                differing.size());
        assertTrue(trainingSteps >= STEPS / (c.window() + c.horizon()), "the case trains: " + trainingSteps);
        assertTrue(differing.isEmpty(), c + ": the engine differs from DL4J at " + differing.size() + " of " + STEPS
                + " steps:\n" + String.join("\n", differing));
        assertEquals(reference.getIterationCount(), synced.getIterationCount(), "iteration count");
    }

    /** Every {@value #HANDOVER_EVERY} steps, except in the steps after the reset. */
    private static boolean handsOverAt(int t) {
        boolean quiet = t > RESET_AT && t < RESET_AT + QUIET_AFTER_RESET;
        return t % HANDOVER_EVERY == 0 && !quiet;
    }

    /** The reset must have cells, a pending example and (for windows above 1) a window's examples to forget. */
    private static void assertResetHasSomethingToForget(EngineCase c, OnlineEngine.Snapshot s) {
        assertEquals(c.horizon(), s.pending().size(), "examples pending at the reset");
        if (c.window() > 1) {
            assertTrue(!s.windowFeatures().isEmpty(), "the reset falls mid-window");
        }
        for (Map<String, float[][]> state : s.predictionState().values()) {
            float[][] cells = state.get(TemporalMemoryRuntime.STATE_CELLS);
            assertTrue(Arrays.stream(cells).anyMatch(row -> amax(row) > 0), "active cells at the reset");
        }
    }

    private static float amax(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** The case's stream: waves with a little noise, or a repeating sequence of symbols. */
    private record Stream(EngineCase c, Random random) {

        float[] features(int t) {
            int nIn = c.classes() > 0 ? c.classes() : EngineCase.INPUTS;
            float[] x = new float[c.streams() * nIn];
            for (int b = 0; b < c.streams(); b++) {
                if (c.classes() > 0) {
                    int[] sequence = {0, 1, 2, 3, 1, 2, 4};
                    x[b * nIn + sequence[(t + b) % sequence.length]] = 1;
                } else {
                    for (int i = 0; i < nIn; i++) {
                        x[b * nIn + i] = (float) (Math.sin(2 * Math.PI * t / (7 + 3 * i) + b) + 0.05 * random.nextGaussian());
                    }
                }
            }
            return x;
        }

        /** The observed value of step t: for regression the first two inputs, for symbols the symbol. */
        float[] target(int t) {
            float[] x = features(t);
            if (c.classes() > 0) {
                return x;
            }
            float[] y = new float[c.streams() * 2];
            for (int b = 0; b < c.streams(); b++) {
                y[2 * b] = x[b * EngineCase.INPUTS];
                y[2 * b + 1] = x[b * EngineCase.INPUTS + 1];
            }
            return y;
        }
    }
}
