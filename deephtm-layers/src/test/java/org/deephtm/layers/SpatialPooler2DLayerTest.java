package org.deephtm.layers;

import org.deephtm.layers.SpatialPooler2D.Inhibition;
import org.deephtm.layers.runtime.SpatialPooler2DRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpatialPooler2DLayerTest {

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(SpatialPooler2D.Builder sp, int channels, int height, int width) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(sp.build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(height, width, channels)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView(); // layers get gradient views for direct backpropGradient calls
        return net;
    }

    private static INDArray winners(SpatialPooler2D.Builder sp, INDArray x) {
        MultiLayerNetwork net = network(sp.output(SpatialPooler.Output.BINARY).boostStrength(0), (int) x.size(1),
                (int) x.size(2), (int) x.size(3));
        return net.getLayer(0).activate(x, false, NO_WORKSPACES);
    }

    /** [1, C, H, W] from the C maps. */
    private static INDArray maps(double[][]... channels) {
        return Nd4j.createFromArray(new double[][][][] {channels});
    }

    @ParameterizedTest
    @EnumSource(SpatialPooler.Output.class)
    void perPositionKeepsExactlyKChannelsAtEveryPosition(SpatialPooler.Output output) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6, 5, 7);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(0); // an example of ties only
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(2).output(output),
                6, 5, 7);
        INDArray y = net.getLayer(0).activate(x, false, NO_WORKSPACES);
        INDArray perPosition = y.neq(0).castTo(DataType.DOUBLE).sum(1);
        assertEquals(Nd4j.valueArrayOf(new long[] {4, 5, 7}, 2.0), perPosition);
    }

    @Test
    void perPositionWinnersAreThePositionsLargestChannels() {
        INDArray x = maps(new double[][] {{3, 0}}, new double[][] {{1, 2}}, new double[][] {{2, 5}});
        INDArray expected = maps(new double[][] {{1, 0}}, new double[][] {{0, 1}}, new double[][] {{1, 1}});
        assertEquals(expected, winners(new SpatialPooler2D.Builder().activeColumns(2), x));
    }

    @Test
    void aUnitWinsWhenItIsAmongTheKLargestOfItsOwnNeighbourhood() {
        // Hand-computed for k = 3, radius 1: the 3 at (1, 2) wins because its window leaves out the 5 at (0, 0).
        INDArray x = maps(new double[][] {{5, 1, 0}, {2, 4, 3}}, new double[][] {{0, 6, 1}, {3, 0, 2}});
        INDArray expected = maps(new double[][] {{1, 0, 0}, {0, 1, 1}}, new double[][] {{0, 1, 0}, {0, 0, 0}});
        assertEquals(expected, winners(new SpatialPooler2D.Builder().inhibition(Inhibition.NEIGHBOURHOOD)
                .inhibitionRadius(1).activeColumns(3), x));
    }

    @Test
    void neighbourhoodTiesGoToTheFirstUnitInReadingOrder() {
        // All zero: every window's first unit (upper row, left column, lower channel) takes its one slot.
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 2, 1, 3);
        INDArray expected = maps(new double[][] {{1, 0, 0}}, new double[][] {{0, 0, 0}});
        assertEquals(expected, winners(new SpatialPooler2D.Builder().inhibition(Inhibition.NEIGHBOURHOOD)
                .activeColumns(1), x));
    }

    @Test
    void positionsOutsideTheMapNeverWin() {
        // Negative values everywhere: the padding outside the map must not count as a larger neighbour.
        INDArray x = maps(new double[][] {{-1, -5, -9}}, new double[][] {{-2, -6, -7}});
        INDArray expected = maps(new double[][] {{1, 0, 0}}, new double[][] {{1, 0, 0}});
        assertEquals(expected, winners(new SpatialPooler2D.Builder().inhibition(Inhibition.NEIGHBOURHOOD)
                .activeColumns(2), x));
    }

    @Test
    void softOutputIsTheSigmoidOfTheMarginToThePositionsThreshold() {
        INDArray x = Nd4j.createFromArray(new double[] {3, 1, 2, 0}).reshape(1, 4, 1, 1);
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(2).boostStrength(0)
                .output(SpatialPooler.Output.SOFT).softTemperature(0.5), 4, 1, 1);
        INDArray y = net.getLayer(0).activate(x, false, NO_WORKSPACES);
        // theta = (2 + 1) / 2
        INDArray expected = Nd4j.createFromArray(new double[] {sigmoid(1.5 / 0.5), 0, sigmoid(0.5 / 0.5), 0})
                .reshape(1, 4, 1, 1);
        assertTrue(expected.equalsWithEps(y, 1e-12), y.toString());
    }

    @Test
    void decimalBackwardPassesGradientToWinnersOnly() {
        Nd4j.getRandom().setSeed(9);
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().inhibition(Inhibition.NEIGHBOURHOOD)
                .activeColumns(4).activation(Activation.TANH), 3, 4, 5);
        Layer sp = net.getLayer(0);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray y = sp.activate(x, true, NO_WORKSPACES).dup();
        INDArray winners = y.neq(0).castTo(DataType.DOUBLE);
        INDArray dy = Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 5);
        Pair<Gradient, INDArray> back = sp.backpropGradient(dy, NO_WORKSPACES);
        INDArray tanh = Transforms.tanh(x);
        INDArray expected = dy.mul(winners).mul(tanh.mul(tanh).rsub(1));
        assertTrue(expected.equalsWithEps(back.getSecond(), 1e-10), "input gradient");
    }

    @Test
    void binaryBackwardIsStraightThroughTheWinners() {
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(1)
                .output(SpatialPooler.Output.BINARY), 3, 2, 2);
        Layer sp = net.getLayer(0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 2, 2);
        INDArray winners = sp.activate(x, true, NO_WORKSPACES).dup();
        INDArray dy = Nd4j.randn(DataType.DOUBLE, 2, 3, 2, 2);
        INDArray dx = sp.backpropGradient(dy, NO_WORKSPACES).getSecond();
        assertTrue(dy.mul(winners).equalsWithEps(dx, 1e-12));
    }

    @Test
    void dutyCyclesAreTheShareOfPositionsEachChannelWins() {
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(1)
                .dutyCyclePeriod(10), 2, 1, 4);
        SpatialPooler2DRuntime sp = (SpatialPooler2DRuntime) net.getLayer(0);
        // channel 0 wins at 3 of 4 positions, channel 1 at 1
        INDArray x = maps(new double[][] {{1, 1, 1, 0}}, new double[][] {{0, 0, 0, 1}});
        sp.activate(x, true, NO_WORKSPACES);
        assertEquals(0.0, sp.dutyCycles().sumNumber().doubleValue(), 0.0, "a forward pass leaves the state alone");
        sp.backpropGradient(Nd4j.ones(DataType.DOUBLE, 1, 2, 1, 4), NO_WORKSPACES);
        // d <- d + (share - d) / period, from d = 0
        assertTrue(Nd4j.createFromArray(new double[][] {{0.075, 0.025}}).equalsWithEps(sp.dutyCycles(), 1e-12),
                sp.dutyCycles().toString());
    }

    @Test
    void boostingRevivesSilentChannels() {
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(1)
                .boostStrength(10).dutyCyclePeriod(5).output(SpatialPooler.Output.BINARY), 2, 2, 2);
        Layer sp = net.getLayer(0);
        // channel 0 always a little stronger: without boosting channel 1 never wins
        INDArray x = Nd4j.concat(1, Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, 1.1),
                Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, 1.0));
        double channelOneWins = 0;
        for (int i = 0; i < 20; i++) {
            INDArray y = sp.activate(x, true, NO_WORKSPACES);
            channelOneWins += y.getDouble(0, 1, 0, 0);
            sp.backpropGradient(Nd4j.zeros(DataType.DOUBLE, 1, 2, 2, 2), NO_WORKSPACES);
        }
        assertTrue(channelOneWins > 0, "channel 1 never won");
    }

    @Test
    void rejectsTheWrongNumberOfChannelsNamingTheExpectedShape() {
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(1), 3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.rand(DataType.DOUBLE, 2, 5, 4, 4)));
        assertTrue(e.getMessage().contains("[minibatch, 3, 4, 4]") && e.getMessage().contains("[2, 5, 4, 4]"),
                e.getMessage());
    }

    @Test
    void rejectsTheWrongImageSizeNamingTheExpectedShape() {
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(1), 3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.getLayer(0).activate(Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4), false, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("[minibatch, 3, 4, 4]") && e.getMessage().contains("5x4"), e.getMessage());
    }

    @Test
    void rejectsNaNNamingWhereItIs() {
        MultiLayerNetwork net = network(new SpatialPooler2D.Builder().activeColumns(1), 2, 2, 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 2, 2);
        x.putScalar(new long[] {0, 1, 0, 1}, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(x));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("[0, 1, 0, 1]"), e.getMessage());
    }

    @Test
    void outputTypeIsTheInputType() {
        SpatialPooler2D sp = new SpatialPooler2D.Builder().activeColumns(2).build();
        InputType in = InputType.convolutional(6, 5, 4);
        sp.setNIn(in, false);
        assertEquals(in, sp.getOutputType(0, in));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * One inhibition core: a 1x1 map whose channels compete per position is a row of columns, so
     * a SpatialPooler2D there computes what a SpatialPooler with identity weights computes, forward,
     * backward and in its duty cycles.
     */
    @ParameterizedTest
    @EnumSource(SpatialPooler.Output.class)
    void aOneByOnePerPositionPoolerIsASpatialPoolerWithIdentityWeights(SpatialPooler.Output output) {
        int channels = 7;
        MultiLayerNetwork maps = network(new SpatialPooler2D.Builder().activeColumns(3).output(output)
                .activation(Activation.TANH).boostStrength(1.5).dutyCyclePeriod(4).softTemperature(0.3), channels, 1, 1);
        MultiLayerConfiguration rowsConf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new SpatialPooler.Builder().nIn(channels).columns(channels).activeColumns(3).output(output)
                        .activation(Activation.TANH).boostStrength(1.5).dutyCyclePeriod(4).softTemperature(0.3)
                        .hasBias(false).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(channels).nOut(1).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork rows = new MultiLayerNetwork(rowsConf);
        rows.init();
        rows.initGradientsView();
        rows.getLayer(0).getParam(SpatialPooler.WEIGHT_KEY).assign(Nd4j.eye(channels));
        Nd4j.getRandom().setSeed(11);
        for (int pass = 0; pass < 3; pass++) { // the duty cycles move, so boosting differs from pass to pass
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, channels).subi(0.5);
            INDArray dy = Nd4j.rand(DataType.DOUBLE, 5, channels).subi(0.5);
            INDArray y2d = maps.getLayer(0).activate(x.reshape(5, channels, 1, 1), true, NO_WORKSPACES);
            INDArray y1d = rows.getLayer(0).activate(x, true, NO_WORKSPACES);
            assertTrue(y1d.equalsWithEps(y2d.reshape(5, channels), 1e-12), output + " pass " + pass + ": " + y1d
                    + " against " + y2d);
            INDArray dx2d = maps.getLayer(0).backpropGradient(dy.reshape(5, channels, 1, 1), NO_WORKSPACES)
                    .getSecond();
            INDArray dx1d = rows.getLayer(0).backpropGradient(dy, NO_WORKSPACES).getSecond();
            assertTrue(dx1d.equalsWithEps(dx2d.reshape(5, channels), 1e-12), output + " pass " + pass + " gradient");
            INDArray d2d = ((SpatialPooler2DRuntime) maps.getLayer(0)).dutyCycles();
            INDArray d1d = ((org.deephtm.layers.runtime.SpatialPoolerRuntime) rows.getLayer(0)).dutyCycles();
            assertTrue(d1d.equalsWithEps(d2d, 1e-12), output + " pass " + pass + " duty cycles");
        }
    }
}
