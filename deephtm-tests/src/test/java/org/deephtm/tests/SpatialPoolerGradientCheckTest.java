package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's numerical gradient check, double precision, with the spatial pooler between Dense layers.
 * The inputs are drawn so that no two boosted overlaps of a row are closer than {@link #MARGIN}:
 * the winners then do not change under the check's epsilon, and the check sees a smooth function.
 */
class SpatialPoolerGradientCheckTest {

    private static final int INPUTS = 4;
    private static final int HIDDEN = 6;
    private static final int COLUMNS = 10;
    private static final int WINNERS = 3;
    private static final double MARGIN = 1e-3;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(SpatialPooler.Output output, double boostStrength) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(WINNERS).output(output)
                        .activation(Activation.TANH).softTemperature(0.5).boostStrength(boostStrength)
                        .dutyCyclePeriod(1_000_000_000).potentialPct(0.75).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(INPUTS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Uneven duty cycles so that boosting matters; the huge period keeps them still during the check.
        net.getLayer(1).getParam(SpatialPooler.DUTY_CYCLE_KEY).assign(Nd4j.rand(DataType.DOUBLE, 1, COLUMNS).muli(0.6));
        return net;
    }

    /** Smallest gap between two boosted overlaps of the same row. */
    private static double smallestGap(MultiLayerNetwork net, INDArray x, double boostStrength) {
        INDArray hidden = net.feedForwardToLayer(0, x).get(1);
        Layer sp = net.getLayer(1);
        INDArray weights = sp.getParam(SpatialPooler.WEIGHT_KEY).mul(sp.getParam(SpatialPooler.POTENTIAL_POOL_KEY));
        INDArray overlap = hidden.mmul(weights).addRowVector(sp.getParam(SpatialPooler.BIAS_KEY));
        INDArray lift = sp.getParam(SpatialPooler.DUTY_CYCLE_KEY).rsub((double) WINNERS / COLUMNS).mul(boostStrength);
        INDArray spread = overlap.std(false, 1).reshape(overlap.size(0), 1);
        INDArray sorted = Nd4j.sort(overlap.add(spread.mmul(lift)), 1, true);
        INDArray gaps = sorted.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, COLUMNS)).sub(sorted.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                        COLUMNS - 1)));
        return gaps.minNumber().doubleValue();
    }

    @ParameterizedTest
    @CsvSource({"DECIMAL, 0", "DECIMAL, 2", "SOFT, 0", "SOFT, 2"})
    void passesDl4jGradientCheck(SpatialPooler.Output output, double boostStrength) {
        MultiLayerNetwork net = network(output, boostStrength);
        Nd4j.getRandom().setSeed(9);
        INDArray x;
        do {
            x = Nd4j.rand(DataType.DOUBLE, 3, INPUTS).subi(0.5).muli(4);
        } while (smallestGap(net, x, boostStrength) < MARGIN);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2);
        boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("1_" + SpatialPooler.DUTY_CYCLE_KEY, "1_" + SpatialPooler.POTENTIAL_POOL_KEY))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(passed, output + " with boostStrength " + boostStrength);
    }
}
