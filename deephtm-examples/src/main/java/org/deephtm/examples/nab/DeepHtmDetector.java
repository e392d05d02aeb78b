package org.deephtm.examples.nab;

import org.deephtm.examples.network.Training;
import org.deephtm.examples.predict.TimeFeatures;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.function.LongConsumer;

/**
 * The DeepHTM anomaly detector: the seed network (scalar encoder, SpatialPooler, TemporalMemory,
 * Dense decoder) learns the stream online, predicting the next value, and its temporal memory's
 * anomaly score (the share of active columns it did not predict) is the raw score of each step.
 * <pre>
 *   x'_t = 2 (x_t - min_t) / (max_t - min_t) - 1     running min and max of x_1..x_t (0 while flat)
 *   inputs_t = [x'_t]  or, with timeOfDay, [x'_t, sin 2 pi d_t, cos 2 pi d_t]    d_t: the time of day in days
 *   raw_t = anomaly score of the TemporalMemory after feeding inputs_t     in [0, 1]
 * </pre>
 * The time of day is what NAB's Numenta detector encodes beside the value (its date encoder has
 * no day of week).
 * Values are rescaled online, from what has been seen so far: no look-ahead, as NAB requires. A
 * new extreme compresses the earlier range, which the network sees as a change; such values are
 * also what {@link AnomalyScores}' spatial rule flags.
 *
 * <p>Every setting lives in {@link Settings}; {@link Settings#defaults()} is the configuration the
 * {@code anomaly} and {@code nab} commands run.
 *
 * <pre>{@code
 * double[] raw = new DeepHtmDetector(DeepHtmDetector.Settings.defaults()).rawScores(values, null, done -> { });
 * }</pre>
 */
public final class DeepHtmDetector {

    /**
     * The detector's configuration.
     *
     * @param encoderSize      units of each of the two Dense encoder layers (the forum thread's encoder only)
     * @param columns          spatial pooler columns
     * @param activeColumns    columns active per step
     * @param cellsPerColumn   temporal memory cells per column
     * @param decoderSize      units of the Dense decoder layer
     * @param window           steps per training pass ({@link OnlineLearner}'s window)
     * @param training         engine, optimizer and learning rate
     * @param seed             network initialisation seed
     * @param spatialTolerance NAB's Numenta detector's spatial rule: a value beyond the range seen so
     *                         far by more than this share of it scores 1 ({@link AnomalyScores}); 0 turns it off
     * @param timeOfDay        the time of day as two more inputs (needs timestamps)
     */
    public record Settings(int encoderSize, int columns, int activeColumns, int cellsPerColumn, int decoderSize,
                           int window, Training training, long seed, double spatialTolerance, boolean timeOfDay) {

        public Settings {
            if (encoderSize < 1 || decoderSize < 1) {
                throw new IllegalArgumentException("encoderSize and decoderSize must be >= 1, got " + encoderSize
                        + " and " + decoderSize);
            }
            if (activeColumns < 1 || activeColumns >= columns) {
                throw new IllegalArgumentException("activeColumns (" + activeColumns + ") must be in [1, columns ("
                        + columns + "))");
            }
            if (cellsPerColumn < 1) {
                throw new IllegalArgumentException("cellsPerColumn must be >= 1, got " + cellsPerColumn);
            }
            if (window < 1) {
                throw new IllegalArgumentException("window must be >= 1, got " + window);
            }
            if (training == null) {
                throw new IllegalArgumentException("training must be given");
            }
            if (!(spatialTolerance >= 0)) {
                throw new IllegalArgumentException("spatialTolerance must be >= 0, got " + spatialTolerance);
            }
        }

        /**
         * The seed network (a scalar encoder of 64 buckets per input, 256 columns with 5 active, 5
         * cells each, Dense 256), learning every step on the online engine with the mixed updaters
         * at 3e-3 (the memory at 9e-2), the best rate of {@code deephtm sweep nab}; NAB's spatial
         * tolerance of 5%; the value alone.
         */
        public static Settings defaults() {
            return new Settings(256, 256, 5, 5, 256, 1, new Training(OnlineLearner.Engine.FAST, Training.Updater.MIXED,
                    LEARNING_RATE), 12345, 0.05, false);
        }

        /** The detector's learning rate: three times the seed network's, from the NAB sweep. */
        public static final double LEARNING_RATE = 3e-3;

        /** These settings with another way of training. */
        public Settings with(Training other) {
            return new Settings(encoderSize, columns, activeColumns, cellsPerColumn, decoderSize, window, other, seed,
                    spatialTolerance, timeOfDay);
        }

        /** These settings with another memory: columns, active columns, cells per column. */
        public Settings withMemory(int columns, int activeColumns, int cellsPerColumn) {
            return new Settings(encoderSize, columns, activeColumns, cellsPerColumn, decoderSize, window, training,
                    seed, spatialTolerance, timeOfDay);
        }

        /** These settings with another spatial tolerance (0: no spatial rule). */
        public Settings withSpatialTolerance(double tolerance) {
            return new Settings(encoderSize, columns, activeColumns, cellsPerColumn, decoderSize, window, training,
                    seed, tolerance, timeOfDay);
        }

        /** These settings with or without the time of day. */
        public Settings withTimeOfDay(boolean on) {
            return new Settings(encoderSize, columns, activeColumns, cellsPerColumn, decoderSize, window, training,
                    seed, spatialTolerance, on);
        }

        /** The network's inputs per step. */
        public int inputs() {
            return timeOfDay ? 3 : 1;
        }
    }

