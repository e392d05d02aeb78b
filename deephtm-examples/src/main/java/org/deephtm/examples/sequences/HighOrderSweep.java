package org.deephtm.examples.sequences;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * The high-order task over a grid of settings: pairs of sequences {@code start, middle..., end}
 * whose two members share the middle and differ in start and end, so the end can only be
 * predicted from the start, {@code middle + 1} steps back. Each seed draws its own symbol set (which
 * of twice as many one-hot symbols play which part) and its own network.
 *
 * <p>The network: the symbols straight into a frozen random spatial pooler, a temporal memory and a
 * softmax over the symbols, with the task's sizes. With {@code DENSE} connectivity the memory
 * learns at LazyAdam 0.03 (column loss 10) and the softmax at 0.01; with {@code SEGMENTS} it is
 * the sequence task's network ({@link SequencesExperiment#network()}). Two ways to train:
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
     * @param minHitRate       SEGMENTS: the hit rate a segment needs to predict, 0 for none
     */
    public record Task(Training training, TemporalMemory.Connectivity connectivity, int columns, int activeColumns,
            int cellsPerColumn, int pairs, int middle, int window, int sequencesPerPair, double minHitRate,
            long seed) {

        public String describe() {
            return String.format(Locale.ROOT, "%s, %s, %d columns / %d active, %d cells, %d pairs, middle %d, seed %d",
                    training, connectivity.name().toLowerCase(Locale.ROOT), columns, activeColumns, cellsPerColumn,
                    pairs, middle, seed);
        }
    }

    /** A task's score. */
    public record Run(Task task, double accuracy) {
    }

    /**
     * The grid.
     *
     * @param sizes      {columns, active columns} pairs
     * @param window     the online mode's training window
     * @param minHitRate SEGMENTS: the hit rate a segment needs to predict, 0 for none
     */
    public record Grid(List<Training> trainings, TemporalMemory.Connectivity connectivity, List<int[]> sizes,
            List<Integer> cells, List<Integer> pairs, List<Integer> middles, List<Long> seeds, int window,
            int sequencesPerPair, double minHitRate) {

        public Grid {
            if (pairs.stream().anyMatch(p -> p < 1) || middles.stream().anyMatch(m -> m < 1)
                    || sequencesPerPair < 200) {
                throw new IllegalArgumentException("pairs and middles must be >= 1 and sequences per pair >= 200");
            }
            for (int[] size : sizes) {
                if (size.length != 2) {
                    throw new IllegalArgumentException("a size is {columns, active columns}, got "
                            + Arrays.toString(size));
                }
                for (int k : cells) {
                    // Every network of the grid is checked before the first runs (the builder names a bad size).
                    Task task = new Task(Training.ONLINE, connectivity, size[0], size[1], k, 1, 1, window,
                            sequencesPerPair, minHitRate, 0);
                    network(task, 2, window);
                }
            }
        }

        /**
         * Both trainings of the dense memory; 64/3, 96/4 and 128/5 columns; 1, 4 and 8 cells; 3 and 6
         * pairs; middles 2 and 3; seeds 1-3; online window 8.
         */
        public static Grid defaults() {
            return new Grid(List.of(Training.WHOLE_SEQUENCES, Training.ONLINE), TemporalMemory.Connectivity.DENSE,
                    List.of(new int[] {64, 3}, new int[] {96, 4}, new int[] {128, 5}), List.of(1, 4, 8), List.of(3, 6),
                    List.of(2, 3), List.of(1L, 2L, 3L), 8, 700, 0);
        }

        /**
         * The same grid with {@code connectivity}, online at the window its network learns best with.
         * The segments take HTM's size (2048 columns, 40 active) and a minimum hit rate of
         * {@link #SEGMENTS_MIN_HIT_RATE}, with which they learn sequences back to back.
         */
        public Grid with(TemporalMemory.Connectivity connectivity) {
            boolean segments = connectivity == TemporalMemory.Connectivity.SEGMENTS;
            return new Grid(trainings, connectivity, segments ? List.of(HTM_SIZE) : sizes, cells, pairs, middles,
                    seeds, onlineWindow(connectivity), sequencesPerPair, segments ? SEGMENTS_MIN_HIT_RATE : 0);
        }

        /** The same grid over other {@code sizes}. */
        public Grid withSizes(List<int[]> sizes) {
            return new Grid(trainings, connectivity, sizes, cells, pairs, middles, seeds, window, sequencesPerPair,
                    minHitRate);
        }

        /** The same grid with another minimum hit rate. */
        public Grid withMinHitRate(double minHitRate) {
            return new Grid(trainings, connectivity, sizes, cells, pairs, middles, seeds, window, sequencesPerPair,
                    minHitRate);
        }

        public List<Task> tasks() {
            List<Task> tasks = new ArrayList<>();
            for (Training training : trainings) {
                for (int[] size : sizes) {
                    for (int k : cells) {
                        for (int p : pairs) {
                            for (int m : middles) {
                                for (long seed : seeds) {
                                    tasks.add(new Task(training, connectivity, size[0], size[1], k, p, m, window,
                                            sequencesPerPair, minHitRate, seed));
                                }
                            }
                        }
                    }
                }
            }
            return tasks;
        }
    }

    /** HTM's size, the segment sweep's: 2048 columns, 40 active. */
    static final int[] HTM_SIZE = {2048, 40};

    /**
     * The segment sweep's minimum hit rate. Back to back, every first symbol follows every last, so
     * a sequence's first symbol would be predicted in the context of all that came before it and
     * contexts would chain without end; below one in three, those segments fall silent and each
     * sequence starts afresh, as after a reset.
     */
    static final double SEGMENTS_MIN_HIT_RATE = 0.33;

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
        return network(task.connectivity()).columns(task.columns()).activeColumns(task.activeColumns())
                .cellsPerColumn(task.cellsPerColumn()).minHitRate(task.minHitRate()).inputs(vocabulary)
                .outputs(vocabulary).window(window).seed(task.seed()).build();
    }

    /** The sweep's network before sizes: the sequence task's for segments, the dense memory's own recipe. */
    static SeedNetwork.Builder network(TemporalMemory.Connectivity connectivity) {
        if (connectivity == TemporalMemory.Connectivity.SEGMENTS) {
            return SequencesExperiment.network();
        }
        return SeedNetwork.builder().encoder(SeedNetwork.Encoder.NONE).decoderSize(0)
                .prediction(SeedNetwork.Prediction.CLASSES).connectivity(TemporalMemory.Connectivity.DENSE)
                .learningRate(1e-2).memoryRateFactor(3);
    }

    /** Online, the dense memory learns context through an 8-step window; segments learn it every step. */
    static int onlineWindow(TemporalMemory.Connectivity connectivity) {
        return connectivity == TemporalMemory.Connectivity.SEGMENTS ? 1 : 8;
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

    /**
     * The runs as markdown: per training, cells per column and middle, the mean and worst accuracy
     * and the runs that reached 0.95; then every run.
     */
    public static String table(Grid grid, List<Run> runs) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "High-order task: end-of-sequence accuracy over the last 200 sequences; "
                + "%s memory%s; sizes %s columns/active; pairs %s; seeds %s; online window %d; %d sequences per pair%n%n",
                grid.connectivity().name().toLowerCase(Locale.ROOT),
                grid.minHitRate() > 0 ? ", min hit rate " + grid.minHitRate() : "", sizes(grid), grid.pairs(),
                grid.seeds(), grid.window(), grid.sequencesPerPair()));
        t.append("| training | cells | middle | runs | mean | worst | runs >= 0.95 |\n|---|---|---|---|---|---|---|\n");
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            Task k = r.task();
            groups.computeIfAbsent(k.training() + " | " + k.cellsPerColumn() + " | " + k.middle(),
                    key -> new ArrayList<>()).add(r.accuracy());
        }
        groups.forEach((key, accuracies) -> t.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %d |%n",
                key, accuracies.size(), accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                accuracies.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                accuracies.stream().filter(a -> a >= 0.95).count())));
        t.append("\nEvery run:\n\n| run | accuracy |\n|---|---|\n");
        for (Run r : runs) {
            t.append(String.format(Locale.ROOT, "| %s | %.3f |%n", r.task().describe(), r.accuracy()));
        }
        return t.toString();
    }

    /** "64/3, 96/4, 128/5". */
    private static String sizes(Grid grid) {
        List<String> sizes = new ArrayList<>();
        for (int[] size : grid.sizes()) {
            sizes.add(size[0] + "/" + size[1]);
        }
        return String.join(", ", sizes);
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
