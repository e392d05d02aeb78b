package org.deephtm.examples.sequences;

import org.deephtm.networks.RepeatableSeed;
import org.deephtm.examples.plot.Plots;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * HTM's continuous sequence task (Cui, Ahmad and Hawkins 2016, "Continuous online sequence
 * learning with an unsupervised neural network model", Neural Computation 28(11); the data set of
 * Numenta's {@code htmresearch} {@code HighOrderDataset}): eight sequences of 7 or 8 symbols over
 * 10 symbols, in pairs that share everything but the first and last symbol, arrive one symbol at a
 * time in random order, each followed by one noise symbol drawn from 5000, with no resets. Only
 * the prediction of each sequence's last symbol is scored: it needs the first symbol, 6 or 7
 * steps back. Halfway, the last symbols of each pair swap.
 *
 * <p>The DeepHTM network (frozen random spatial pooler, temporal memory, softmax over the 10
 * symbols and "noise") and a DL4J LSTM learn online side by side on the same stream, each from
 * the symbols' sparse codes, each predicting the next symbol at every step.
 */
public final class SequencesExperiment {

    /** The eight sequences; sequences 2i and 2i+1 share their middles. */
    static final int[][] SEQUENCES = {
            {6, 8, 7, 4, 2, 3, 0}, {1, 8, 7, 4, 2, 3, 5}, {6, 3, 4, 2, 7, 8, 5}, {1, 3, 4, 2, 7, 8, 0},
            {0, 9, 7, 8, 5, 3, 4, 1}, {2, 9, 7, 8, 5, 3, 4, 6}, {0, 4, 3, 5, 8, 7, 9, 6}, {2, 4, 3, 5, 8, 7, 9, 1}};
    static final int SYMBOLS = 10;
    /** The noise symbols of Cui et al.: so many that one is rarely seen twice, and never predictable. */
    public static final int NOISE_SYMBOLS = 5000;
    /** The symbols' codes: wide enough that 5000 noise symbols get distinct codes. */
    static final int CODE_BITS = 1024;
    static final int CODE_ON = 20;
    /** Classes the networks predict: the 10 symbols, then "a noise symbol". */
    static final int CLASSES = SYMBOLS + 1;
    /** Scored endings in the moving accuracy, as in the paper. */
    static final int ACCURACY_WINDOW = 100;
    /** The accuracy that counts as learned. */
    static final double LEARNED = 0.95;

    /**
     * @param elements   stream length in symbols (noise included)
     * @param changeAt   element at which the endings swap; past {@code elements}: never
     * @param noiseSymbols how many symbols the noise after each sequence is drawn from (Cui's 5000;
     *                   with few, the noise becomes predictable and context runs from one sequence
     *                   into the next)
     * @param network    DeepHTM's network ({@link #network()} and its sizes and window); its inputs,
     *                   outputs and seed are the task's
     * @param lstmUnits  the LSTM's size; 0 runs no LSTM
     * @param lstmWindow the LSTM's truncated BPTT window
     * @param seed       data order, codes and both networks' initialisation
     * @param outputDir  where the plot and the CSV of scored endings go
     */
    public record Options(int elements, int changeAt, int noiseSymbols, SeedNetwork.Builder network, int lstmUnits,
            int lstmWindow, long seed, Path outputDir) {
        public Options {
            if (noiseSymbols < 1) {
                throw new IllegalArgumentException("there must be at least 1 noise symbol, got " + noiseSymbols);
            }
            if (elements < 2 * ACCURACY_WINDOW * 9) {
                throw new IllegalArgumentException("elements must be >= " + 2 * ACCURACY_WINDOW * 9
                        + " (two accuracy windows of " + ACCURACY_WINDOW + " sequences), got " + elements);
            }
            if (changeAt < 1) {
                throw new IllegalArgumentException("the change must come at element >= 1, got " + changeAt);
            }
            if (lstmWindow < 1 || lstmUnits < 0) {
                throw new IllegalArgumentException("the LSTM's window must be >= 1 and its size >= 0, got window "
                        + lstmWindow + ", LSTM " + lstmUnits);
            }
            network = network.copy();
        }

        /** A copy of DeepHTM's network options. */
        @Override
        public SeedNetwork.Builder network() {
            return network.copy();
        }

        /** The paper's 20,000 elements with the change at 10,000; {@link SequencesExperiment#network()}; LSTM 64. */
        public static Options defaults(Path outputDir) {
            return new Options(20_000, 10_000, NOISE_SYMBOLS, SequencesExperiment.network(), 64, 16, 0, outputDir);
        }
    }

