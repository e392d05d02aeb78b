package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
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
 * DL4J's numerical gradient check, double precision, over sequences of several steps in
 * {@code SpatialPooler -> TemporalMemory -> output}: it checks the temporal memory's hand-written
 * step gradient, backpropagation through time, the column prediction loss, the anomaly output and
 * masked steps against finite differences, with several cells per column and with one (a
 * first-order memory, whose backward pass skips the reductions over a column's cells).
 */
class TemporalMemoryGradientCheckTest {

    private static final int INPUTS = 4;
    private static final int COLUMNS = 6;
    private static final int STEPS = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @ParameterizedTest
    @CsvSource({"PREDICTIVE, false, false, 3", "ACTIVE, true, false, 3", "PREDICTIVE, true, true, 3",
            "PREDICTIVE, true, false, 1", "ACTIVE, false, true, 1"})
    void decimalCellsPassGradientCheckOverSeveralSteps(TemporalMemory.Output output, boolean anomalyOutput,
            boolean masked, int cellsPerColumn) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(2).boostStrength(0).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(cellsPerColumn).output(output)
                        .anomalyOutput(anomalyOutput)
                        .build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(INPUTS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Larger distal weights and uneven biases: predictions far from uniform, no ties between cells.
        net.getLayer(1).getParam(TemporalMemory.DISTAL_KEY).muli(10);
        net.getLayer(1).getParam(TemporalMemory.BIAS_KEY).assign(Nd4j.randn(DataType.DOUBLE, 1, COLUMNS));
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, INPUTS, STEPS);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS);
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.ones(DataType.DOUBLE, 2, STEPS);
            mask.putScalar(0, 1, 0.0); // example 0 skips step 1, example 1 ends after step 2
            mask.putScalar(1, 3, 0.0);
        }
        boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .inputMask(mask).labelMask(mask)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("0_" + SpatialPooler.DUTY_CYCLE_KEY))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(passed);
    }
}
