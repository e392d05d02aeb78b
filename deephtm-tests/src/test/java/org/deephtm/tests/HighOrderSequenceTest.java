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

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTM's signature test: sequences that share their middle and differ at both ends
 * ({@code A B C D E} and {@code F B C D G}, over several symbol sets). Predicting the last symbol
 * needs the first one, three steps back; only the cells can carry it there. With one cell per
 * column the memory is first-order ({@code a_t = s_t}) and can only guess between E and G.
 */
class HighOrderSequenceTest {

    private static final int SETS = 6;
    private static final int VOCABULARY = SETS * 7;
    private static final int MAX_SEQUENCES = 3000;

    private static int[][] sequences() {
        int[][] sequences = new int[2 * SETS][];
        for (int s = 0; s < SETS; s++) {
            int b = 7 * s;
            sequences[2 * s] = new int[] {b, b + 1, b + 2, b + 3, b + 4};
            sequences[2 * s + 1] = new int[] {b + 5, b + 1, b + 2, b + 3, b + 6};
        }
        return sequences;
    }

    private static MultiLayerNetwork network(int cellsPerColumn) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-2)).list()
                .layer(new SpatialPooler.Builder().columns(64).activeColumns(3).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(cellsPerColumn)
                        .output(TemporalMemory.Output.ACTIVE).columnPredictionLoss(10).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(VOCABULARY)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(VOCABULARY))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(4).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Share of the sequences whose last symbol is the network's top prediction after the first four. */
    private static double finalSymbolAccuracy(MultiLayerNetwork net) {
        int correct = 0;
        for (int[] sequence : sequences()) {
            net.rnnClearPreviousState();
            INDArray prediction = null;
            for (int t = 0; t < 4; t++) {
                prediction = net.rnnTimeStep(Symbols.oneHot(sequence[t], VOCABULARY));
            }
            if (prediction.argMax(1).getInt(0) == sequence[4]) {
                correct++;
            }
        }
        return correct / (double) sequences().length;
    }

    /** Learns online (a reset before each sequence, one training pass per sequence) until 95 % or the budget. */
    private static double[] learn(int cellsPerColumn, int budget) {
        MultiLayerNetwork net = network(cellsPerColumn);
        OnlineLearner learner = new OnlineLearner(net, 1, 4);
        int[][] sequences = sequences();
        Random random = new Random(3);
        double accuracy = 0;
        int seen = 0;
        while (seen < budget && accuracy < 0.95) {
            int[] sequence = sequences[random.nextInt(sequences.length)];
            learner.reset();
            for (int symbol : sequence) {
                INDArray x = Symbols.oneHot(symbol, VOCABULARY);
                learner.step(x, x);
            }
            seen++;
            if (seen % 100 == 0) {
                accuracy = finalSymbolAccuracy(learner.network());
            }
        }
        return new double[] {accuracy, seen};
    }

    @Test
    void highOrderSequenceNeedsMoreThanOneCell() {
        double[] fourCells = learn(4, MAX_SEQUENCES);
        double[] oneCell = learn(1, Math.max(1000, (int) fourCells[1])); // at least as much experience
        System.out.printf("high-order sequences, final-symbol accuracy: 4 cells/column %.3f after %d sequences "
                + "(%d steps); 1 cell/column %.3f after %d sequences (%d steps)%n", fourCells[0], (int) fourCells[1],
                5 * (int) fourCells[1], oneCell[0], (int) oneCell[1], 5 * (int) oneCell[1]);
        assertTrue(fourCells[0] >= 0.95, "4 cells per column: " + fourCells[0]);
        assertTrue(oneCell[0] <= 0.6, "1 cell per column should stay near chance (0.5): " + oneCell[0]);
    }
}
