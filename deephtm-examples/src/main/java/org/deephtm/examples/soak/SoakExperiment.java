package org.deephtm.examples.soak;

import org.bytedeco.javacpp.Pointer;
import org.deephtm.examples.csv.AtomicFiles;
import org.deephtm.examples.plot.Plots;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * A long stream through the online engine, learning every step, watched for what goes wrong only
 * after hours: non-finite values, error creeping up (decimal cell states drifting), memory growing,
 * steps slowing down.
 *
 * <p>The stream repeats one block of {@code block} steps, so that blocks compare like with like:
 * <pre>
 *   first 60 %:  A = 0.8 sin(2 pi t / 20)                           + noise
 *   next 20 %:   B = 0.5 sin(2 pi t / 33) + 0.3 sin(2 pi t / 7)     + noise     (a change of pattern)
 *   last 20 %:   A again                                                        (and back)
 *   noise: Gaussian, standard deviation 0.02 (two thirds of the scalar encoder's bucket)
 * </pre>
 * Per block: the NRMSE of the next-step predictions, the mean anomaly score over the last tenth
 * of the first A stretch (the learned pattern), counts of non-finite predictions, scores and
 * weights, heap in use after a collection, JavaCPP's native bytes and the process's resident
 * memory, and steps/s.
 */
public final class SoakExperiment {

    /**
     * @param steps     stream length, a multiple of {@code block}
     * @param block     steps per report, &gt;= 1000
     * @param seed      network and noise seed
     * @param outputDir where the CSV and the plot go
     */
    public record Options(long steps, int block, long seed, Path outputDir) {
        public Options {
            if (block < 1000) {
                throw new IllegalArgumentException("--block must be >= 1000 steps, got " + block);
            }
            if (steps < 2L * block || steps % block != 0) {
                throw new IllegalArgumentException("--steps must be a multiple of --block (" + block + ") and at least "
                        + "two blocks, got " + steps);
            }
        }
    }

    /**
     * One block's figures.
     *
     * @param endStep        the last step of the block, exclusive
     * @param nrmse          next-step NRMSE over the block
     * @param lastValueNrmse the NRMSE of predicting the last value, the baseline
     * @param learnedAnomaly mean anomaly score on the learned pattern (end of the first A stretch)
     * @param nonFinite      non-finite predictions and anomaly scores in the block, plus non-finite weights at its end
     * @param heapBytes      heap in use after a collection
     * @param nativeBytes    JavaCPP's allocated native bytes
     * @param residentBytes  the process's resident set (0 where /proc is missing)
     * @param stepsPerSecond the block's speed
     */
    public record Block(long endStep, double nrmse, double lastValueNrmse, double learnedAnomaly, long nonFinite, long heapBytes,
            long nativeBytes, long residentBytes, double stepsPerSecond) {
    }

    public record Result(List<Block> blocks, Path csv, Path plot) {

        public long nonFinite() {
            return blocks.stream().mapToLong(Block::nonFinite).sum();
        }

        /** The last block's NRMSE over the second's (the first holds the initial learning). */
        public double lastOverSecondNrmse() {
            return blocks.get(blocks.size() - 1).nrmse() / blocks.get(1).nrmse();
        }
    }

    /** The noise's standard deviation. */
    static final double NOISE = 0.02;

    private SoakExperiment() {
    }

    /** The value at step t of the stream, without its noise. */
    static double pattern(long t, int block) {
        long phase = t % block;
        boolean b = phase >= 0.6 * block && phase < 0.8 * block;
        return b ? 0.5 * Math.sin(2 * Math.PI * t / 33) + 0.3 * Math.sin(2 * Math.PI * t / 7)
                : 0.8 * Math.sin(2 * Math.PI * t / 20);
    }

    public static Result run(Options o, LongConsumer progress) throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().seed(o.seed()).build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        Random noise = new Random(o.seed());
        List<Block> blocks = new ArrayList<>();
        float[] x = new float[1];
        double predicted = Double.NaN;
        double previous = Double.NaN;
        int learnedFrom = (int) (0.54 * o.block());
        int learnedTo = (int) (0.6 * o.block());
        for (long first = 0; first < o.steps(); first += o.block()) {
            double squaredError = 0;
            double lastValueError = 0;
            double sum = 0;
            double sumSquares = 0;
            long scored = 0;
            double anomaly = 0;
            long nonFinite = 0;
            long start = System.nanoTime();
            for (int i = 0; i < o.block(); i++) {
                long t = first + i;
                double value = pattern(t, o.block()) + NOISE * noise.nextGaussian();
                if (!Double.isNaN(predicted)) {
                    squaredError += (predicted - value) * (predicted - value);
                    lastValueError += (previous - value) * (previous - value);
                    sum += value;
                    sumSquares += value * value;
                    scored++;
                }
                x[0] = (float) value;
                learner.step(x, x);
                float p = learner.prediction()[0];
                float a = learner.anomaly(0);
                nonFinite += (Float.isFinite(p) ? 0 : 1) + (Float.isFinite(a) ? 0 : 1);
                predicted = p;
                previous = value;
                if (i >= learnedFrom && i < learnedTo) {
                    anomaly += a;
                }
                if ((t & 1023) == 1023) {
                    progress.accept(t + 1);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            nonFinite += nonFiniteWeights(learner.network().params());
            double variance = sumSquares / scored - (sum / scored) * (sum / scored);
            blocks.add(new Block(first + o.block(), Math.sqrt(squaredError / scored / variance),
                    Math.sqrt(lastValueError / scored / variance),
                    anomaly / (learnedTo - learnedFrom), nonFinite, heapAfterCollection(), Pointer.totalBytes(),
                    residentBytes(), o.block() / seconds));
        }
        progress.accept(o.steps());
        Files.createDirectories(o.outputDir());
        return new Result(blocks, csv(o, blocks), plot(o, blocks));
    }

    private static long nonFiniteWeights(INDArray params) {
        float[] w = params.toFloatVector();
        long count = 0;
        for (float v : w) {
            count += Float.isFinite(v) ? 0 : 1;
        }
        return count;
    }

    private static long heapAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status, 0 where there is none. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static Path csv(Options o, List<Block> blocks) throws IOException {
        return AtomicFiles.write(o.outputDir().resolve("soak.csv"), out -> {
            out.println("end_step,nrmse,last_value_nrmse,learned_anomaly,non_finite,heap_mb,native_mb,resident_mb,steps_per_second");
            for (Block b : blocks) {
                out.println(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%d,%.1f,%.1f,%.1f,%.0f", b.endStep(),
                        b.nrmse(), b.lastValueNrmse(),
                        b.learnedAnomaly(), b.nonFinite(), b.heapBytes() / 1e6, b.nativeBytes() / 1e6,
                        b.residentBytes() / 1e6, b.stepsPerSecond()));
            }
        });
    }

    /** NRMSE, anomaly, memory (as a share of its first block's) and speed (likewise), by block. */
    private static Path plot(Options o, List<Block> blocks) throws IOException {
        double[] x = new double[blocks.size()];
        Map<String, double[]> series = new LinkedHashMap<>();
        double[] nrmse = new double[x.length];
        double[] anomaly = new double[x.length];
        double[] resident = new double[x.length];
        double[] speed = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Block b = blocks.get(i);
            x[i] = b.endStep();
            nrmse[i] = b.nrmse();
            anomaly[i] = b.learnedAnomaly();
            resident[i] = b.residentBytes() / (double) Math.max(1, blocks.get(0).residentBytes());
            speed[i] = b.stepsPerSecond() / blocks.get(0).stepsPerSecond();
        }
        series.put("next-step NRMSE", nrmse);
        series.put("anomaly score, learned pattern", anomaly);
        series.put("resident memory / first block's", resident);
        series.put("steps/s / first block's", speed);
        return Plots.lines(o.outputDir().resolve("soak.png"), "Soak: " + String.format(Locale.ROOT, "%,d", o.steps())
                + " steps learning every step, by block of " + String.format(Locale.ROOT, "%,d", o.block()), "step",
                "per block", x, series);
    }
}
