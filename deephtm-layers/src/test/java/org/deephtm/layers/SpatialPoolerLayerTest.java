package org.deephtm.layers;

import org.deephtm.layers.runtime.SpatialPoolerRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpatialPoolerLayerTest {

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(SpatialPooler.Builder sp, long nIn) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(sp.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(nIn)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView(); // layers get gradient views for direct backpropGradient calls
        return net;
    }

    /** Random rows, a row of zeros, and two identical rows: ties everywhere. */
    private static INDArray inputsWithTies(long nIn) {
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 30, nIn);
        x.getRow(0).assign(0);
        x.getRow(1).assign(x.getRow(2));
        return x;
    }

    @ParameterizedTest
    @EnumSource(SpatialPooler.Output.class)
    void emitsExactlyKNonZeroColumnsPerRow(SpatialPooler.Output output) {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(24).activeColumns(5).output(output), 10);
        INDArray y = net.getLayer(0).activate(inputsWithTies(10), false, NO_WORKSPACES);
        INDArray nonZero = y.neq(0).castTo(DataType.DOUBLE).sum(1);
        assertEquals(Nd4j.valueArrayOf(new long[] {30}, 5.0), nonZero);
    }

    @Test
    void aRowOfZerosPicksTheLowestColumnsWhenOverlapsTie() {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(6).activeColumns(2)
                .output(SpatialPooler.Output.BINARY).boostStrength(0), 3);
        INDArray y = net.getLayer(0).activate(Nd4j.zeros(DataType.DOUBLE, 1, 3), false, NO_WORKSPACES);
        assertEquals(Nd4j.createFromArray(new double[][] {{1, 1, 0, 0, 0, 0}}), y);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void binaryBackwardIsStraightThrough(boolean masked) {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(8).activeColumns(3).hasBias(false)
                .output(SpatialPooler.Output.BINARY).maskedStraightThrough(masked), 5);
        Layer sp = net.getLayer(0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5);
        INDArray winners = sp.activate(x, true, NO_WORKSPACES).dup();
        INDArray dy = Nd4j.randn(DataType.DOUBLE, 4, 8);
        INDArray w = sp.getParam(SpatialPooler.WEIGHT_KEY);
        Pair<Gradient, INDArray> back = sp.backpropGradient(dy, NO_WORKSPACES);

        INDArray dOverlap = masked ? dy.mul(winners) : dy;
        assertTrue(winners.equalsWithEps(winners.neq(0).castTo(DataType.DOUBLE), 0), "forward emits the 0/1 mask");
        assertTrue(dOverlap.mmul(w.transpose()).equalsWithEps(back.getSecond(), 1e-10), "input gradient");
        assertTrue(x.transpose().mmul(dOverlap).equalsWithEps(
                back.getFirst().getGradientFor(SpatialPooler.WEIGHT_KEY), 1e-10), "weight gradient");
    }

    @Test
    void dutyCyclesMoveInTheBackwardPassOnly() {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(8).activeColumns(2).dutyCyclePeriod(10), 4);
        SpatialPoolerRuntime sp = (SpatialPoolerRuntime) net.getLayer(0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray winners = sp.activate(x, true, NO_WORKSPACES).neq(0).castTo(DataType.DOUBLE);
        assertEquals(0.0, sp.dutyCycles().sumNumber().doubleValue(), 0.0, "a forward pass leaves the state alone");
        sp.backpropGradient(Nd4j.ones(DataType.DOUBLE, 3, 8), NO_WORKSPACES);
        // d <- d + (counts - n d) / period, from d = 0
        assertTrue(winners.sum(true, 0).div(10).equalsWithEps(sp.dutyCycles(), 1e-12), sp.dutyCycles().toString());
    }

    @Test
    void rejectsInputOfTheWrongWidth() {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(8).activeColumns(2), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.rand(DataType.DOUBLE, 2, 5)));
        assertTrue(e.getMessage().contains("[minibatch, 4]") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void rejectsNaNNamingWhereItIs() {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(8).activeColumns(2), 4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        x.putScalar(2, 1, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(x));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("[2, 1]"), e.getMessage());
    }

    @Test
    void rejectsInfinity() {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(8).activeColumns(2), 4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        x.putScalar(0, 3, Double.NEGATIVE_INFINITY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(x));
        assertTrue(e.getMessage().contains("-infinity") && e.getMessage().contains("[0, 3]"), e.getMessage());
    }

    @Test
    void thePotentialPoolCutsConnections() {
        MultiLayerNetwork net = network(new SpatialPooler.Builder().columns(8).activeColumns(2).potentialPct(0.5)
                .hasBias(false).output(SpatialPooler.Output.BINARY), 6);
        Layer sp = net.getLayer(0);
        INDArray pool = sp.getParam(SpatialPooler.POTENTIAL_POOL_KEY);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        sp.activate(x, true, NO_WORKSPACES);
        INDArray weightGradient = sp.backpropGradient(Nd4j.ones(DataType.DOUBLE, 3, 8), NO_WORKSPACES).getFirst()
                .getGradientFor(SpatialPooler.WEIGHT_KEY);
        assertEquals(0.0, weightGradient.mul(pool.rsub(1)).sumNumber().doubleValue(), 0.0,
                "weights outside the pool get no gradient");
        assertEquals(24.0, pool.sumNumber().doubleValue(), 0.0, "3 of 6 inputs per column");
    }
}