    private final Settings settings;

    public DeepHtmDetector(Settings settings) {
        this.settings = settings;
    }

    /** A fresh network for one stream, and the learner that runs it. */
    public OnlineLearner newLearner() {
        MultiLayerNetwork net = new MultiLayerNetwork(settings.training().configure(SeedNetwork.builder()
                .encoderSize(settings.encoderSize()).columns(settings.columns())
                .activeColumns(settings.activeColumns()).cellsPerColumn(settings.cellsPerColumn())
                .decoderSize(settings.decoderSize()).window(settings.window()).seed(settings.seed())
                .inputs(settings.inputs())).build());
        net.init();
        return new OnlineLearner(net, 1, settings.window(), settings.training().engine());
    }

    /**
     * Streams {@code values} through a fresh network, learning online, and returns each step's raw
     * anomaly score.
     *
     * @param times    the values' timestamps; null without {@link Settings#timeOfDay}
     * @param progress told the number of steps done, now and then
     */
    public double[] rawScores(double[] values, LocalDateTime[] times, LongConsumer progress) {
        requireTimes(settings, times, values.length);
        OnlineLearner learner = newLearner();
        InputScaling scaling = new InputScaling();
        float[] x = new float[settings.inputs()];
        float[] target = new float[1];
        double[] raw = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            raw[t] = rawScore(learner, scaling, values[t], times == null ? null : times[t], x, target);
            if (t % 100 == 99) {
                progress.accept(t + 1);
            }
        }
        progress.accept(values.length);
        return raw;
    }

    /** Time of day needs a timestamp per value. */
    static void requireTimes(Settings settings, LocalDateTime[] times, int rows) {
        if (settings.timeOfDay() && (times == null || times.length != rows)) {
            throw new IllegalArgumentException("the detector's time-of-day input needs a timestamp per row; the "
                    + "series has " + (times == null ? "none" : times.length + " for " + rows + " rows"));
        }
    }

    /**
     * Feeds one value (and its time of day, into {@code x} of {@link Settings#inputs()} entries;
     * {@code target} of one entry): scales it, learns it, and returns the temporal memory's
     * anomaly score.
     */
    static double rawScore(OnlineLearner learner, InputScaling scaling, double value, LocalDateTime time, float[] x,
            float[] target) {
        x[0] = scaling.scale(value);
        if (x.length == 3) {
            double day = TimeFeatures.dayFraction(time);
            x[1] = (float) Math.sin(2 * Math.PI * day);
            x[2] = (float) Math.cos(2 * Math.PI * day);
        }
        target[0] = x[0];
        learner.step(x, target);
        return learner.anomaly(0);
    }

    /** The running min-max rescaling to [-1, 1] of the values seen so far (0 while flat). */
    static final class InputScaling implements Serializable {

        private static final long serialVersionUID = 1L;

        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        float scale(double value) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            return (float) (max > min ? 2 * (value - min) / (max - min) - 1 : 0);
        }
    }
}
