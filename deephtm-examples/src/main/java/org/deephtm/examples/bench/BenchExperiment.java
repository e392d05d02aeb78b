package org.deephtm.examples.bench;

import org.deephtm.examples.network.LstmNetwork;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.plot.Plots;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Training speed of online learning, measured side by side in one run on the same stream: the seed
 * network on DeepHTM's online engine, the same network through DL4J's own machinery, and an LSTM
 * network of about the same parameter count (through DL4J, which is what an LSTM runs on).
 *
 * <pre>
 *   (a) 1 stream, window 1      one weight update per step                       steps/s
 *   (b) 1 stream, window W      one update per W steps, state carried             steps/s
 *   (c) S streams, window W     S phase-shifted sines as one minibatch           example-steps/s
 *   (d) HTM's size              2048 columns, as many cells as dense memory allows, window 1
 *   (e) HTM's size, segments    2048 columns x 32 cells, the segment memory, the seed's encoder and decoder;
 *                               with htmJava, htm.java's temporal memory on the same active columns
 * </pre>
 *
 * Every measurement is a fresh network that runs untimed warm-up steps (JIT, graph building, first
 * allocations), then timed steps: a prediction every step and a training pass at the end of every
 * window, as a stream runs. Beside each speed: milliseconds per step, the bytes the thread
 * allocated per timed step, the NRMSE (RMSE / standard deviation of the truth) of the next-step
 * predictions and the mean raw anomaly score over the second half of the timed steps. The engine
 * runs many more steps than DL4J in the same time, so its NRMSE comes from a longer run; the
 * engine and DL4J give the same predictions step for step (EngineEquivalenceTest).
 *
 * <p>"seed" is the forum thread's network ({@link SeedNetwork#forumThread()}), on which the seed's
 * speed was measured; "default" is {@link SeedNetwork#builder()}'s, in row (a). DL4J runs the seed
 * network with Adam, its fastest setting there (DL4J's runs of LazyAdam,
 * {@code LazyAdamUpdater}, take a dozen ND4J ops over every parameter); the engine with each
 * updater, LazyAdam its default. "engine/DL4J" is the engine's speed over DL4J's in the same row.
 *
 * <p>What you will see: the engine runs the seed network hundreds of times faster than DL4J at a
 * minibatch of one, where DL4J's fixed cost per op dominates; windows and streams narrow the gap,
 * as they spread DL4J's cost over more steps.
 */
public final class BenchExperiment {

    /** The LSTM it compares with: the forum thread's network with an LSTM for the memory. */
    private static final LstmNetwork LSTM_NETWORK = LstmNetwork.forumThread();

    /** Which machinery runs a network. */
    public enum Machinery {
        ENGINE("engine"), DL4J("DL4J"),
        /** htm.java's temporal memory alone ({@link ReferenceMemory}), no encoder, pooler or decoder. */
        HTM_JAVA("htm.java");

        private final String label;

        Machinery(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param engineSteps  timed steps of the engine's measurements (rounded up to whole windows)
     * @param engineWarmup untimed steps before them
     * @param dl4jSteps    timed steps of DL4J's measurements (DeepHTM and LSTM)
     * @param dl4jWarmup   untimed steps before them
     * @param windows      the windows of row (b), each &gt;= 2
     * @param streams      streams of row (c), &gt;= 2
     * @param streamWindow window of row (c)
     * @param htmCells     cells per column of row (d), 2048 columns; 0 leaves row (d) out
     * @param htmSteps     timed steps of row (d) on the engine (DL4J runs a tenth, at least 2)
     * @param segmentSteps timed steps of row (e) on the engine, after a third as many untimed; 0 leaves it out
     * @param htmJava      row (e) times htm.java's temporal memory as well (a build with the htm-java profile)
     * @param period       steps per period of the sine
     * @param seed         network initialisation seed
     */
    public record Options(int engineSteps, int engineWarmup, int dl4jSteps, int dl4jWarmup, List<Integer> windows,
                          int streams, int streamWindow, int htmCells, int htmSteps, int segmentSteps,
                          boolean htmJava, int period, long seed) {

        public Options {
            windows = List.copyOf(windows);
            if (engineSteps < 2 || dl4jSteps < 2 || engineWarmup < 1 || dl4jWarmup < 1) {
                throw new IllegalArgumentException("timed steps must be >= 2 and warm-up steps >= 1, got " + engineSteps
                        + ", " + dl4jSteps + ", " + engineWarmup + " and " + dl4jWarmup);
            }
            if (windows.stream().anyMatch(w -> w < 2) || streamWindow < 1) {
                throw new IllegalArgumentException("windows must be >= 2 (window 1 is row (a)), got " + windows
                        + ", and the streams' window >= 1, got " + streamWindow);
            }
            if (streams < 2) {
                throw new IllegalArgumentException("streams must be >= 2, got " + streams);
            }
            if (htmCells < 0 || htmCells > 32 || (htmCells > 0 && htmSteps < 2)) {
                throw new IllegalArgumentException("row (d) needs 0 to 32 cells per column (0 leaves it out) and "
                        + ">= 2 steps, got " + htmCells + " and " + htmSteps);
            }
            if (segmentSteps != 0 && segmentSteps < 3) {
                throw new IllegalArgumentException("row (e) needs >= 3 steps (0 leaves it out), got " + segmentSteps);
            }
            if (htmJava) {
                ReferenceMemory.requireHtmJava();
                if (segmentSteps == 0) {
                    throw new IllegalArgumentException("--htm-java runs in row (e), which is left out (--quick leaves "
                            + "it out): give it steps with --segment-steps N");
                }
            }
            if (period < 2) {
                throw new IllegalArgumentException("period must be >= 2, got " + period);
            }
        }

        /**
         * The engine: 10,000 timed steps after 1,000; DL4J: 300 after 20; windows 8 and 32; 64
         * streams with window 32; row (d) with the cells {@link #htmCellsFor} this JVM's heap allows,
         * 300 steps; row (e) 6,000 steps, without htm.java. A sine of period 20. About seven minutes
         * on one core.
         */
        public static Options defaults() {
            return new Options(10_000, 1_000, 300, 20, List.of(8, 32), 64, 32,
                    htmCellsFor(Runtime.getRuntime().maxMemory()), 300, 6_000, false, 20, 12345);
        }

        /** The same table in about a minute: fewer steps, rows (d) and (e) left out. */
        public static Options quick() {
            Options d = defaults();
            return new Options(1_000, 200, 40, 8, d.windows(), d.streams(), d.streamWindow(), 0, 2, 0, false,
                    d.period(), d.seed());
        }
    }

    /** HTM's usual column count, for row (d). */
    public static final int HTM_COLUMNS = 2048;
    /** 2 % of them active, HTM's usual sparsity. */
    public static final int HTM_ACTIVE_COLUMNS = 40;

    /**
     * The most cells per column (up to 32) whose dense distal matrix, {@code (2048 K)^2} floats
     * held three times by the engine (weights and LazyAdam's two moments), fills at most half of
     * a heap of {@code maxHeapBytes}.
     */
    public static int htmCellsFor(long maxHeapBytes) {
        int cells = 0;
        while (cells < 32) {
            long n = (long) HTM_COLUMNS * (cells + 1);
            if (3 * n * n * Float.BYTES > maxHeapBytes / 2) {
                break;
            }
            cells++;
        }
        return cells;
    }

    /**
     * One network on one job.
     *
     * @param job            the row: "(a) 1 stream, window 1", ...
     * @param unit           steps/s, or example-steps/s for several streams
     * @param network        "seed", "LSTM", "2048 columns x K cells"
     * @param machinery      engine or DL4J
     * @param updater        the optimizer
     * @param parameters     the network's parameter count
     * @param streams        streams (the minibatch)
     * @param window         steps per training pass
     * @param timedSteps     timed steps (of every stream)
     * @param stepsPerSecond timed steps (example-steps for several streams) per second, wall clock
     * @param msPerStep      milliseconds per timed step of every stream
     * @param bytesPerStep   bytes this thread allocated per timed step
     * @param nrmse          next-step prediction error over the second half of the timed steps (NaN: no decoder)
     * @param anomaly        the mean raw anomaly score over the same steps (NaN: no temporal memory)
     */
    public record Measurement(String job, String unit, String network, Machinery machinery, String updater,
                              long parameters, int streams, int window, int timedSteps, double stepsPerSecond,
                              double msPerStep, double bytesPerStep, double nrmse, double anomaly) {
    }

    /**
     * @param lstmSize     the LSTM layer's units
     * @param measurements every measurement, row by row
     */
    public record Result(int lstmSize, List<Measurement> measurements) {

        /** The measurement of {@code network} on {@code machinery} in the row of {@code m}, or null. */
        public Measurement find(Measurement m, String network, Machinery machinery) {
            for (Measurement other : measurements) {
                if (other.job().equals(m.job()) && other.network().equals(network) && other.machinery() == machinery) {
                    return other;
                }
            }
            return null;
        }

        /** The engine's speed over DL4J's (Adam) for the same network and row; NaN where DL4J did not run it. */
        public double overDl4j(Measurement m) {
            Measurement dl4j = m.machinery() == Machinery.ENGINE ? find(m, m.network(), Machinery.DL4J) : null;
            return dl4j == null ? Double.NaN : m.stepsPerSecond() / dl4j.stepsPerSecond();
        }

        /** Row (e): DeepHTM's engine speed over htm.java's temporal memory's; NaN where htm.java did not run. */
        public double engineOverHtmJava() {
            for (Measurement h : measurements) {
                if (h.machinery() == Machinery.HTM_JAVA) {
                    for (Measurement m : measurements) {
                        if (m.job().equals(h.job()) && m.machinery() == Machinery.ENGINE) {
                            return m.stepsPerSecond() / h.stepsPerSecond();
                        }
                    }
                }
            }
            return Double.NaN;
        }

        /** DeepHTM's speed over the LSTM's in the same row; NaN for the LSTM and where it did not run. */
        public double overLstm(Measurement m) {
            if (m.network().equals(LSTM)) {
                return Double.NaN;
            }
            for (Measurement other : measurements) {
                if (other.job().equals(m.job()) && other.network().equals(LSTM)) {
                    return m.stepsPerSecond() / other.stepsPerSecond();
                }
            }
            return Double.NaN;
        }
    }

    /** The forum thread's network, the one the seed's speed was measured on. */
    static final String SEED = "seed";
    /** SeedNetwork's defaults (a scalar encoder, a fixed spatial pooler, the active cells to the decoder). */
    static final String DEFAULT = "default";
    static final String LSTM = "LSTM";

    /** One measurement to make. */
    private record Job(String name, String network, MultiLayerConfiguration conf, Machinery machinery,
                       Training training, int streams, int window, int warmup, int steps) {
    }

    private BenchExperiment() {
    }

    /**
     * Measures the table.
     *
     * @param progress told the number of steps run so far (of {@link #totalSteps})
     */
    public static Result run(Options o, LongConsumer progress) {
        long[] done = {0};
        LongConsumer tick = n -> progress.accept(done[0] += n);
        List<Measurement> rows = new ArrayList<>();
        for (Job job : jobs(o)) {
            System.gc(); // the previous network's arrays go before the next is timed (and before row (d)'s)
            rows.add(measure(job, o.period(), tick));
        }
        if (o.htmJava()) {
            System.gc();
            rows.add(measureHtmJava(o, tick));
        }
        return new Result(lstmSize(o), rows);
    }

    /** All steps {@link #run} will make, warm-up included, for a progress bar. */
    public static long totalSteps(Options o) {
        long total = 0;
        for (Job job : jobs(o)) {
            total += rounded(job.warmup(), job.window()) + rounded(job.steps(), job.window());
        }
        if (o.htmJava()) {
            total += 2L * (o.segmentSteps() / 3 + o.segmentSteps()); // recording the columns, then timing htm.java
        }
        return total;
    }

    private static int lstmSize(Options o) {
        return LSTM_NETWORK.sizeMatching(parameters(SeedNetwork.forumThread().seed(o.seed()).build()));
    }

    /** The table's measurements, in order: engine rows first in each row of the table, DL4J beside them. */
    private static List<Job> jobs(Options o) {
        int lstmSize = lstmSize(o);
        List<Job> jobs = new ArrayList<>();
        String a = "(a) 1 stream, window 1";
        for (Training.Updater u : Training.Updater.values()) {
            jobs.add(engine(a, seed(o, 1, u), u, 1, 1, o));
        }
        jobs.add(dl4j(a, SEED, seed(o, 1, Training.Updater.ADAM), Training.Updater.ADAM, 1, 1, o));
        MultiLayerConfiguration defaults = SeedNetwork.builder().seed(o.seed()).build();
        jobs.add(new Job(a, DEFAULT, defaults, Machinery.ENGINE, training(Machinery.ENGINE, Training.Updater.MIXED), 1,
                1, o.engineWarmup(), o.engineSteps()));
        jobs.add(dl4j(a, DEFAULT, defaults, Training.Updater.MIXED, 1, 1, o));
        jobs.add(dl4j(a, LSTM, LSTM_NETWORK.configuration(lstmSize, 1, o.seed()), Training.Updater.ADAM, 1, 1, o));
        for (int w : o.windows()) {
            String b = "(b) 1 stream, window " + w;
            jobs.add(engine(b, seed(o, w, Training.Updater.MIXED), Training.Updater.MIXED, 1, w, o));
            jobs.add(dl4j(b, SEED, seed(o, w, Training.Updater.ADAM), Training.Updater.ADAM, 1, w, o));
            jobs.add(dl4j(b, LSTM, LSTM_NETWORK.configuration(lstmSize, w, o.seed()), Training.Updater.ADAM, 1, w, o));
        }
        for (int w : List.of(1, o.streamWindow())) {
            String c = "(c) " + o.streams() + " streams, window " + w;
            int engineSteps = Math.max(2, o.engineSteps() / o.streams());
            jobs.add(new Job(c, SEED, seed(o, w, Training.Updater.MIXED), Machinery.ENGINE,
                    training(Machinery.ENGINE, Training.Updater.MIXED), o.streams(), w,
                    Math.max(1, o.engineWarmup() / o.streams()), engineSteps));
            if (w == o.streamWindow()) {
                jobs.add(dl4j(c, SEED, seed(o, w, Training.Updater.ADAM), Training.Updater.ADAM, o.streams(), w, o));
                jobs.add(dl4j(c, LSTM, LSTM_NETWORK.configuration(lstmSize, w, o.seed()), Training.Updater.ADAM,
                        o.streams(), w, o));
            }
        }
        if (o.htmCells() > 0) {
            String d = "(d) " + HTM_COLUMNS + " columns x " + o.htmCells() + " cells, window 1";
            String network = HTM_COLUMNS + " columns x " + o.htmCells() + " cells";
            SeedNetwork.Builder htm = SeedNetwork.forumThread().columns(HTM_COLUMNS).activeColumns(HTM_ACTIVE_COLUMNS)
                    .cellsPerColumn(o.htmCells()).seed(o.seed());
            jobs.add(new Job(d, network, htm.build(), Machinery.ENGINE,
                    training(Machinery.ENGINE, Training.Updater.MIXED), 1, 1, Math.max(1, o.htmSteps() / 6),
                    o.htmSteps()));
            jobs.add(new Job(d, network, htm.updater(new Adam(SeedNetwork.LEARNING_RATE)).build(), Machinery.DL4J,
                    training(Machinery.DL4J, Training.Updater.ADAM), 1, 1, 1, Math.max(2, o.htmSteps() / 10)));
        }
        if (o.segmentSteps() > 0) {
            String network = "default, " + HTM_COLUMNS + " x 32, segments";
            MultiLayerConfiguration segments = segments(o);
            jobs.add(new Job(SEGMENTS_ROW, network, segments, Machinery.ENGINE,
                    training(Machinery.ENGINE, Training.Updater.MIXED), 1, 1, o.segmentSteps() / 3, o.segmentSteps()));
            jobs.add(new Job(SEGMENTS_ROW, network, segments, Machinery.DL4J,
                    training(Machinery.DL4J, Training.Updater.MIXED), 1, 1, 1, 3));
        }
        return jobs;
    }

    static final String SEGMENTS_ROW = "(e) " + HTM_COLUMNS + " columns x 32 cells, segments, window 1";

    /** Row (e)'s network: the defaults with the segment memory at HTM's size. */
    private static MultiLayerConfiguration segments(Options o) {
        return SeedNetwork.builder().columns(HTM_COLUMNS).activeColumns(HTM_ACTIVE_COLUMNS).cellsPerColumn(32)
                .connectivity(TemporalMemory.Connectivity.SEGMENTS).seed(o.seed()).build();
    }

    /**
     * htm.java's temporal memory in row (e), on the active columns DeepHTM's spatial pooler gives
     * the row's sine (recorded first, untimed, from a run of the row's network): the same warm-up
     * and timed steps, one learning step each, no encoder, pooler or decoder to time.
     */
    private static Measurement measureHtmJava(Options o, LongConsumer tick) {
        int warmup = o.segmentSteps() / 3;
        int total = warmup + o.segmentSteps();
        List<int[]> columns = new ArrayList<>(total);
        MultiLayerNetwork net = new MultiLayerNetwork(segments(o));
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        learner.addListener(step -> columns.add(step.memory().activeColumns(0).indices()));
        float[] x = new float[1];
        for (int t = 0; t < total; t++) {
            x[0] = (float) Math.sin(2 * Math.PI * t / o.period());
            learner.step(x, x);
        }
        tick.accept(total);

        ReferenceMemory memory = ReferenceMemory.htmJava(HTM_COLUMNS, 32, o.seed());
        int scoredFrom = warmup + o.segmentSteps() / 2;
        double anomaly = 0;
        Timer timer = new Timer();
        for (int step = 0; step < total; step++) {
            if (step == warmup) {
                timer.restart();
            }
            memory.compute(columns.get(step));
            if (step >= scoredFrom) {
                anomaly += memory.anomaly();
            }
        }
        double seconds = timer.seconds();
        double bytes = timer.bytes();
        tick.accept(total);
        int steps = o.segmentSteps();
        return new Measurement(SEGMENTS_ROW, "steps/s", "TM alone, " + HTM_COLUMNS + " x 32", Machinery.HTM_JAVA,
                "HTM rule", memory.synapses(), 1, 1, steps, steps / seconds, 1000 * seconds / steps, bytes / steps,
                Double.NaN, anomaly / (total - scoredFrom));
    }

    private static MultiLayerConfiguration seed(Options o, int window, Training.Updater updater) {
        return training(Machinery.ENGINE, updater).configure(SeedNetwork.forumThread().window(window).seed(o.seed()))
                .build();
    }

    private static Training training(Machinery machinery, Training.Updater updater) {
        return new Training(machinery == Machinery.ENGINE ? OnlineLearner.Engine.FAST : OnlineLearner.Engine.DL4J,
                updater, SeedNetwork.LEARNING_RATE);
    }

    private static Job engine(String row, MultiLayerConfiguration conf, Training.Updater updater, int streams,
            int window, Options o) {
        return new Job(row, SEED, conf, Machinery.ENGINE, training(Machinery.ENGINE, updater), streams, window,
                o.engineWarmup(), o.engineSteps());
    }

    private static Job dl4j(String row, String network, MultiLayerConfiguration conf, Training.Updater updater,
            int streams, int window, Options o) {
        return new Job(row, network, conf, Machinery.DL4J, training(Machinery.DL4J, updater), streams, window,
                o.dl4jWarmup(), o.dl4jSteps());
    }

    /**
     * Streams phase-shifted sines through a fresh network, predicting the next value at each step:
     * {@code x_t[s] = sin(2 pi t / period + 2 pi s / streams)}.
     */
    private static Measurement measure(Job job, int period, LongConsumer tick) {
        MultiLayerNetwork net = new MultiLayerNetwork(job.conf());
        net.init();
        int streams = job.streams();
        OnlineLearner learner = new OnlineLearner(net, 1, job.window(), job.training().engine());
        int warmup = rounded(job.warmup(), job.window());
        int steps = rounded(job.steps(), job.window());
        int total = warmup + steps;
        int scoredFrom = warmup + steps / 2;
        float[] x = new float[streams];
        double squaredError = 0;
        double anomaly = 0;
        double sum = 0;
        double sumOfSquares = 0;
        long scored = 0;
        Timer timer = new Timer();
        for (int t = 0; t < total; t++) {
            if (t == warmup) {
                timer.restart();
            }
            for (int s = 0; s < streams; s++) {
                x[s] = (float) Math.sin(2 * Math.PI * t / period + 2 * Math.PI * s / streams);
            }
            if (t >= scoredFrom) { // the prediction made at t - 1 for this step
                float[] predicted = learner.prediction();
                for (int s = 0; s < streams; s++) {
                    double e = predicted[s] - x[s];
                    squaredError += e * e;
                    sum += x[s];
                    sumOfSquares += x[s] * x[s];
                    anomaly += learner.anomaly(s);
                    scored++;
                }
            }
            learner.step(x, x);
            if (t % 50 == 49) {
                tick.accept(50);
            }
        }
        double seconds = timer.seconds();
        double bytes = timer.bytes();
        tick.accept(total % 50);
        double mean = sum / scored;
        double variance = sumOfSquares / scored - mean * mean;
        return new Measurement(job.name(), streams > 1 ? "example-steps/s" : "steps/s", job.network(),
                job.machinery(), job.training().updater().cliName(), net.numParams(), streams, job.window(), steps,
                (double) steps * streams / seconds, 1000 * seconds / steps, bytes / steps,
                Math.sqrt(squaredError / scored / variance), anomaly / scored);
    }

    /**
     * Writes the table as JSON: the environment, the options, and per measurement the row, the
     * network, the machinery, the speed, the allocation, the NRMSE and the ratios.
     *
     * @param environment one line on the JVM, backend and threads the numbers come from
     */
    public static Path writeJson(Path file, Options o, Result r, String environment) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", LocalDate.now().toString());
        json.put("environment", environment);
        json.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        json.put("cores", Runtime.getRuntime().availableProcessors());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("engine_steps", o.engineSteps());
        options.put("engine_warmup", o.engineWarmup());
        options.put("dl4j_steps", o.dl4jSteps());
        options.put("dl4j_warmup", o.dl4jWarmup());
        options.put("windows", o.windows());
        options.put("streams", o.streams());
        options.put("stream_window", o.streamWindow());
        options.put("htm_cells", o.htmCells());
        options.put("segment_steps", o.segmentSteps());
        options.put("htm_java", o.htmJava());
        options.put("period", o.period());
        options.put("seed", o.seed());
        json.put("options", options);
        json.put("lstm_size", r.lstmSize());
        json.put("engine_over_htm_java", finite(r.engineOverHtmJava()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Measurement m : r.measurements()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("row", m.job());
            line.put("unit", m.unit());
            line.put("network", m.network());
            line.put("machinery", m.machinery().label());
            line.put("updater", m.updater());
            line.put("parameters", m.parameters());
            line.put("streams", m.streams());
            line.put("window", m.window());
            line.put("timed_steps", m.timedSteps());
            line.put("steps_per_second", m.stepsPerSecond());
            line.put("ms_per_step", m.msPerStep());
            line.put("bytes_per_step", m.bytesPerStep());
            line.put("nrmse", finite(m.nrmse()));
            line.put("anomaly", finite(m.anomaly()));
            line.put("engine_over_dl4j", finite(r.overDl4j(m)));
            line.put("over_lstm", finite(r.overLstm(m)));
            rows.add(line);
        }
        json.put("measurements", rows);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        return file;
    }

    /**
     * Draws the table's speeds on a logarithmic axis: per row, the seed network on the
     * engine (its default updaters), through DL4J, and the LSTM (the forum thread's network).
     */
    public static Path writeChart(Path file, Result r) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Measurement m : r.measurements()) {
            if (!rows.contains(m.job())) {
                rows.add(m.job());
            }
        }
        double[] engine = new double[rows.size()];
        double[] dl4j = new double[rows.size()];
        double[] lstm = new double[rows.size()];
        java.util.Arrays.fill(engine, Double.NaN);
        java.util.Arrays.fill(dl4j, Double.NaN);
        java.util.Arrays.fill(lstm, Double.NaN);
        String mixed = Training.Updater.MIXED.cliName();
        for (Measurement m : r.measurements()) {
            int i = rows.indexOf(m.job());
            if (m.network().equals(LSTM)) {
                lstm[i] = m.stepsPerSecond();
            } else if (m.machinery() == Machinery.DL4J && !m.network().equals(DEFAULT)) {
                dl4j[i] = m.stepsPerSecond();
            } else if (m.updater().equals(mixed) && !m.network().equals(DEFAULT)) {
                engine[i] = m.stepsPerSecond();
            }
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("DeepHTM on the online engine", engine);
        series.put("DeepHTM through DL4J", dl4j);
        series.put("LSTM through DL4J", lstm);
        return Plots.logPoints(file, "Online learning speed (steps/s, example-steps/s for several streams)",
                "steps per second", rows, series);
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static long parameters(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net.numParams();
    }

    /** Wall-clock time and the bytes this thread allocated since the last {@link #restart}. */
    private static final class Timer {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long thread = Thread.currentThread().getId();
        private long start;
        private long allocatedBefore;

        Timer() {
            restart();
        }

        void restart() {
            start = System.nanoTime();
            allocatedBefore = threads.getThreadAllocatedBytes(thread);
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        double bytes() {
            return threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        }
    }

    private static int rounded(int steps, int window) {
        return (steps + window - 1) / window * window;
    }
}
