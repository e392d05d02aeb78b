package org.deephtm.examples.bench;

import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Training speed of online learning, DeepHTM's seed network against an LSTM network of about the
 * same parameter count, both on the same sine stream through the same {@link OnlineLearner}.
 *
 * <pre>
 *   (a) online     window 1: one weight update per step, 1 stream             steps/s
 *   (b) windowed   window W: one update per W steps (state carried), 1 stream  steps/s
 *   (c) streams    64 phase-shifted sines as one minibatch, window W         example-steps/s
 * </pre>
 *
 * Each cell of the table is a fresh network that first runs {@code warmup} steps (JIT, SameDiff
 * graph building, first allocations), then {@code steps} timed steps: a prediction every step and
 * a training pass at the end of every window, as a stream would run. Beside each speed stands the
 * NRMSE (RMSE / standard deviation of the truth) of the next-step predictions over the second half
 * of the timed steps, so that a speed is never read without the accuracy it came with. After the
 * run, the same network makes prediction-only steps ({@code rnnTimeStep}), which splits a step's
 * time into prediction and training.
 *
 * <p>What you will see: per step, DL4J's fixed cost per call dominates at window 1 for both
 * networks; windows and streams spread it over more steps. The NRMSE says what a shorter training
 * run (fewer updates) costs in accuracy at the same number of steps.
 */
public final class BenchExperiment {

    /**
     * @param steps        timed steps per measurement of rows (a) and (b) (rounded up to a whole
     *                     number of windows)
     * @param warmup       untimed steps before them (likewise rounded up)
     * @param windows      the windows of row (b)
     * @param streams      streams of row (c)
     * @param streamWindow window of row (c)
     * @param streamSteps  timed steps of row (c), each one step of every stream; its warm-up is two
     *                     windows
     * @param period       steps per period of the sine
     * @param seed         network initialisation seed
     */
    public record Options(int steps, int warmup, List<Integer> windows, int streams, int streamWindow,
                          int streamSteps, int period, long seed) {

        public Options {
            windows = List.copyOf(windows);
            if (steps < 2 || warmup < 1 || streamSteps < 2) {
                throw new IllegalArgumentException("steps must be >= 2, warmup >= 1 and stream steps >= 2, got "
                        + steps + ", " + warmup + " and " + streamSteps);
            }
            if (windows.stream().anyMatch(w -> w < 2) || streamWindow < 1) {
                throw new IllegalArgumentException("windows must be >= 2 (window 1 is row (a)), got " + windows
                        + ", and the streams' window >= 1, got " + streamWindow);
            }
            if (streams < 2) {
                throw new IllegalArgumentException("streams must be >= 2, got " + streams);
            }
            if (period < 2) {
                throw new IllegalArgumentException("period must be >= 2, got " + period);
            }
        }

        /**
         * 1500 timed steps after 200 of warm-up; windows 8 and 32; 64 streams with window 32, 320
         * timed steps (20,480 example-steps); a sine of period 20. About ten minutes on two cores.
         */
        public static Options defaults() {
            return new Options(1500, 200, List.of(8, 32), 64, 32, 320, 20, 12345);
        }

        /** The same table in a minute or two: 96 timed steps after 64 of warm-up, 64 for the streams. */
        public static Options quick() {
            Options d = defaults();
            return new Options(96, 64, d.windows(), d.streams(), d.streamWindow(), 64, d.period(), d.seed());
        }
    }

    /**
     * @param stepsPerSecond timed steps per second (example-steps for several streams), wall clock
     * @param nrmse          next-step prediction error over the second half of the timed steps
     * @param steps          timed steps
     * @param stepMillis     milliseconds per timed step (one step of every stream), prediction and
     *                       training together
     * @param predictMillis  milliseconds of the prediction alone ({@code rnnTimeStep}), timed on the
     *                       same network after the run; the rest of {@code stepMillis} is training
     */
    public record Measurement(double stepsPerSecond, double nrmse, int steps, double stepMillis,
                              double predictMillis) {
    }

    /** One line of the table: the same job for both networks. */
    public record Row(String name, int window, int streams, String unit, Measurement deephtm, Measurement lstm) {

        /** DeepHTM's speed over the LSTM's. */
        public double ratio() {
            return deephtm.stepsPerSecond() / lstm.stepsPerSecond();
        }
    }

    /**
     * @param deephtmParameters the seed network's parameter count
     * @param lstmParameters    the LSTM network's
     * @param lstmSize          the LSTM layer's units
     */
    public record Result(long deephtmParameters, long lstmParameters, int lstmSize, List<Row> rows) {
    }

    /** Prediction-only steps timed after each run. */
    private static final int PREDICTION_STEPS = 200;

    /** One measurement's setting: the row's name, window, streams, warm-up and timed steps. */
    private record Job(String name, int window, int streams, int warmup, int steps) {
    }

    private BenchExperiment() {
    }

