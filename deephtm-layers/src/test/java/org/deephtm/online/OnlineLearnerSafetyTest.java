package org.deephtm.online;

import org.deephtm.learning.TrainingDivergedException;
import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad numbers never reach the weights: non-finite data is rejected, a diverging step is undone. */
class OnlineLearnerSafetyTest {

    private static MultiLayerNetwork network(SeedNetwork.Builder b) {
        MultiLayerNetwork net = new MultiLayerNetwork(b.encoderSize(16).columns(32).activeColumns(3).cellsPerColumn(3)
                .decoderSize(16).seed(3).build());
        net.init();
        return net;
    }

    private static boolean finite(INDArray a) {
        return !BooleanIndexing.or(a, Conditions.isNan()) && !BooleanIndexing.or(a, Conditions.isInfinite());
    }

    @ParameterizedTest
    @EnumSource(value = OnlineLearner.Engine.class, names = {"FAST", "DL4J"})
    void aNanTargetIsRejectedWithTheStepAndTheNetworkIsUnchangedAndUsable(OnlineLearner.Engine engine) {
        OnlineLearner learner = new OnlineLearner(network(SeedNetwork.builder()), 1, 1, engine);
        for (int t = 0; t < 40; t++) {
            float[] x = {(float) Math.sin(t / 3.0)};
            learner.step(x, x);
        }
        INDArray before = learner.network().params().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> learner.step(new float[] {0.5f}, new float[] {Float.NaN}));
        assertTrue(e.getMessage().startsWith("step 40: the target of stream 0 is NaN"), e.getMessage());
        assertEquals(before, learner.network().params(), "nothing was learned from it");
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> learner.step(new float[] {Float.POSITIVE_INFINITY}, new float[] {0.5f}));
        assertTrue(infinite.getMessage().contains("the features of stream 0 is Infinity"), infinite.getMessage());
        for (int t = 40; t < 60; t++) {
            float[] x = {(float) Math.sin(t / 3.0)};
            learner.step(x, x);
            assertTrue(Float.isFinite(learner.prediction()[0]), "step " + t);
        }
        assertTrue(finite(learner.network().params()));
        learner.reset();
        learner.step(new float[] {0.1f}, new float[] {0.1f});
        assertTrue(Float.isFinite(learner.prediction()[0]));
    }

    @ParameterizedTest
    @EnumSource(value = OnlineLearner.Engine.class, names = {"FAST", "DL4J"})
    void aDivergingStepIsUndoneAndReportedWithTheLearningRate(OnlineLearner.Engine engine) {
        OnlineLearner learner = new OnlineLearner(network(SeedNetwork.builder().updater(new Sgd(1e6))), 1, 1, engine);
        TrainingDivergedException diverged = null;
        for (int t = 0; t < 200 && diverged == null; t++) {
            float[] x = {(float) Math.sin(t / 3.0)};
            INDArray before = learner.network().params().dup();
            try {
                learner.step(x, x);
            } catch (TrainingDivergedException e) {
                diverged = e;
                assertEquals(before, learner.network().params(), "the diverging step changed nothing");
            }
        }
        assertTrue(diverged != null, "SGD at 1e6 diverges");
        assertTrue(diverged.getMessage().contains("diverged") && diverged.getMessage().contains("learning rate 1000000.0"),
                diverged.getMessage());
        assertFalse(diverged.getMessage().contains("clean or impute"), "divergence does not blame the data");
        assertTrue(finite(learner.network().params()), "the weights stay finite");
    }
}
