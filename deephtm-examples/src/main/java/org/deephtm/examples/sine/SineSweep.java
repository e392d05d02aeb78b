package org.deephtm.examples.sine;

import org.deephtm.examples.metrics.Errors;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The sweep behind SeedNetwork's defaults: the seed experiment (a sine, learned online every step
 * on the engine) for the defaults, the forum thread's network, and the defaults with one setting
 * changed back at a time, over several periods and seeds.
 *
 * <p>Per run: the NRMSE of the next-step predictions over the last 1000 steps and over steps
 * 900-1000 (how soon the wave is learned), and the mean anomaly score over the last 1000 steps.
 * Per variant: their mean and worst over the runs, and the mean speed.
 */
public final class SineSweep {

    /**
     * @param name    what the variant is
     * @param network its network
     */
    public record Variant(String name, Supplier<SeedNetwork.Builder> network) {
    }

    /** The defaults, the forum thread's network, and one change of the defaults at a time. */
    public static List<Variant> variants() {
        return List.of(
                new Variant("defaults", SeedNetwork::builder),
                new Variant("forum thread's network", SeedNetwork::forumThread),
                new Variant("dense encoder (forum's)", () -> SeedNetwork.builder().encoder(SeedNetwork.Encoder.DENSE)),
                new Variant("spatial pooler learns (Adam)", () -> SeedNetwork.builder().spatialPoolerLearning(true)),
                new Variant("boosting 1", () -> SeedNetwork.builder().boostStrength(1)),
                new Variant("predicted cells to the decoder", () -> SeedNetwork.builder()
                        .memoryOutput(TemporalMemory.Output.PREDICTIVE)),
                new Variant("column loss 1", () -> SeedNetwork.builder().columnPredictionLoss(1)),
                new Variant("memory at 1e-3", () -> SeedNetwork.builder().memoryRateFactor(1)),
                new Variant("binary cells", () -> SeedNetwork.builder().cells(TemporalMemory.Cells.BINARY)),
                new Variant("exact Adam everywhere", () -> SeedNetwork.builder()
                        .updater(new Adam(SeedNetwork.LEARNING_RATE))));
    }

    /**
     * @param steps   stream length, &gt;= 2000
     * @param periods the waves' periods
     * @param seeds   the networks' seeds
     */
    public record Options(int steps, List<Integer> periods, List<Long> seeds) {
        public Options {
            periods = List.copyOf(periods);
            seeds = List.copyOf(seeds);
            if (steps < 2000) {
                throw new IllegalArgumentException("steps must be >= 2000 (the scores read steps 900-1000 and the "
                        + "last 1000), got " + steps);
            }
            if (periods.isEmpty() || seeds.isEmpty() || periods.stream().anyMatch(p -> p < 2)) {
                throw new IllegalArgumentException("give periods >= 2 and at least one seed, got " + periods + " and "
                        + seeds);
            }
        }

        /** 10,000 steps, periods 13, 20, 25 and 30, seeds 1, 2 and 12345. */
        public static Options defaults() {
            return new Options(10_000, List.of(13, 20, 25, 30), List.of(1L, 2L, 12345L));
        }
    }

    /** One run's scores. */
    public record Run(int period, long seed, double nrmse, double earlyNrmse, double anomaly, double stepsPerSecond) {
    }

    /** A variant's runs and their summary. */
    public record Row(Variant variant, List<Run> runs) {

        public double meanNrmse() {
            return runs.stream().mapToDouble(Run::nrmse).average().orElse(Double.NaN);
        }

        public double worstNrmse() {
            return runs.stream().mapToDouble(Run::nrmse).max().orElse(Double.NaN);
        }

        public double meanEarlyNrmse() {
            return runs.stream().mapToDouble(Run::earlyNrmse).average().orElse(Double.NaN);
        }

        public double worstEarlyNrmse() {
            return runs.stream().mapToDouble(Run::earlyNrmse).max().orElse(Double.NaN);
        }

        public double meanAnomaly() {
            return runs.stream().mapToDouble(Run::anomaly).average().orElse(Double.NaN);
        }

        public double worstAnomaly() {
            return runs.stream().mapToDouble(Run::anomaly).max().orElse(Double.NaN);
        }

        public double stepsPerSecond() {
            return runs.stream().mapToDouble(Run::stepsPerSecond).average().orElse(Double.NaN);
        }
    }

    private SineSweep() {
    }

    /** Runs every variant on every period and seed; {@code progress} is told the runs done. */
    public static List<Row> run(Options o, List<Variant> variants, LongConsumer progress) {
        List<Row> rows = new ArrayList<>();
        long done = 0;
        for (Variant v : variants) {
            List<Run> runs = new ArrayList<>();
            for (int period : o.periods()) {
                for (long seed : o.seeds()) {
                    runs.add(run(v.network().get().seed(seed), seed, period, o.steps()));
                    progress.accept(++done);
                }
            }
            rows.add(new Row(v, runs));
        }
        return rows;
    }

    /** The rows as a markdown table, under a line saying what ran ({@code environment}: the machine). */
    public static String table(Options o, List<Row> rows, String environment) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Sine, %,d steps learning every step, periods %s, seeds %s (%s)%n%n",
                o.steps(), o.periods(), o.seeds(), environment));
        t.append("| variant | NRMSE, last 1000 steps: mean | worst | NRMSE, steps 900-1000: mean | worst "
                + "| anomaly, last 1000: mean | worst | steps/s |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            t.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f | %,.0f |%n",
                    r.variant().name(), r.meanNrmse(), r.worstNrmse(), r.meanEarlyNrmse(), r.worstEarlyNrmse(),
                    r.meanAnomaly(), r.worstAnomaly(), r.stepsPerSecond()));
        }
        return t.toString();
    }

    /** The seed experiment with one network: a sine of {@code period}, the next value predicted and learned every step. */
    static Run run(SeedNetwork.Builder network, long seed, int period, int steps) {
        MultiLayerNetwork net = new MultiLayerNetwork(network.build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        double[] truth = new double[steps];
        double[] prediction = new double[steps];
        double anomaly = 0;
        float[] x = new float[1];
        long start = System.nanoTime();
        for (int t = 0; t < steps; t++) {
            truth[t] = Math.sin(2 * Math.PI * t / period);
            x[0] = (float) truth[t];
            learner.step(x, x);
            if (t + 1 < steps) {
                prediction[t + 1] = learner.prediction()[0];
            }
            if (t >= steps - 1000) {
                anomaly += learner.anomaly(0) / 1000;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(period, seed, nrmse(truth, prediction, steps - 1000, steps),
                nrmse(truth, prediction, 900, 1000), anomaly, steps / seconds);
    }

    /** The NRMSE over steps [from, to). */
    private static double nrmse(double[] truth, double[] prediction, int from, int to) {
        return Errors.nrmse(Arrays.copyOfRange(truth, from, to), Arrays.copyOfRange(prediction, from, to), 0);
    }
}
