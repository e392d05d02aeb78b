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
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's numerical gradient check, double precision, with the spatial pooler between Dense layers.
 * The inputs are drawn so that no two boosted overlaps of a row are closer than {@link #MARGIN}:
 * the winners then do not change under the check's epsilon, and the check sees a smooth function.
 * Every activation the pooler accepts is checked, which holds the hand-written derivatives of its
 * backward pass ({@code ColumnActivityBackward.derivative}) to the forward pass's own activation.
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
        return network(output, boostStrength, Activation.TANH, WINNERS);
    }

    private static MultiLayerNetwork network(SpatialPooler.Output output, double boostStrength, Activation f,
            int winners) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(winners).output(output)
                        .activation(f).softTemperature(0.5).boostStrength(boostStrength)
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

    /** The pooler's overlaps for input {@code x}, [b, COLUMNS]. */
    private static INDArray overlaps(MultiLayerNetwork net, INDArray x) {
        INDArray hidden = net.feedForwardToLayer(0, x).get(1);
        Layer sp = net.getLayer(1);
        INDArray weights = sp.getParam(SpatialPooler.WEIGHT_KEY).mul(sp.getParam(SpatialPooler.POTENTIAL_POOL_KEY));
        return hidden.mmul(weights).addRowVector(sp.getParam(SpatialPooler.BIAS_KEY));
    }

    /** Smallest gap between two boosted overlaps of the same row. */
    private static double smallestGap(MultiLayerNetwork net, INDArray x, double boostStrength) {
        INDArray overlap = overlaps(net, x);
        INDArray lift = net.getLayer(1).getParam(SpatialPooler.DUTY_CYCLE_KEY).rsub((double) WINNERS / COLUMNS)
                .mul(boostStrength);
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

    /**
     * DECIMAL columns with each activation. Six winners of ten and proximal weights scaled up put
     * the winners' overlaps on both sides of 0 and of +-1, so that both branches of ELU, ReLU and
     * HARDTANH are checked; the overlaps are drawn away from those kinks by {@link #MARGIN}.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"IDENTITY", "RELU", "SIGMOID", "ELU", "SOFTPLUS", "SOFTSIGN",
            "HARDTANH", "CUBE"})
    void everyActivationPassesDl4jGradientCheck(Activation f) {
        int winners = 6;
        MultiLayerNetwork net = network(SpatialPooler.Output.DECIMAL, 0, f, winners);
        net.getLayer(1).getParam(SpatialPooler.WEIGHT_KEY).muli(4);
        Nd4j.getRandom().setSeed(21);
        INDArray x = null;
        for (int attempt = 0; attempt < 1000 && x == null; attempt++) {
            INDArray candidate = Nd4j.rand(DataType.DOUBLE, 4, INPUTS).subi(0.5).muli(4);
            if (smallestGap(net, candidate, 0) >= MARGIN && coversEveryBranch(overlaps(net, candidate), winners)) {
                x = candidate;
            }
        }
        assertNotNull(x, "no input with winners on both sides of 0 and 1, away from the kinks");
        INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 2);
        // The layers after the pooler are DL4J's own: their parameters are left out to save time.
        boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("1_" + SpatialPooler.DUTY_CYCLE_KEY, "1_" + SpatialPooler.POTENTIAL_POOL_KEY,
                        "2_W", "2_b", "3_W", "3_b"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(passed, f.toString());
    }

    /**
     * True when no overlap is within {@link #MARGIN} of 0 or +-1 (the kinks of ReLU, ELU's second
     * derivative and HARDTANH), and the winners include a negative overlap, one in (0, 1) and one
     * above 1.
     */
    private static boolean coversEveryBranch(INDArray overlap, int winners) {
        boolean negative = false;
        boolean inside = false;
        boolean above = false;
        for (int r = 0; r < overlap.rows(); r++) {
            double[] row = overlap.getRow(r).toDoubleVector();
            double kth = Nd4j.sort(overlap.getRow(r).dup(), false).getDouble(winners - 1);
            for (double o : row) {
                if (Math.abs(o) < MARGIN || Math.abs(Math.abs(o) - 1) < MARGIN) {
                    return false;
                }
                if (o >= kth) {
                    negative |= o < 0;
                    inside |= o > 0 && o < 1;
                    above |= o > 1;
                }
            }
        }
        return negative && inside && above;
    }
}