    /**
     * Measures the table.
     *
     * @param progress told the number of steps run so far (of {@link #totalSteps})
     */
    public static Result run(Options o, LongConsumer progress) {
        // 1. The two networks' sizes: the seed network as built, an LSTM sized to match its parameter count.
        long deephtmParameters = parameters(SeedNetwork.builder().seed(o.seed()).build());
        int lstmSize = LstmNetwork.sizeMatching(deephtmParameters);
        long lstmParameters = parameters(LstmNetwork.configuration(lstmSize, 1, o.seed()));

        // 2. The rows: (a) every step, (b) windows, (c) many streams in one minibatch.
        List<Job> jobs = new ArrayList<>();
        jobs.add(new Job("(a) online, window 1", 1, 1, o.warmup(), o.steps()));
        o.windows().forEach(w -> jobs.add(new Job("(b) windowed, window " + w, w, 1, o.warmup(), o.steps())));
        jobs.add(new Job("(c) " + o.streams() + " streams, window " + o.streamWindow(), o.streamWindow(),
                o.streams(), 2 * o.streamWindow(), o.streamSteps()));

        // 3. Each row, DeepHTM then the LSTM, each a fresh network on the same stream.
        long[] done = {0};
        LongConsumer tick = n -> progress.accept(done[0] += n);
        List<Row> rows = new ArrayList<>();
        for (Job job : jobs) {
            Measurement deephtm = measure(SeedNetwork.builder().window(job.window()).seed(o.seed()).build(), job,
                    o.period(), tick);
            Measurement lstm = measure(LstmNetwork.configuration(lstmSize, job.window(), o.seed()), job, o.period(),
                    tick);
            rows.add(new Row(job.name(), job.window(), job.streams(),
                    job.streams() > 1 ? "example-steps/s" : "steps/s", deephtm, lstm));
        }
        return new Result(deephtmParameters, lstmParameters, lstmSize, rows);
    }

    /** All steps {@link #run} will make, warm-up included, for a progress bar. */
    public static long totalSteps(Options o) {
        long total = 2L * (rounded(o.warmup(), 1) + rounded(o.steps(), 1));
        for (int w : o.windows()) {
            total += 2L * (rounded(o.warmup(), w) + rounded(o.steps(), w));
        }
        return total + 2L * (2L * o.streamWindow() + rounded(o.streamSteps(), o.streamWindow()));
    }

    /**
     * Streams phase-shifted sines through a fresh network, predicting the next value at each step:
     * {@code x_t[s] = sin(2 pi t / period + 2 pi s / streams)}.
     */
    private static Measurement measure(MultiLayerConfiguration conf, Job job, int period, LongConsumer tick) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int streams = job.streams();
        OnlineLearner learner = new OnlineLearner(net, 1, job.window());
        INDArray phases = Nd4j.arange(streams).castTo(DataType.FLOAT).reshape(streams, 1)
                .muli(2 * Math.PI / streams);
        int warmup = rounded(job.warmup(), job.window());
        int steps = rounded(job.steps(), job.window());
        int total = warmup + steps;
        int scoredFrom = warmup + steps / 2;
        List<INDArray> predictions = new ArrayList<>(); // made at t-1 for t, t = scoredFrom .. total-1
        long start = System.nanoTime();
        for (int t = 0; t < total; t++) {
            if (t == warmup) {
                start = System.nanoTime();
            }
            INDArray x = Transforms.sin(phases.add(2 * Math.PI * t / period));
            OnlineLearner.Step step = learner.step(x, x);
            if (t + 1 >= scoredFrom && t + 1 < total) {
                predictions.add(step.prediction().dup());
            }
            if (t % 50 == 49) {
                tick.accept(50);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        tick.accept(total % 50);

        int predictionSteps = Math.min(steps, PREDICTION_STEPS);
        long predictStart = System.nanoTime();
        for (int t = total; t < total + predictionSteps; t++) {
            net.rnnTimeStep(Transforms.sin(phases.add(2 * Math.PI * t / period)));
        }
        double predictMillis = (System.nanoTime() - predictStart) / 1e6 / predictionSteps;

        INDArray predicted = Nd4j.hstack(predictions.toArray(new INDArray[0])); // [streams, scored]
        INDArray times = Nd4j.arange(scoredFrom, total).castTo(DataType.FLOAT).reshape(1, total - scoredFrom)
                .muli(2 * Math.PI / period);
        INDArray truth = Transforms.sin(times.repmat(streams, 1).addiColumnVector(phases));
        double mse = Transforms.pow(predicted.sub(truth), 2).meanNumber().doubleValue();
        double mean = truth.meanNumber().doubleValue();
        double variance = truth.mul(truth).meanNumber().doubleValue() - mean * mean;
        return new Measurement((double) steps * streams / seconds, Math.sqrt(mse / variance), steps,
                1000 * seconds / steps, predictMillis);
    }

    /**
     * Writes the table as JSON: the environment, the options, both networks' sizes, and per row
     * the speed and NRMSE of each network and the ratio.
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
        options.put("steps", o.steps());
        options.put("warmup", o.warmup());
        options.put("windows", o.windows());
        options.put("streams", o.streams());
        options.put("stream_window", o.streamWindow());
        options.put("stream_steps", o.streamSteps());
        options.put("period", o.period());
        options.put("seed", o.seed());
        json.put("options", options);
        json.put("deephtm_parameters", r.deephtmParameters());
        json.put("lstm_parameters", r.lstmParameters());
        json.put("lstm_size", r.lstmSize());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", row.name());
            line.put("window", row.window());
            line.put("streams", row.streams());
            line.put("unit", row.unit());
            line.put("deephtm", measurement(row.deephtm()));
            line.put("lstm", measurement(row.lstm()));
            line.put("ratio", row.ratio());
            rows.add(line);
        }
        json.put("rows", rows);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        return file;
    }

    private static Map<String, Object> measurement(Measurement m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("steps_per_second", m.stepsPerSecond());
        json.put("nrmse", m.nrmse());
        json.put("timed_steps", m.steps());
        json.put("ms_per_step", m.stepMillis());
        json.put("prediction_ms_per_step", m.predictMillis());
        return json;
    }

    private static long parameters(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net.numParams();
    }

    private static int rounded(int steps, int window) {
        return (steps + window - 1) / window * window;
    }
}
