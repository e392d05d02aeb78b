package org.deephtm.anomaly;

import org.deephtm.networks.SeedNetwork;
import org.deephtm.networks.TimeFeatures;
import org.deephtm.online.OnlineLearner;
import org.deephtm.online.StepListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * A streaming anomaly detector, one call per record as NAB's detectors have it: the seed network
 * ({@link SeedNetwork}) learns the stream online, predicting the next value, its temporal memory's
 * anomaly score (the share of active columns it did not predict) is the raw score, and NAB's
 * Numenta post-processing ({@link AnomalyScorer}) turns it into a likelihood and a final score.
 * The network's prediction error is a second raw score with a likelihood of its own, and the
 * final score is the larger of the two:
 * <pre>
 *   x'_t = 2 (x_t - min_t) / (max_t - min_t) - 1     running min and max of x_1..x_t (0 while flat)
 *   inputs_t = [x'_t]  or, with timeOfDay, [x'_t, sin 2 pi d_t, cos 2 pi d_t]    d_t: the time of day in days
 *   raw_t = anomaly score of the TemporalMemory after learning inputs_t            in [0, 1]
 *   likelihood_t, final_t = AnomalyScorer(probation, spatialTolerance)(raw_t, x_t)
 *   e_t = min(1, |x_t - p_t| / (max_t - min_t))      p_t: the value predicted at row t-1 (e_t = 0 without one)
 *   errorLikelihood_t, f_t = AnomalyScorer(probation, 0)(e_t, x_t)                 no spatial rule of its own
 *   final_t = max(final_t, f_t)                      with predictionError (the default)
 * </pre>
 * The memory's score says which columns came unpredicted; with 5 active columns it moves in
 * steps of 0.2, and a value that lands in the columns it expected scores 0 however far it is
 * from the prediction. The error sees those: on NAB the larger of the two scored 61.1 to 61.8
 * over three seeds, the memory's score alone 58.9 to 59.7 (docs/anomaly-detection.md).
 * Values are rescaled from what has been seen so far: no look-ahead, as NAB requires. A new
 * extreme compresses the earlier range, which the network sees as a change; such values are also
 * what the spatial rule flags. The time of day is what NAB's Numenta detector encodes beside the
 * value (its date encoder has no day of week).
 *
 * <p>Every setting lives in {@link Settings}; {@link Settings#defaults()} is the configuration the
 * {@code deephtm anomaly} and {@code deephtm nab} commands run. A detector saves with its stream
 * ({@link #save}) and {@link #restore} continues it exactly.
 *
 * <pre>{@code
 * AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults());
 * for (int t = 0; t < values.length; t++) {
 *     AnomalyDetector.Score s = detector.handleRecord(times[t], values[t]);   // s.finalScore() in [0, 1]
 * }
 * }</pre>
 */
public final class AnomalyDetector {

    /** The detector's learning rate: three times the seed network's, the best of {@code deephtm sweep nab}. */
    public static final double LEARNING_RATE = 3e-3;

    /**
     * The detector's encoder: two Dense ReLU layers of this many units with fixed random weights,
     * the best of the encoders measured on NAB (docs/representation.md).
     */
    public static final int ENCODER_SIZE = 64;

    /** NAB's spatial tolerance: a value beyond the range seen by more than this share of it scores 1. */
    public static final double SPATIAL_TOLERANCE = 0.05;

    /** The probationary period of NAB's longest files (15% of the rows, at most 750). */
    public static final int PROBATION = 750;

    /**
     * The detector's configuration.
     *
     * @param network          the seed network's options (sizes, updaters, window, seed); the detector
     *                         sets its inputs (1, or 3 with the time of day) and outputs (1)
     * @param engine           which machinery learns ({@link OnlineLearner.Engine})
     * @param probation        rows during which the likelihood learns the raw scores' distribution (final
     *                         score 0.03); NAB's rule gives 15% of the file, at most 750
     * @param spatialTolerance a value beyond the range seen so far by more than this share of it scores 1;
     *                         0 turns the rule off
     * @param timeOfDay        the time of day as two more inputs (each record needs a timestamp)
     * @param predictionError  the prediction error as a second raw score with its own likelihood, the
     *                         final score being the larger of the two
     */
    public record Settings(SeedNetwork.Builder network, OnlineLearner.Engine engine, int probation,
                           double spatialTolerance, boolean timeOfDay, boolean predictionError)
            implements Serializable {

        public Settings {
            if (network == null || engine == null) {
                throw new IllegalArgumentException("network and engine must be given");
            }
            network = network.copy();
            AnomalyScorer.requireValid(probation, spatialTolerance);
        }

        /**
         * The seed network with a Dense encoder of {@value #ENCODER_SIZE} ReLU units x 2 kept at its
         * random initial weights, like the spatial pooler behind it (256 columns with 5 active, 5 cells
         * each, Dense 256), learning every step on the online engine with the mixed updaters at
         * {@value #LEARNING_RATE} (the memory at 30 times it); a probationary period of
         * {@value #PROBATION} rows, NAB's spatial tolerance of {@value #SPATIAL_TOLERANCE}; the value
         * alone as input; the prediction error scored beside the memory's score.
         */
        public static Settings defaults() {
            return new Settings(SeedNetwork.builder().encoder(SeedNetwork.Encoder.DENSE).encoderSize(ENCODER_SIZE)
                    .learningRate(LEARNING_RATE), OnlineLearner.Engine.FAST,
                    PROBATION, SPATIAL_TOLERANCE, false, true);
        }

        /** A copy of the network's options, to read or to change and give to {@link #withNetwork}. */
        @Override
        public SeedNetwork.Builder network() {
            return network.copy();
        }

        public Settings withNetwork(SeedNetwork.Builder other) {
            return new Settings(other, engine, probation, spatialTolerance, timeOfDay, predictionError);
        }

        public Settings withEngine(OnlineLearner.Engine other) {
            return new Settings(network, other, probation, spatialTolerance, timeOfDay, predictionError);
        }

        public Settings withProbation(int rows) {
            return new Settings(network, engine, rows, spatialTolerance, timeOfDay, predictionError);
        }

        public Settings withSpatialTolerance(double tolerance) {
            return new Settings(network, engine, probation, tolerance, timeOfDay, predictionError);
        }

        public Settings withTimeOfDay(boolean on) {
            return new Settings(network, engine, probation, spatialTolerance, on, predictionError);
        }

        public Settings withPredictionError(boolean on) {
            return new Settings(network, engine, probation, spatialTolerance, timeOfDay, on);
        }

        /** The network's inputs per record. */
        public int inputs() {
            return timeOfDay ? 3 : 1;
        }
    }

    /**
     * A record's scores.
     *
     * @param raw             the temporal memory's anomaly score, in [0, 1]
     * @param likelihood      the anomaly likelihood of the raw scores, 0.5 during the probationary period
     * @param errorLikelihood the likelihood of the prediction errors, 0.5 during the probationary period;
     *                        NaN when the detector does not score them
     * @param finalScore      the score to threshold, in [0, 1] (what NAB scores)
     */
    public record Score(double raw, double likelihood, double errorLikelihood, double finalScore) {
    }

    /** The save's entry of the last record's timestamp, beside the stream's state (which older saves share). */
    private static final String LAST_TIMESTAMP_KEY = "anomaly-last-timestamp";

    private final OnlineLearner learner;
    private final InputScaling scaling;
    private final AnomalyScorer scorer;
    /** The prediction error's likelihood; null when the detector does not score the error. */
    private final AnomalyScorer errorScorer;
    private final boolean timeOfDay;
    private long records;
    private LocalDateTime lastTimestamp;
    /** The value predicted for the next record, in the values' units; NaN before the first record. */
    private double expected;
    private final float[] x;
    private final float[] target = new float[1];

    /** A detector with a fresh network, before its first record. */
    public AnomalyDetector(Settings settings) {
        this(newLearner(settings), new DetectorState(0, new InputScaling(),
                new AnomalyScorer(settings.probation(), settings.spatialTolerance()), settings.timeOfDay(),
                settings.predictionError() ? new AnomalyScorer(settings.probation(), 0) : null, Double.NaN), null);
    }

    private AnomalyDetector(OnlineLearner learner, DetectorState state, LocalDateTime lastTimestamp) {
        this.learner = learner;
        this.lastTimestamp = lastTimestamp;
        this.scaling = state.scaling();
        this.scorer = state.scorer();
        this.errorScorer = state.errorScorer();
        this.timeOfDay = state.timeOfDay();
        this.records = state.rows();
        this.expected = state.expected() == null ? Double.NaN : state.expected();
        this.x = new float[timeOfDay ? 3 : 1];
    }

    private static OnlineLearner newLearner(Settings settings) {
        SeedNetwork.Builder network = settings.network().inputs(settings.inputs()).outputs(1);
        MultiLayerNetwork net = new MultiLayerNetwork(network.build());
        net.init();
        return new OnlineLearner(net, 1, network.window(), settings.engine());
    }

    /**
     * Learns one record and scores it.
     *
     * @param timestamp the record's time; may be null when the time of day is not an input
     */
    public Score handleRecord(LocalDateTime timestamp, double value) {
        if (timeOfDay && timestamp == null) {
            throw new IllegalArgumentException("the detector's time-of-day input needs a timestamp for every record, "
                    + "got none for record " + records);
        }
        x[0] = scaling.scale(value);
        if (timeOfDay) {
            double day = TimeFeatures.dayFraction(timestamp);
            x[1] = (float) Math.sin(2 * Math.PI * day);
            x[2] = (float) Math.cos(2 * Math.PI * day);
        }
        target[0] = x[0];
        learner.step(x, target);
        double raw = learner.anomaly(0);
        double finalScore = scorer.score(raw, value);
        double errorLikelihood = Double.NaN;
        if (errorScorer != null) {
            double range = scaling.range();
            double error = Double.isNaN(expected) || range == 0 ? 0 : Math.min(1, Math.abs(value - expected) / range);
            finalScore = Math.max(finalScore, errorScorer.score(error, value));
            errorLikelihood = errorScorer.likelihood();
        }
        expected = scaling.unscale(learner.prediction()[0]);
        records++;
        lastTimestamp = timestamp;
        return new Score(raw, scorer.likelihood(), errorLikelihood, finalScore);
    }

    /**
     * What the network expects the next record's value to be, in the values' units (read through
     * the range seen so far); NaN before the stream's first record.
     */
    public double prediction() {
        return expected;
    }

    /** Tells {@code listener} of the learner's step at every record (see {@link OnlineLearner#addListener}). */
    public void addListener(StepListener listener) {
        learner.addListener(listener);
    }

    /** Stops telling {@code listener}; false when it was not registered. */
    public boolean removeListener(StepListener listener) {
        return learner.removeListener(listener);
    }

    /** Records handled so far, those before a {@link #restore} included. */
    public long records() {
        return records;
    }

    /** The timestamp of the last record handled, null when it had none (or before the first). */
    public LocalDateTime lastTimestamp() {
        return lastTimestamp;
    }

    /**
     * Where the stream a {@link #save} left in {@code file} stands, read without restoring the
     * network.
     *
     * @param records       records handled since the stream's start
     * @param lastTimestamp the last one's timestamp, null when it had none or the save predates it
     */
    public record Position(long records, LocalDateTime lastTimestamp) {
    }

    /** The {@link Position} of the stream saved in {@code file}. */
    public static Position position(Path file) throws IOException {
        return new Position(DetectorState.read(file).rows(), savedLastTimestamp(file));
    }

    private static LocalDateTime savedLastTimestamp(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry("objects/" + LAST_TIMESTAMP_KEY) == null) {
                return null; // saved without timestamps, or before they were kept
            }
        }
        return OnlineLearner.attachment(file, LAST_TIMESTAMP_KEY, LocalDateTime.class);
    }

    /** The probationary period, in records from the stream's start. */
    public int probation() {
        return scorer.probation();
    }

    /** Whether the time of day is an input. */
    public boolean timeOfDay() {
        return timeOfDay;
    }

    /** Whether the prediction error is scored beside the memory's score ({@link Settings#predictionError}). */
    public boolean predictionError() {
        return errorScorer != null;
    }

    /** Which machinery runs the network ({@link OnlineLearner#path()}). */
    public String path() {
        return learner.path();
    }

    /**
     * Saves the network and the stream (the scaling's range, the likelihood's history, the spatial
     * rule's range), written whole before it replaces {@code file}; {@link #restore} continues it.
     */
    public void save(Path file) throws IOException {
        DetectorState state = new DetectorState(records, scaling, scorer, timeOfDay, errorScorer, expected);
        learner.save(file, lastTimestamp == null ? Map.<String, Serializable>of(DetectorState.KEY, state)
                : Map.<String, Serializable>of(DetectorState.KEY, state, LAST_TIMESTAMP_KEY, lastTimestamp));
    }

    /**
     * The detector a {@link #save} left in {@code file} (also one that {@code deephtm anomaly --save}
     * wrote before the detector moved to this package), on the machinery asked for: the records
     * that follow score as they would have had the stream not stopped.
     *
     * @throws IOException when the file is missing, damaged, or holds no detector
     */
    public static AnomalyDetector restore(Path file, OnlineLearner.Engine engine) throws IOException {
        OnlineLearner learner = OnlineLearner.restore(file, engine);
        return new AnomalyDetector(learner, DetectorState.read(file), savedLastTimestamp(file));
    }
}