    /**
     * One model's run.
     *
     * @param name             what it is
     * @param accuracyBefore   accuracy on the last {@value #ACCURACY_WINDOW} endings before the change
     * @param accuracyEnd      accuracy on the last {@value #ACCURACY_WINDOW} endings of the stream
     * @param firstLearned     element at which the moving accuracy first reached {@value #LEARNED}, -1 never
     * @param relearnElements  elements after the change until it reached {@value #LEARNED} again, -1 never
     * @param stepsPerSecond   its learning speed
     */
    public record ModelResult(String name, double accuracyBefore, double accuracyEnd, int firstLearned,
            int relearnElements, double stepsPerSecond) {
    }

    public record Result(List<ModelResult> models, Path plot, Path csv) {
    }

    private SequencesExperiment() {
    }

    /**
     * DeepHTM's network for symbol sequences, at HTM's size: the codes straight into a frozen random
     * spatial pooler of 2048 columns with 40 active, a temporal memory of 32 cells per column with
     * HTM's dendritic segments and a softmax over the symbols (LazyAdam 0.03), learning every step;
     * the caller sets the inputs, the classes and the seed. The memory's weights stay as HTM's rule
     * grows them (memory rate 0): on this task the rule alone learns faster and more surely than
     * with a gradient on the weights ({@code docs/sequences.md}).
     */
    public static SeedNetwork.Builder network() {
        return SeedNetwork.builder().encoder(SeedNetwork.Encoder.NONE).decoderSize(0)
                .prediction(SeedNetwork.Prediction.CLASSES).columns(2048).activeColumns(40).cellsPerColumn(32)
                .connectivity(TemporalMemory.Connectivity.SEGMENTS).window(1).learningRate(3e-2)
                .memoryRateFactor(0);
    }

    /** The DeepHTM network of {@code o} for codes of {@code inputBits}. */
    public static MultiLayerConfiguration htmNetwork(Options o, int inputBits) {
        return o.network().inputs(inputBits).outputs(CLASSES).seed(o.seed()).build();
    }

    /** The LSTM it is compared with: one LSTM layer and the same softmax, Adam 0.01. */
    public static MultiLayerConfiguration lstmNetwork(Options o, int inputBits) {
        return new NeuralNetConfiguration.Builder()
                .seed(RepeatableSeed.of(o.seed())).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .list()
                .layer(new LSTM.Builder().nOut(o.lstmUnits()).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(inputBits))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(o.lstmWindow()).build();
    }

    /** The stream: symbols (noise as {@code SYMBOLS + i}) and whether each is a sequence's last. */
    record Stream(int[] symbols, boolean[] last) {
    }

    static Stream stream(int elements, int changeAt, int noiseSymbols, Random random) {
        int[] symbols = new int[elements + 10];
        boolean[] last = new boolean[elements + 10];
        int n = 0;
        while (n < elements) {
            int s = random.nextInt(SEQUENCES.length);
            int[] sequence = SEQUENCES[s].clone();
            if (n >= changeAt) {
                int[] partner = SEQUENCES[s ^ 1];
                sequence[sequence.length - 1] = partner[partner.length - 1];
            }
            for (int i = 0; i < sequence.length; i++) {
                symbols[n] = sequence[i];
                last[n++] = i == sequence.length - 1;
            }
            symbols[n++] = SYMBOLS + random.nextInt(noiseSymbols);
        }
        return new Stream(Arrays.copyOf(symbols, elements + 1), Arrays.copyOf(last, elements + 1));
    }

    /** Runs the task with nobody watching. */
    public static Result run(Options o, LongConsumer progress) throws IOException {
        return run(o, progress, RunWatch.NONE);
    }

