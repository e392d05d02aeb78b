package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
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
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's numerical gradient check, double precision, of the SEGMENTS temporal memory over
 * sequences of several steps in {@code SpatialPooler -> TemporalMemory -> output}: the segments'
 * excitation and its written-out backward (the gather's gradient as a segment sum), the
 * prediction as the best active segment, bursting, the column prediction loss on the rule's
 * targets, the anomaly output, PREDICTIVE output, backpropagation through time, masked steps, and
 * segments silenced by a minimum hit rate.
 *
 * <p>The structure is set by hand (every segment holds synapses to random cells, weights and
 * biases spread so that no excitation sits at the threshold and no two segments tie) and kept
 * fixed ({@code structureLearning(false)}): the check differentiates the weights of a structure,
 * which is what the gradient owns. The structure itself is state, excluded from the check.
 */
class SegmentGradientCheckTest {

    private static final int INPUTS = 4;
    private static final int COLUMNS = 6;
    private static final int CELLS = 3;
    private static final int SEGMENTS = 2;
    private static final int SYNAPSES = 4;
    private static final int STEPS = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @ParameterizedTest
    @CsvSource({"ACTIVE, true, false, 0", "PREDICTIVE, false, false, 0", "PREDICTIVE, true, true, 0",
            "ACTIVE, false, false, 0.5"})
    void segmentsPassGradientCheckOverSeveralSteps(TemporalMemory.Output output, boolean anomalyOutput,
            boolean masked, double minHitRate) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(2).boostStrength(0).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(CELLS).output(output).anomalyOutput(anomalyOutput)
                        .connectivity(TemporalMemory.Connectivity.SEGMENTS).segmentsPerCell(SEGMENTS)
                        .synapsesPerSegment(SYNAPSES).newSynapses(SYNAPSES).matchFraction(0.25)
                        .predictionThreshold(0.3).columnPredictionLoss(2).minHitRate(minHitRate)
                        .structureLearning(false).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(INPUTS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        growRandomStructure(net);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, INPUTS, STEPS);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS);
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.ones(DataType.DOUBLE, 2, STEPS);
            mask.putScalar(0, 1, 0.0); // example 0 skips step 1, example 1 ends after step 2
            mask.putScalar(1, 3, 0.0);
        }
        // the check must cover predicted cells and the column loss, not only bursts
        net.output(x, true);
        TemporalMemoryRuntime tm = (TemporalMemoryRuntime) net.getLayer(1);
        assertTrue(tm.anomalyScores().get(NDArrayIndex.all(), NDArrayIndex.interval(1, STEPS)).minNumber()
                .doubleValue() < 0.9, "some columns are predicted: " + tm.anomalyScores());
        assertTrue(tm.calcRegularizationScore(true) > 0, "the column prediction loss counts");
        boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .inputMask(mask).labelMask(mask)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(Set.of("0_" + SpatialPooler.DUTY_CYCLE_KEY, "1_" + TemporalMemory.PRESYNAPTIC_KEY,
                        "1_" + TemporalMemory.RECENCY_KEY, "1_" + TemporalMemory.HITS_KEY,
                        "1_" + TemporalMemory.VISITS_KEY))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(passed);
    }

    /**
     * Every segment listens to random cells, with weights and biases spread over both sides of the
     * threshold, and has a history of 0 to 4 visits, a third of them hits: hit rates from 0.2 to 1.
     */
    private static void growRandomStructure(MultiLayerNetwork net) {
        Random random = new Random(7);
        int cells = COLUMNS * CELLS;
        INDArray presynaptic = net.getLayer(1).getParam(TemporalMemory.PRESYNAPTIC_KEY);
        INDArray recency = net.getLayer(1).getParam(TemporalMemory.RECENCY_KEY);
        INDArray weights = net.getLayer(1).getParam(TemporalMemory.SEGMENT_WEIGHTS_KEY);
        INDArray bias = net.getLayer(1).getParam(TemporalMemory.SEGMENT_BIAS_KEY);
        INDArray hits = net.getLayer(1).getParam(TemporalMemory.HITS_KEY);
        INDArray visits = net.getLayer(1).getParam(TemporalMemory.VISITS_KEY);
        for (int s = 0; s < cells * SEGMENTS; s++) {
            for (int j = 0; j < SYNAPSES; j++) {
                presynaptic.putScalar(s, j, random.nextInt(cells));
                weights.putScalar(s, j, 3 * random.nextDouble() - 1);
            }
            recency.putScalar(0, s, s % SEGMENTS + 1);
            bias.putScalar(0, s, 2 * random.nextDouble() - 1);
            int visited = random.nextInt(5);
            visits.putScalar(0, s, visited);
            hits.putScalar(0, s, visited / 3);
        }
    }
}
