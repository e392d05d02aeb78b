package org.deephtm.examples.sequences;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.learning.LazyAdam;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * The high-order task over a grid of settings: pairs of sequences {@code start, middle..., end}
 * whose two members share the middle and differ in start and end, so the end can only be
 * predicted from the start, {@code middle + 1} steps back. Each seed draws its own symbol set (which
 * of twice as many one-hot symbols play which part) and its own network.
 *
 * <p>The network is a frozen random spatial pooler, a temporal memory (column loss 10, LazyAdam
 * 0.03) and a softmax over the symbols (LazyAdam 0.01). Two ways to train:
 * <ul>
 * <li>{@link Training#WHOLE_SEQUENCES}: a reset before each sequence, one training pass per
 * sequence over all of it (what {@code fit} on a sequence does);</li>
 * <li>{@link Training#ONLINE}: sequences back to back with no resets, a training pass every
 * {@code window} steps wherever it falls.</li>
 * </ul>
 * Scored: the share of the last 200 sequences whose end was the top prediction after the symbol
 * before it.
 */
public final class HighOrderSweep {

    public enum Training {
        WHOLE_SEQUENCES("whole sequences"), ONLINE("online");

        private final String label;

        Training(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * One cell of the grid.
     *
     * @param sequencesPerPair training length: sequences shown per pair of sequences
     */
    public record Task(Training training, int columns, int activeColumns, int cellsPerColumn, int pairs, int middle,
            int window, int sequencesPerPair, long seed) {

        public String describe() {
            return String.format("%s, %d columns / %d active, %d cells, %d pairs, middle %d, seed %d", training,
                    columns, activeColumns, cellsPerColumn, pairs, middle, seed);
        }
    }

    /** A task's score. */
    public record Run(Task task, double accuracy) {
    }

    /**
     * The grid.
     *
     * @param sizes  {columns, active columns} pairs
     * @param window the online mode's training window
     */
    public record Grid(List<Training> trainings, List<int[]> sizes, List<Integer> cells, List<Integer> pairs,
            List<Integer> middles, List<Long> seeds, int window, int sequencesPerPair) {

        public Grid {
            for (int[] size : sizes) {
                if (size.length != 2 || size[1] < 1 || size[1] > size[0]) {
                    throw new IllegalArgumentException("a size is {columns, active columns} with 1 <= active <= "
                            + "columns, got " + Arrays.toString(size));
                }
            }
            if (cells.stream().anyMatch(k -> k < 1) || pairs.stream().anyMatch(p -> p < 1)
                    || middles.stream().anyMatch(m -> m < 1) || window < 1 || sequencesPerPair < 200) {
                throw new IllegalArgumentException("cells, pairs, middles and the window must be >= 1 and "
                        + "sequences per pair >= 200");
            }
        }

        /** Both trainings; 64/3, 96/4 and 128/5 columns; 1, 4 and 8 cells; 3 and 6 pairs; middles 2 and 3; seeds 1-3. */
        public static Grid defaults() {
            return new Grid(List.of(Training.WHOLE_SEQUENCES, Training.ONLINE),
                    List.of(new int[] {64, 3}, new int[] {96, 4}, new int[] {128, 5}), List.of(1, 4, 8), List.of(3, 6),
                    List.of(2, 3), List.of(1L, 2L, 3L), 8, 700);
        }

        public List<Task> tasks() {
            List<Task> tasks = new ArrayList<>();
            for (Training training : trainings) {
                for (int[] size : sizes) {
                    for (int k : cells) {
                        for (int p : pairs) {
                            for (int m : middles) {
                                for (long seed : seeds) {
                                    tasks.add(new Task(training, size[0], size[1], k, p, m, window, sequencesPerPair,
                                            seed));
                                }
                            }
                        }
                    }
                }
            }
            return tasks;
        }
    }

    private HighOrderSweep() {
    }

    public static List<Run> run(Grid grid, LongConsumer progress) {
        List<Run> runs = new ArrayList<>();
        for (Task task : grid.tasks()) {
            runs.add(new Run(task, run(task)));
            progress.accept(runs.size());
        }
        return runs;
    }

    /** The pairs of sequences of a task: row 2p and 2p+1 share their middle. */
    static int[][] sequences(Task task, Random random) {
        int perPair = task.middle() + 4;
        List<Integer> symbols = new ArrayList<>();
        for (int i = 0; i < 2 * task.pairs() * perPair; i++) {
            symbols.add(i);
        }
        Collections.shuffle(symbols, random);
        int[][] sequences = new int[2 * task.pairs()][task.middle() + 2];
        int next = 0;
        for (int p = 0; p < task.pairs(); p++) {
            for (int i = 1; i <= task.middle(); i++) {
                sequences[2 * p][i] = sequences[2 * p + 1][i] = symbols.get(next++);
            }
            for (int member = 0; member < 2; member++) {
                sequences[2 * p + member][0] = symbols.get(next++);
                sequences[2 * p + member][task.middle() + 1] = symbols.get(next++);
            }
        }
        return sequences;
    }

    static MultiLayerConfiguration network(Task task, int vocabulary, int window) {
        return new NeuralNetConfiguration.Builder()
                .seed(task.seed()).dataType(DataType.FLOAT).updater(new LazyAdam(1e-2))
                .list()
                .layer(new SpatialPooler.Builder().columns(task.columns()).activeColumns(task.activeColumns())
                        .boostStrength(0).updater(new Sgd(0)).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(task.cellsPerColumn())
                        .output(TemporalMemory.Output.ACTIVE).columnPredictionLoss(10)
                        .updater(new LazyAdam(3e-2)).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(vocabulary))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(window).build();
    }

    /** Trains one task and returns its end-of-sequence accuracy over the last 200 sequences. */
    public static double run(Task task) {
        Random random = new Random(task.seed());
        int[][] sequences = sequences(task, random);
        int vocabulary = 2 * task.pairs() * (task.middle() + 4);
        boolean whole = task.training() == Training.WHOLE_SEQUENCES;
        int length = task.middle() + 2;
        int window = whole ? length - 1 : task.window();
        MultiLayerNetwork net = new MultiLayerNetwork(network(task, vocabulary, window));
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, window, OnlineLearner.Engine.FAST);
        int total = task.sequencesPerPair() * task.pairs();
        int scored = 0;
        int correct = 0;
        float[] x = new float[vocabulary];
        for (int s = 0; s < total; s++) {
            int[] sequence = sequences[random.nextInt(sequences.length)];
            if (whole) {
                learner.reset();
            }
            for (int t = 0; t < length; t++) {
                Arrays.fill(x, 0f);
                x[sequence[t]] = 1f;
                learner.step(x, x);
                if (t == length - 2 && s >= total - 200) {
                    scored++;
                    if (argMax(learner.prediction()) == sequence[length - 1]) {
                        correct++;
                    }
                }
            }
        }
        return correct / (double) scored;
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