    /**
     * What a watcher is shown at each element: whether each model's prediction of an ending was
     * right (1 or 0; NaN at other elements), charted as the accuracy on the last
     * {@value #ACCURACY_WINDOW} endings, and DeepHTM's anomaly score.
     */
    public static RunLayout layout(Options o) {
        List<String> fields = new ArrayList<>(List.of("DeepHTM right", "anomaly"));
        List<RunLayout.Line> accuracy = new ArrayList<>(List.of(
                RunLayout.Line.movingMean("DeepHTM", "DeepHTM right", ACCURACY_WINDOW)));
        if (o.lstmUnits() > 0) {
            fields.add("LSTM right");
            accuracy.add(RunLayout.Line.movingMean("LSTM " + o.lstmUnits(), "LSTM right", ACCURACY_WINDOW));
        }
        return new RunLayout("sequences: eight high-order sequences" + (o.changeAt() < o.elements()
                ? ", the endings swap at element " + o.changeAt() : ""), fields,
                List.of(new RunLayout.Chart("Accuracy on the last " + ACCURACY_WINDOW + " endings", 0, accuracy),
                        RunLayout.Chart.of("DeepHTM's anomaly score (every noise symbol is a surprise)",
                                RunLayout.Line.movingMean("mean of the last 100 elements", "anomaly", 100))));
    }

    /**
     * Runs the task.
     *
     * @param watch shown each element ({@link #layout}) and DeepHTM's memory
     */
    public static Result run(Options o, LongConsumer progress, RunWatch watch) throws IOException {
        Random random = new Random(o.seed());
        Stream stream = stream(o.elements(), o.changeAt(), o.noiseSymbols(), random);
        SymbolCodes codes = new SymbolCodes(SYMBOLS + o.noiseSymbols(), CODE_BITS, CODE_ON, o.seed() + 1);
        List<Model> models = new ArrayList<>();
        SeedNetwork.Builder htm = o.network();
        models.add(new Model("DeepHTM (" + htm.columns() + " columns, " + htm.activeColumns() + " active, "
                + htm.cellsPerColumn() + " cells, " + htm.connectivity().toString().toLowerCase(java.util.Locale.ROOT)
                + (htm.minHitRate() > 0 ? ", min hit rate " + htm.minHitRate() : "")
                + ", window " + htm.window() + ", memory rate "
                + new java.math.BigDecimal(htm.learningRate() * htm.memoryRateFactor())
                        .round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString() + ")",
                htmNetwork(o, codes.bits()),
                OnlineLearner.Engine.FAST, htm.window()));
        if (o.lstmUnits() > 0) {
            models.add(new Model("LSTM " + o.lstmUnits() + " (DL4J, Adam 0.01, window " + o.lstmWindow() + ")",
                    lstmNetwork(o, codes.bits()), OnlineLearner.Engine.DL4J, o.lstmWindow()));
        }
        watch.begin(layout(o));
        watch.memoryListener().ifPresent(models.get(0).learner::addListener);
        double[] watched = new double[1 + models.size()];
        float[] target = new float[CLASSES];
        for (int t = 0; t < o.elements(); t++) {
            int symbol = stream.symbols()[t];
            Arrays.fill(target, 0f);
            target[Math.min(symbol, SYMBOLS)] = 1f;
            for (int i = 0; i < models.size(); i++) {
                watched[i == 0 ? 0 : i + 1] = models.get(i).step(codes.code(symbol), target,
                        stream.last()[t + 1] ? stream.symbols()[t + 1] : -1, t + 1);
            }
            watched[1] = models.get(0).learner.anomaly(0);
            watch.stepped(t, watched);
            if ((t & 255) == 255) {
                progress.accept(t + 1);
            }
        }
        progress.accept(o.elements());
        Files.createDirectories(o.outputDir());
        List<ModelResult> results = new ArrayList<>();
        for (Model m : models) {
            results.add(m.result(o));
        }
        return new Result(results, plot(o, models), csv(o, models));
    }

    /** One network learning the stream, with the endings it got right or wrong. */
    private static final class Model {
        final String name;
        final OnlineLearner learner;
        final List<Integer> scoredAt = new ArrayList<>();
        final List<Boolean> correct = new ArrayList<>();
        long nanos;

