package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.online.OnlineLearner;
import org.deephtm.tests.support.Symbols;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The anomaly score does HTM's job: once a periodic sequence is learned it is predicted (the score
 * falls near 0), and a change of pattern is a surprise (the score rises in the steps that follow).
 */
class AnomalyScoreTest {

    private static final int VOCABULARY = 8;
    private static final int[] LEARNED = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final int[] CHANGED = {0, 5, 2, 7, 4, 1, 6, 3};
    private static final int PERIODS = 250;
    /** Two steps per training pass: four updates per period. */
    private static final int WINDOW = 2;

    @Test
    void aLearnedPeriodicSequenceScoresLowAndAChangeScoresHigh() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).updater(new Adam(1e-2)).list()
                .layer(new SpatialPooler.Builder().columns(64).activeColumns(3).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(4).output(TemporalMemory.Output.ACTIVE)
                        .columnPredictionLoss(10).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(VOCABULARY)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(VOCABULARY))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(WINDOW).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, WINDOW);

        double learnedPeriod = 0;
        for (int p = 0; p < PERIODS; p++) {
            learnedPeriod = feedPeriod(learner, LEARNED);
        }
        double afterChange = feedPeriod(learner, CHANGED);
        System.out.printf("mean anomaly score: learned period %.3f, first period after the change %.3f%n",
                learnedPeriod, afterChange);
        assertTrue(learnedPeriod < 0.1, "a learned sequence is predicted: " + learnedPeriod);
        assertTrue(afterChange > 0.5, "a new pattern is a surprise: " + afterChange);
    }

    /** Streams one period, learning as it goes; returns its mean anomaly score. */
    private static double feedPeriod(OnlineLearner learner, int[] period) {
        double sum = 0;
        for (int symbol : period) {
            INDArray x = Symbols.oneHot(symbol, VOCABULARY);
            sum += learner.step(x, x).anomaly().getDouble(0);
        }
        return sum / period.length;
    }
}
