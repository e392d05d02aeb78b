package org.deephtm.examples.sine;

import org.deephtm.examples.metrics.Errors;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.plot.Plots;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The experiment of the DeepHTM forum thread: the seed network learns a sine wave online, one
 * step at a time, predicting the next value.
 *
 * <p>What you will see: for the first few hundred steps the prediction is flat or lags the wave;
 * as the encoder, spatial pooler and temporal memory learn, it locks onto the wave, and the
 * temporal memory's anomaly score falls as the sequence becomes predictable. A network that only
 * sees the current value cannot beat predicting the last value (on a sine both errors are about
 * the phase step); beating that baseline needs the context the temporal memory's cells carry
 * (rising or falling).
 */
public final class SineExperiment {

    /**
     * @param steps        stream length
     * @param period       steps per period of the sine wave
     * @param network      the seed network: sizes, window (steps per training pass, 1 learns every step), seed
     * @param training     engine, optimizer and learning rate
     * @param outputDir    where the PNGs go
     */
    public record Options(int steps, int period, SeedNetwork.Builder network, Training training, Path outputDir) {
        public Options {
            if (period < 2) {
                throw new IllegalArgumentException("period must be >= 2 steps, got " + period);
            }
            if (steps < 2 * period + 1) {
                throw new IllegalArgumentException("--steps must be at least two periods and one step (" + (2 * period + 1)
                        + " for period " + period + "), so that the scored steps cover a whole wave, got " + steps);
            }
            network = network.copy();
        }

        /** A copy of the network's options. */
        @Override
        public SeedNetwork.Builder network() {
            return network.copy();
        }
    }

    /**
     * @param nrmse          RMSE / std of the truth over the last {@link #scoredSteps} steps
     * @param baselineNrmse  the same for predicting the last value
     * @param meanAnomaly    mean anomaly score over the last period
     * @param stepsPerSecond training and prediction steps per second, wall clock
     * @param network        the network that ran ({@link SeedNetwork.Builder#describe()})
     * @param parameters     its parameter count
     * @param path           which machinery ran the steps ({@link OnlineLearner#path()})
     * @param plots          the PNGs written
     */
    public record Result(double nrmse, double baselineNrmse, int scoredSteps, double meanAnomaly,
                         double stepsPerSecond, String network, long parameters, String path, List<Path> plots) {
    }

    private SineExperiment() {
    }

    /** Runs the experiment with nobody watching. */
    public static Result run(Options o, LongConsumer progress) throws IOException {
        return run(o, progress, RunWatch.NONE);
    }

    /** What a watcher is shown at each step: the wave, the prediction made for it, the anomaly score. */
    public static RunLayout layout(Options o) {
        return new RunLayout("sine: the seed network learns a sine wave of period " + o.period(),
                List.of("truth", "prediction", "anomaly"),
                List.of(RunLayout.Chart.recent("The wave and the prediction for each step", 10 * o.period(),
                                RunLayout.Line.value("truth"), RunLayout.Line.value("prediction")),
                        RunLayout.Chart.recent("Anomaly score", 20 * o.period(), RunLayout.Line.value("anomaly"),
                                RunLayout.Line.movingMean("mean of the last " + o.period(), "anomaly", o.period())),
                        RunLayout.Chart.of("Running error", RunLayout.Line.movingRmse("RMSE of the last 100 steps",
                                "prediction", "truth", 100))));
    }

    /**
     * Runs the experiment.
     *
     * @param progress told the number of steps done, now and then
     * @param watch    shown each step ({@link #layout}) and the memory; {@link RunWatch#NONE} for nobody
     */
    public static Result run(Options o, LongConsumer progress, RunWatch watch) throws IOException {
        // 1. The seed network, trained in windows of network.window() steps.
        SeedNetwork.Builder network = o.training().configure(o.network().inputs(1).outputs(1));
        MultiLayerNetwork net = new MultiLayerNetwork(network.build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, network.window(), o.training().engine());
        watch.begin(layout(o));
        watch.memoryListener().ifPresent(learner::addListener);

        // 2. The stream: one sine value per step; each step predicts the next one.
        double[] truth = new double[o.steps()];
        double[] prediction = new double[o.steps()]; // prediction[t]: made at t-1 for step t
        double[] anomaly = new double[o.steps()];
        prediction[0] = Double.NaN;
        float[] value = new float[1];
        progress.accept(0); // the timed loop starts: a progress bar's clock starts with it
        double[] watched = new double[3];
        long start = System.nanoTime();
        for (int t = 0; t < o.steps(); t++) {
            truth[t] = Math.sin(2 * Math.PI * t / o.period());
            value[0] = (float) truth[t];
            learner.step(value, value);
            anomaly[t] = learner.anomaly(0);
            if (t + 1 < o.steps()) {
                prediction[t + 1] = learner.prediction()[0];
            }
            watched[0] = truth[t];
            watched[1] = prediction[t];
            watched[2] = anomaly[t];
            watch.stepped(t, watched);
            if (t % 100 == 99) {
                progress.accept(t + 1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(o.steps());

        // 3. Scores over the last 1000 steps (or all but the first).
        int scored = Math.min(1000, o.steps() - 1);
        int from = o.steps() - scored;
        double nrmse = Errors.nrmse(truth, prediction, from);
        double baseline = Errors.nrmse(truth, Errors.lastValue(truth), from);
        double meanAnomaly = mean(anomaly, Math.max(0, o.steps() - o.period()), o.steps());

        // 4. The seed's figure: the start, around step 4000, and the end.
        List<Path> plots = new ArrayList<>();
        plots.add(plot(o, truth, prediction, 0, Math.min(1000, o.steps()), "sine-steps-0-1000.png"));
        if (o.steps() >= 4100) {
            plots.add(plot(o, truth, prediction, 3900, 4100, "sine-around-4000.png"));
        }
        plots.add(plot(o, truth, prediction, Math.max(0, o.steps() - 200), o.steps(),
                "sine-last-200-steps.png"));
        plots.add(anomalyPlot(o, anomaly));
        return new Result(nrmse, baseline, scored, meanAnomaly, o.steps() / seconds, network.describe(),
                net.numParams(), learner.path(), plots);
    }

    private static Path plot(Options o, double[] truth, double[] prediction, int from, int to, String file)
            throws IOException {
        double[] x = new double[to - from];
        Map<String, double[]> series = new LinkedHashMap<>();
        double[] t = new double[to - from];
        double[] p = new double[to - from];
        for (int i = from; i < to; i++) {
            x[i - from] = i;
            t[i - from] = truth[i];
            p[i - from] = prediction[i];
        }
        series.put("truth", t);
        series.put("prediction", p);
        return Plots.lines(o.outputDir().resolve(file), "Sine, steps " + from + "-" + to, "step", "value", x,
                series);
    }

    private static Path anomalyPlot(Options o, double[] anomaly) throws IOException {
        double[] x = new double[anomaly.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Plots.lines(o.outputDir().resolve("sine-anomaly.png"), "Temporal memory anomaly score", "step",
                "anomaly", x, Map.of("anomaly score, moving average over " + o.period() + " steps (one period)",
                Errors.movingAverage(anomaly, o.period())));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