        Model(String name, MultiLayerConfiguration conf, OnlineLearner.Engine engine, int window) {
            this.name = name;
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            this.learner = new OnlineLearner(net, 1, window, engine);
        }

        /**
         * Learns one symbol; when the next is a last symbol ({@code ending >= 0}), scores the
         * prediction of it: 1 right, 0 wrong; NaN when there was no ending to predict.
         */
        double step(float[] code, float[] target, int ending, int nextElement) {
            long start = System.nanoTime();
            learner.step(code, target);
            nanos += System.nanoTime() - start;
            if (ending >= 0) {
                float[] p = learner.prediction();
                int best = 0;
                for (int i = 1; i < SYMBOLS; i++) {
                    if (p[i] > p[best]) {
                        best = i;
                    }
                }
                scoredAt.add(nextElement);
                correct.add(best == ending);
                return best == ending ? 1 : 0;
            }
            return Double.NaN;
        }

        /** The share right over the {@value #ACCURACY_WINDOW} endings up to each scored one (NaN before there are that many). */
        double[] movingAccuracy() {
            double[] accuracy = new double[correct.size()];
            int sum = 0;
            for (int i = 0; i < correct.size(); i++) {
                sum += correct.get(i) ? 1 : 0;
                if (i >= ACCURACY_WINDOW) {
                    sum -= correct.get(i - ACCURACY_WINDOW) ? 1 : 0;
                }
                accuracy[i] = i + 1 >= ACCURACY_WINDOW ? sum / (double) ACCURACY_WINDOW : Double.NaN;
            }
            return accuracy;
        }

        ModelResult result(Options o) {
            double[] accuracy = movingAccuracy();
            double before = Double.NaN;
            int firstLearned = -1;
            int relearned = -1;
            for (int i = 0; i < accuracy.length; i++) {
                int element = scoredAt.get(i);
                if (element < o.changeAt()) {
                    before = accuracy[i];
                    if (firstLearned < 0 && accuracy[i] >= LEARNED) {
                        firstLearned = element;
                    }
                } else if (relearned < 0 && i >= ACCURACY_WINDOW && scoredAt.get(i - ACCURACY_WINDOW + 1) >= o.changeAt()
                        && accuracy[i] >= LEARNED) {
                    relearned = element - o.changeAt();
                }
            }
            return new ModelResult(name, before, accuracy[accuracy.length - 1], firstLearned, relearned,
                    o.elements() / (nanos / 1e9));
        }
    }

    private static Path plot(Options o, List<Model> models) throws IOException {
        double[] x = new double[o.elements()];
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int t = 0; t < x.length; t++) {
            x[t] = t + 1;
        }
        for (Model m : models) {
            double[] y = new double[x.length];
            Arrays.fill(y, Double.NaN);
            double[] accuracy = m.movingAccuracy();
            for (int i = 0; i < accuracy.length; i++) {
                y[m.scoredAt.get(i) - 1] = accuracy[i];
            }
            fillGaps(y);
            series.put(m.name, y);
        }
        String change = o.changeAt() < o.elements() ? ", endings swap at " + o.changeAt() : "";
        return Plots.lines(o.outputDir().resolve("sequences-accuracy.png"),
                "High-order sequences, online" + change, "element", "accuracy on the last "
                        + ACCURACY_WINDOW + " endings", x, series);
    }

    /** Holds each value until the next one, so a series scored every ~9 elements draws as one line. */
    private static void fillGaps(double[] y) {
        double last = Double.NaN;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i])) {
                y[i] = last;
            } else {
                last = y[i];
            }
        }
    }

    private static Path csv(Options o, List<Model> models) throws IOException {
        Path file = o.outputDir().resolve("sequences-endings.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("model,element,correct\n");
            for (Model m : models) {
                for (int i = 0; i < m.scoredAt.size(); i++) {
                    w.write("\"" + m.name + "\"," + m.scoredAt.get(i) + "," + (m.correct.get(i) ? 1 : 0) + "\n");
                }
            }
        }
        return file;
    }
}
