package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.SpatialPooler2D;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SpatialPooler2D between convolution layers passes DL4J's numerical gradient check in double
 * precision, for both inhibition areas and the differentiable outputs (BINARY is straight-through,
 * see SpatialPooler2DLayerTest). Inputs are continuous random values, so no two overlaps of an area
 * tie within the check's epsilon. The convolution before the layer has IDENTITY activation and
 * produces negative values: were the padding's constant lost in the copy of the graph that
 * computes gradients (DL4J warns about Pad's "padValue" when it builds that copy), forward and
 * backward passes would pick different winners at the edges and the check would fail. The
 * backward pass that gives the analytic gradient moves the duty cycles, which would change the
 * function the numerical passes then measure: the pooler's period is 1e9 examples, so that they
 * stay still, and boosting is checked on its own.
 */
class SpatialPooler2DGradientCheckTest {

    private static final double MARGIN = 1e-4;

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(SpatialPooler2D.Inhibition.PER_POSITION, SpatialPooler.Output.DECIMAL),
                Arguments.of(SpatialPooler2D.Inhibition.PER_POSITION, SpatialPooler.Output.SOFT),
                Arguments.of(SpatialPooler2D.Inhibition.NEIGHBOURHOOD, SpatialPooler.Output.DECIMAL),
                Arguments.of(SpatialPooler2D.Inhibition.NEIGHBOURHOOD, SpatialPooler.Output.SOFT));
    }

    private static SpatialPooler2D pooler(SpatialPooler2D.Inhibition inhibition, SpatialPooler.Output output) {
        return pooler(inhibition, output, 0);
    }

    private static SpatialPooler2D pooler(SpatialPooler2D.Inhibition inhibition, SpatialPooler.Output output,
            double boostStrength) {
        return new SpatialPooler2D.Builder().inhibition(inhibition).inhibitionRadius(1)
                .activeColumns(inhibition == SpatialPooler2D.Inhibition.PER_POSITION ? 2 : 7)
                .output(output).activation(Activation.TANH).softTemperature(0.5).boostStrength(boostStrength)
                .dutyCyclePeriod(1_000_000_000).build();
    }

    private static MultiLayerNetwork betweenConvolutions(SpatialPooler2D pooler) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(pooler)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(5, 4, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest
    @MethodSource("modes")
    void passesGradientCheckBetweenConvolutions(SpatialPooler2D.Inhibition inhibition, SpatialPooler.Output output) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = betweenConvolutions(pooler(inhibition, output));
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 5, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("1_" + SpatialPooler2D.DUTY_CYCLE_KEY))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok);
    }

    @Test
    void passesGradientCheckInAComputationGraph() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("image")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(),
                        "image")
                .addLayer("sp", pooler(SpatialPooler2D.Inhibition.NEIGHBOURHOOD, SpatialPooler.Output.SOFT), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "sp")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(4, 4, 1)).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 1, 4, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("sp_" + SpatialPooler2D.DUTY_CYCLE_KEY))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok);
    }

    /**
     * With boosting: uneven duty cycles lift some channels and hold others down, in units of each
     * position's spread of overlaps, and SOFT's gradient flows through that spread. The period of
     * 1e9 examples keeps the duty cycles still during the check (the backward pass that gives the
     * analytic gradient moves them by 2e-9 of their distance to the winners' share). Inputs are
     * drawn until no two boosted overlaps of an example are closer than {@link #MARGIN}, so no
     * winner changes under the check's epsilon.
     */
    @ParameterizedTest
    @MethodSource("modes")
    void passesGradientCheckWithBoosting(SpatialPooler2D.Inhibition inhibition, SpatialPooler.Output output) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        SpatialPooler2D pooler = pooler(inhibition, output, 3);
        MultiLayerNetwork net = betweenConvolutions(pooler);
        Nd4j.getRandom().setSeed(14);
        INDArray dutyCycles = net.getLayer(1).getParam(SpatialPooler2D.DUTY_CYCLE_KEY);
        dutyCycles.assign(Nd4j.rand(DataType.DOUBLE, 1, 4).muli(2 * pooler.targetDensity()));
        INDArray lift = dutyCycles.rsub(pooler.targetDensity()).muli(3);
        assertTrue(lift.minNumber().doubleValue() < -0.1 && lift.maxNumber().doubleValue() > 0.1,
                "some channels lifted, some held down: " + lift);
        INDArray x;
        do {
            x = Nd4j.randn(DataType.DOUBLE, 2, 2, 5, 4);
        } while (smallestGap(boosted(net, x, lift)) < MARGIN);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
        // The layers after the pooler are DL4J's own: their parameters are left out to save time.
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("1_" + SpatialPooler2D.DUTY_CYCLE_KEY, "2_W", "2_b", "3_W", "3_b"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok);
    }

    /** The pooler's boosted overlaps: {@code o + lift * spread}, spread the channels' deviation at each position. */
    private static INDArray boosted(MultiLayerNetwork net, INDArray x, INDArray lift) {
        INDArray overlap = net.feedForwardToLayer(0, x).get(1);
        INDArray spread = overlap.std(false, true, 1);
        return overlap.add(spread.mul(lift.reshape(1, lift.length(), 1, 1)));
    }

    /** The smallest gap between two values of the same example: [b, ...] -> a number. */
    private static double smallestGap(INDArray values) {
        INDArray rows = Nd4j.sort(values.reshape(values.size(0), -1).dup(), 1, true);
        long n = rows.size(1);
        INDArray gaps = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(1, n))
                .sub(rows.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n - 1)));
        return gaps.minNumber().doubleValue();
    }
}
