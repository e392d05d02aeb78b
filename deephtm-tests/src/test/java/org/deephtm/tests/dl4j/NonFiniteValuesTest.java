package org.deephtm.tests.dl4j;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.learning.TrainingDivergedException;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN and infinity used with DL4J's own calls: a non-finite value in the network's input is named
 * where the user put it, a non-finite label never reaches the DeepHTM layers' parameters, and
 * parameters that are not finite are never blamed on the input.
 */
class NonFiniteValuesTest {

    private static MultiLayerNetwork network(SeedNetwork.Builder b) {
        MultiLayerNetwork net = new MultiLayerNetwork(b.columns(32).activeColumns(2).cellsPerColumn(2).decoderSize(8)
                .build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork small() {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE));
        net.init();
        return net;
    }

    /** [2, 1, 5], NaN at [1, 0, 3]. */
    private static INDArray seriesWithNanAtExample1Step3() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 5).subi(0.5);
        x.putScalar(new long[] {1, 0, 3}, Float.NaN);
        return x;
    }

    private static boolean finite(INDArray a) {
        return !BooleanIndexing.or(a, Conditions.isNan()) && !BooleanIndexing.or(a, Conditions.isInfinite());
    }

    @Test
    void aNanInTheInputOfADeepHtmFirstLayerIsNamedAtItsPositionInTheUsersArray() {
        MultiLayerNetwork net = network(SeedNetwork.builder()); // a ScalarEncoder reads the input
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(seriesWithNanAtExample1Step3()));
        assertTrue(e.getMessage().contains("the network's input holds NaN at [1, 0, 3] (example, input, time step) "
                + "of a time series of 2 examples, 1 input and 5 steps"), e.getMessage());
        assertTrue(e.getMessage().contains("clean or impute"), e.getMessage());
    }

    @Test
    void aNanThatReachesADeepHtmLayerThroughDl4jLayersIsNamedByExampleAndStep() {
        MultiLayerNetwork net = network(SeedNetwork.forumThread().encoderSize(16)); // Dense layers first
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(seriesWithNanAtExample1Step3()));
        assertTrue(e.getMessage().contains("received NaN from layer 1 at example 1, time step 3"), e.getMessage());
        assertTrue(e.getMessage().contains("the network's input holds NaN or infinity at that example and step, or "
                + "the parameters of the layers below are not finite"), e.getMessage());
        assertFalse(e.getMessage().contains("[7, 0]"), "the layer's own layout is not the user's: " + e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class)
    void fitWithANanLabelIsRefusedBeforeAnyParameterChanges(Mode mode) {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNetworks.sequence(mode));
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 4);
        INDArray y = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.OUTPUTS, 4);
        net.fit(x, y);
        INDArray before = net.params().dup();
        y.putScalar(new long[] {1, 0, 2}, Float.NaN);

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> net.fit(x, y));

        assertTrue(e.getMessage().contains("the labels hold NaN or infinity, or the learning rate is too large"),
                e.getMessage());
        assertTrue(e.getMessage().contains("at example 1, time step 2"), e.getMessage());
        assertFalse(e.getMessage().contains("input"), "the input is not to blame: " + e.getMessage());
        assertEquals(before, net.params(), "no parameter changed");
        assertTrue(finite(net.output(x)), "the network still computes");
    }

    @Test
    void aLayersNonFiniteParametersAreNamedAsSuchNotAsBadInput() {
        MultiLayerNetwork net = small();
        net.getLayer(1).getParam(SpatialPooler.WEIGHT_KEY).putScalar(3, 2, Float.POSITIVE_INFINITY);
        net.getLayer(1).getParam(SpatialPooler.WEIGHT_KEY).putScalar(4, 2, Float.NEGATIVE_INFINITY);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 4);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.output(x));

        assertTrue(e.getMessage().contains("SpatialPooler \"sp\" (layer 1): its parameter W is not finite"),
                e.getMessage());
        assertFalse(e.getMessage().contains("clean or impute"), "the input is not to blame: " + e.getMessage());
    }
}
