package org.deephtm.online;

import org.deephtm.engine.OnlineEngine;
import org.deephtm.learning.TrainingDivergedException;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Learns from a stream one step at a time, as HTM does: at each step it predicts the target
 * {@code horizon} steps ahead, and when that target arrives it learns from the error, carrying the
 * recurrent state (the temporal memory's cells) from step to step.
 *
 * <pre>{@code
 * OnlineLearner learner = new OnlineLearner(net, 1, 1);   // horizon 1, learn every step
 * for (double x : series) {
 *     INDArray v = Nd4j.create(new double[][] {{x}});
 *     OnlineLearner.Step step = learner.step(v, v);    // features and target of this step
 *     double next = step.prediction().getDouble(0);    // the prediction for the next value
 *     double surprise = step.anomaly().getDouble(0);
 * }
 * }</pre>
 *
 * <p>Learning happens in windows of {@code window} steps: once the targets of {@code window}
 * consecutive steps are known, one training pass runs over them, starting from the state the
 * previous window ended in (truncated BPTT, with gradients flowing back over the window). A window
 * of 1 updates the weights every step, like the seed experiment. Predictions always come one step
 * at a time, from the latest weights.
 *
 * <p><b>Which machinery runs the steps.</b> A network of {@code DenseLayer}, {@code SpatialPooler},
 * {@code TemporalMemory} and an {@code RnnOutputLayer} runs on DeepHTM's online engine
 * ({@link OnlineEngine}: plain Java over the memory's active cells, hundreds of times faster than
 * DL4J at a minibatch of one, with the same results). Any other network with a recurrent output
 * layer (LSTMs, other layers, other updaters) runs through DL4J's own machinery, on any backend.
 * {@link Engine#AUTO} picks the engine when it can run the network and says why when it cannot
 * ({@link #path()}, and a log line); {@link Engine#FAST} insists on it; {@link Engine#DL4J}
 * never uses it.
 *
 * <p><b>The network's arrays.</b> The engine learns on its own copies of the weights and updater
 * state. {@link #network()} writes them into the network and returns it: call it before you save
 * the network, evaluate it or use it in any other way, and the learner takes the network's arrays
 * back before its next step (so {@code fit()} or a restored checkpoint in between are seen).
 * Through DL4J, the network's arrays are the ones trained, and {@link #network()} costs nothing.
 *
 * <p><b>Watching it.</b> {@link #addListener} registers a {@link StepListener}, told of every step
 * with a {@link LearnerStep}: the prediction, the target, the anomaly score, and the memory's
 * active, bursting and predicted columns and cells. A learner with no listener does none of that
 * work.
 *
 * <p>The configuration must use {@link BackpropType#TruncatedBPTT}: that is how DL4J trains from a
 * carried state. Several streams are the minibatch: {@code features} [streams, nIn].
 */
public final class OnlineLearner {

    private static final Logger log = LoggerFactory.getLogger(OnlineLearner.class);

    /** Which machinery runs the steps. */
    public enum Engine {
        /** The online engine when it can run the network, DL4J otherwise. */
        AUTO,
        /** The online engine; a network it cannot run is an error that gives the reasons. */
        FAST,
        /** DL4J's own machinery, for any network. */
        DL4J
    }

    /**
     * What the learner says at one step, as a record would hold it: {@code prediction} [streams,
     * nOut], the target expected {@code horizon} steps ahead; {@code anomaly} [streams], the
     * anomaly score of this step from the network's first TemporalMemory (null when it has none);
     * {@code trainingLoss}, the loss of the training pass run at this step, NaN if none ran.
     *
     * <p>The values are copied when the step ends; each array is made the first time it is asked
     * for, so a step whose results are not read creates no array (ND4J's allocation costs more
     * than the step's copies).
     */
    public static final class Step {

        private final float[] predictionValues;
        private final long[] predictionShape;
        private final float[] anomalyValues;
        private final double trainingLoss;
        private INDArray prediction;
        private INDArray anomaly;

        public Step(INDArray prediction, INDArray anomaly, double trainingLoss) {
            this(null, null, null, trainingLoss);
            this.prediction = prediction;
            this.anomaly = anomaly;
        }

        private Step(float[] predictionValues, long[] predictionShape, float[] anomalyValues, double trainingLoss) {
            this.predictionValues = predictionValues;
            this.predictionShape = predictionShape;
            this.anomalyValues = anomalyValues;
            this.trainingLoss = trainingLoss;
        }

        public INDArray prediction() {
            if (prediction == null && predictionValues != null) {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    prediction = Nd4j.create(predictionValues, predictionShape, 'c');
                }
            }
            return prediction;
        }

        public INDArray anomaly() {
            if (anomaly == null && anomalyValues != null) {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    anomaly = Nd4j.createFromArray(anomalyValues);
                }
            }
            return anomaly;
        }

        public double trainingLoss() {
            return trainingLoss;
        }

        @Override
        public boolean equals(Object o) {
            return this == o || (o instanceof Step s && Objects.equals(prediction(), s.prediction())
                    && Objects.equals(anomaly(), s.anomaly()) && Double.compare(trainingLoss, s.trainingLoss) == 0);
        }

        @Override
        public int hashCode() {
            return Objects.hash(prediction(), anomaly(), trainingLoss);
        }

        @Override
        public String toString() {
            return "Step[prediction=" + prediction() + ", anomaly=" + anomaly() + ", trainingLoss=" + trainingLoss + "]";
        }
    }

    private final MultiLayerNetwork net;
    private final int horizon;
    private final int window;
    private final boolean fast;
    private final String path;
    private final boolean hasTemporalMemory;
    private final long nIn;
    private final long nOut;

    private static final StepListener[] NO_LISTENERS = {};

    private final ArrayValues featureValues = new ArrayValues();
    private final ArrayValues targetValues = new ArrayValues();

    private StepRunner runner;
    /** Replaced, never changed, so that a step reads a consistent array without locking. */
    private volatile StepListener[] listeners = NO_LISTENERS;
    private LearnerStep lastStep;
    private int streams = -1;
    private boolean lent;
    private boolean justReset;
    private boolean hasResult;
    private long steps;

    /** A learner on the engine when it can run {@code net}, on DL4J otherwise ({@link Engine#AUTO}). */
    public OnlineLearner(MultiLayerNetwork net, int horizon, int window) {
        this(net, horizon, window, Engine.AUTO);
    }

    /**
     * @param net     an initialised network with a recurrent output layer, configured for truncated BPTT
     * @param horizon how many steps ahead to predict, &gt;= 1
     * @param window  steps per training pass, &gt;= 1
     * @param engine  which machinery runs the steps
     * @throws IllegalArgumentException for impossible settings, or {@link Engine#FAST} with a network
     *                                  the engine cannot run (the message gives the reasons)
     */
    public OnlineLearner(MultiLayerNetwork net, int horizon, int window, Engine engine) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (!net.isInitCalled()) {
            throw new IllegalArgumentException("the network is not initialised: call net.init() before "
                    + "new OnlineLearner(net, ...)");
        }
        requireRecurrentOutput(net);
        if (net.getLayerWiseConfigurations().getBackpropType() != BackpropType.TruncatedBPTT) {
            throw new IllegalArgumentException("OnlineLearner trains from the carried recurrent state, which DL4J "
                    + "does for truncated BPTT only: build the configuration with "
                    + ".backpropType(BackpropType.TruncatedBPTT).tBPTTLength(" + window + ")");
        }
        this.net = net;
        this.horizon = horizon;
        this.window = window;
        this.nIn = OnlineEngine.inputSize(net.getLayerWiseConfigurations().getConf(0).getLayer());
        this.nOut = net.layerSize(net.getnLayers() - 1);
        this.hasTemporalMemory = Dl4jRunner.firstTemporalMemory(net) != null;
        List<String> reasons = engine == Engine.DL4J ? List.of() : OnlineEngine.unsupportedReasons(net);
        if (engine == Engine.FAST && !reasons.isEmpty()) {
            throw new IllegalArgumentException("the online engine cannot run this network: "
                    + String.join("; ", reasons) + ". Use Engine.DL4J (--engine dl4j) for it.");
        }
        this.fast = engine != Engine.DL4J && reasons.isEmpty();
        this.path = fast ? "online engine" : engine == Engine.DL4J ? "DL4J (as asked)"
                : "DL4J (the online engine cannot run this network: " + String.join("; ", reasons) + ")";
        log.info("OnlineLearner steps on the {}", path);
        if (engine == Engine.AUTO && reasons.size() == 1
                && net.getLayerWiseConfigurations().getDataType() != DataType.FLOAT) {
            log.warn("OnlineLearner: the network's data type is {} and the online engine computes in FLOAT, so this "
                    + "network steps on DL4J's machinery, about 1000 times slower (9 steps/s against 8,000 for the "
                    + "default seed network). Build it with .dataType(DataType.FLOAT) to run it on the engine, or "
                    + "pass Engine.DL4J to say DL4J is meant", net.getLayerWiseConfigurations().getDataType());
        }
        net.getUpdater(); // creates the network's solver, whose optimiser (and updater state) we train with
        net.rnnClearPreviousState();
    }

    /** Which machinery runs the steps, and why: "online engine", or "DL4J (...)" with the reason. */
    public String path() {
        return path;
    }

    /** True when the steps run on the online engine. */
    public boolean usesEngine() {
        return fast;
    }

    /**
     * Feeds one step of the stream.
     *
     * @param features [streams, nIn], this step's input
     * @param target   [streams, nOut], the value observed at this step: the training target of the
     *                 step {@code horizon} back
     */
    public Step step(INDArray features, INDArray target) {
        checkShapes(features, target);
        step(featureValues.copy(features), targetValues.copy(target));
        float[] scores = null;
        if (hasTemporalMemory) {
            scores = new float[streams];
            for (int b = 0; b < streams; b++) {
                scores[b] = runner.anomaly(b);
            }
        }
        return new Step(runner.prediction().clone(), new long[] {streams, nOut}, scores, runner.trainingLoss());
    }

    /**
     * Feeds one step of every stream without creating arrays: read the results with
     * {@link #prediction()}, {@link #anomaly(int)} and {@link #trainingLoss()}.
     *
     * @param features [streams * nIn], stream after stream
     * @param target   [streams * nOut]
     */
    public void step(float[] features, float[] target) {
        int count = features.length / (int) Math.max(1, nIn);
        if (features.length != count * nIn || count == 0) {
            throw new IllegalArgumentException("features must hold streams x " + nIn + " values, got "
                    + features.length);
        }
        if (target.length != count * nOut) {
            throw new IllegalArgumentException("target must hold " + count + " x " + nOut + " values, got "
                    + target.length);
        }
        if (streams >= 0 && count != streams) {
            if (!justReset) {
                throw new IllegalArgumentException("the stream count changed from " + streams + " to " + count
                        + "; call reset() first");
            }
            runner.writeToNetwork(); // a new runner for the new count starts from the network
            runner = null;
        }
        streams = count;
        justReset = false;
        requireFinite(features, "features", (int) Math.max(1, nIn));
        requireFinite(target, "target", (int) nOut);
        if (runner == null) {
            runner = newRunner(count);
        } else if (lent) {
            runner.readFromNetwork();
        }
        lent = false;
        hasResult = false;
        try {
            runner.step(features, target);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException("step " + steps + ": " + e.getMessage());
        }
        hasResult = true;
        steps++;
        StepListener[] told = listeners;
        if (told.length > 0) {
            lastStep.targetsArrived(target);
            for (StepListener listener : told) {
                listener.stepped(lastStep);
            }
        }
    }

    /**
     * Tells {@code listener} of every step from the next one on, after the step, on the thread
     * that steps (see {@link StepListener}). A listener added twice is told twice.
     */
    public synchronized void addListener(StepListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        if (lastStep == null) {
            lastStep = new LearnerStep(this, (int) nOut);
        }
        StepListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
    }

    /** Stops telling {@code listener} (one registration of it); false when it was not registered. */
    public synchronized boolean removeListener(StepListener listener) {
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == listener) {
                StepListener[] fewer = new StepListener[listeners.length - 1];
                System.arraycopy(listeners, 0, fewer, 0, i);
                System.arraycopy(listeners, i + 1, fewer, i, fewer.length - i);
                listeners = fewer;
                return true;
            }
        }
        return false;
    }

    /** The engine's view of the first temporal memory; null on DL4J or without a memory. */
    org.deephtm.engine.MemoryView memoryView() {
        return runner == null ? null : runner.memory();
    }

    /** A prediction per step needs an output per step: DL4J's feed-forward OutputLayer fails at the first step. */
    private static void requireRecurrentOutput(MultiLayerNetwork net) {
        int last = net.getnLayers() - 1;
        Layer layer = net.getLayerWiseConfigurations().getConf(last).getLayer();
        if (!(layer instanceof RnnOutputLayer || layer instanceof RnnLossLayer)) {
            throw new IllegalArgumentException("OnlineLearner predicts one step at a time, which needs a recurrent "
                    + "output layer last; the last layer, layer " + last + " (" + layer.getClass().getSimpleName()
                    + "), gives one output per example: use an RnnOutputLayer (or RnnLossLayer) in its place");
        }
    }

    private StepRunner newRunner(int count) {
        return fast ? new EngineRunner(net, count, horizon, window)
                : new Dl4jRunner(net, count, horizon, window, nIn, nOut);
    }

    /** NaN and infinity never reach the network: they would turn every weight into NaN at the next update. */
    private void requireFinite(float[] values, String what, int width) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("step " + steps + ": the " + what + " of stream " + i / width
                        + (width > 1 ? ", value " + i % width : "") + " is " + values[i] + " (a float must be finite, "
                        + "within +-3.4e38); nothing was learned from it and the network is unchanged. Clean or "
                        + "impute the data before it reaches the learner");
            }
        }
    }

    /** The last step's prediction, [streams * nOut], stream after stream (the array is reused). */
    public float[] prediction() {
        requireStep();
        return runner.prediction();
    }

    /**
     * The last step's anomaly score of {@code stream}, from the first TemporalMemory (NaN without one).
     *
     * @throws IllegalArgumentException for a stream beyond the last step's streams
     */
    public float anomaly(int stream) {
        requireStep();
        if (stream < 0 || stream >= streams) {
            throw new IllegalArgumentException("stream " + stream + " does not exist: the learner has " + streams
                    + (streams == 1 ? " stream (0)" : " streams (0 to " + (streams - 1) + ")"));
        }
        return hasTemporalMemory ? runner.anomaly(stream) : Float.NaN;
    }

    /** The loss of the training pass the last step ran, NaN if none ran. */
    public double trainingLoss() {
        requireStep();
        return runner.trainingLoss();
    }

    /**
     * The network, holding everything learned so far: weights, updater state, iteration count,
     * and the temporal memories' state (so {@code rnnTimeStep} continues the stream). The learner
     * takes the network's arrays back before its next step.
     */
    public MultiLayerNetwork network() {
        if (runner != null) {
            runner.writeToNetwork();
            lent = true;
        }
        return net;
    }

    /** Forgets the stream: zero state, no pending targets (HTM's reset between sequences). */
    public void reset() {
        if (runner != null) {
            if (lent) {
                runner.readFromNetwork();
                lent = false;
            }
            runner.reset();
        }
        net.rnnClearPreviousState();
        justReset = true;
    }

    public int horizon() {
        return horizon;
    }

    public int window() {
        return window;
    }

    /** Steps fed since the learner was made (or since the stream began, for a restored learner). */
    public long steps() {
        return steps;
    }

    // ------------------------------------------------------------------ saving and resuming

    /**
     * Saves the learner, so that {@link #restore} continues the stream exactly: the network
     * (configuration, weights, layer state, updater state; a {@code ModelSerializer} file that
     * DL4J reads as usual) and the stream's own state (the examples waiting for their targets, the
     * window's examples, the recurrent state of predictions and of the next training pass). The
     * file is written beside its destination and renamed over it when complete, so a crash
     * mid-save leaves the previous save whole.
     */
    public void save(Path file) throws IOException {
        save(file, Map.of());
    }

    /**
     * {@link #save(Path)} with objects of the application's own in the same file and the same
     * atomic write (a scaler's statistics, the rows streamed so far), one zip entry per key; read
     * them back with {@link #attachment}. Keys must not start with {@code "deephtm-"}.
     */
    public void save(Path file, Map<String, ? extends Serializable> attachments) throws IOException {
        for (String key : attachments.keySet()) {
            if (key.startsWith("deephtm-")) {
                throw new IllegalArgumentException("attachment keys starting with deephtm- are the learner's own, "
                        + "got " + key);
            }
        }
        MultiLayerNetwork trained = network();
        StreamState state = runner == null
                ? new StreamState(horizon, window, streams, steps, List.of(), List.of(), List.of(),
                        RecurrentState.of(net), RecurrentState.of(net))
                : runner.export(horizon, window, steps);
        Map<String, Serializable> objects = new LinkedHashMap<>();
        objects.put(StreamState.MODEL_FILE_KEY, state);
        objects.putAll(attachments);
        AtomicFile.write(file, out -> LearnerFile.write(out, trained, objects));
    }

    /** A learner that continues the stream {@link #save} wrote ({@link Engine#AUTO}). */
    public static OnlineLearner restore(Path file) throws IOException {
        return restore(file, Engine.AUTO);
    }

    /**
     * A learner that continues the stream {@link #save} wrote, on the machinery asked for: the
     * steps that follow give what they would have given had the stream not stopped, bit for bit
     * on the machinery that saved it.
     *
     * @throws IOException when the file is missing, unreadable, not a learner's save, or damaged
     */
    public static OnlineLearner restore(Path file, Engine engine) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + (Files.isDirectory(file) ? " is a folder" : " does not exist")
                    + ": give the file an OnlineLearner saved");
        }
        MultiLayerNetwork net;
        StreamState state;
        try {
            net = MultiLayerNetwork.load(file.toFile(), true);
            state = ModelSerializer.getObjectFromFile(file.toFile(), StreamState.MODEL_FILE_KEY);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a whole OnlineLearner save (damaged, truncated, or written by "
                    + "something else): " + e, e);
        }
        OnlineLearner learner = new OnlineLearner(net, state.horizon(), state.window(), engine);
        learner.steps = state.steps();
        if (state.streams() > 0) {
            learner.streams = state.streams();
            learner.runner = learner.newRunner(state.streams());
            learner.runner.restore(state);
        }
        return learner;
    }

    /**
     * An object {@link #save(Path, Map)} attached under {@code key}.
     *
     * @throws IOException when the file is missing or damaged, or has no such attachment
     */
    public static <T extends Serializable> T attachment(Path file, String key, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + (Files.isDirectory(file) ? " is a folder" : " does not exist")
                    + ": give the file an OnlineLearner saved");
        }
        Object value;
        try {
            value = ModelSerializer.getObjectFromFile(file.toFile(), key);
        } catch (RuntimeException e) {
            throw new IOException(file + " has no readable '" + key + "' (not saved by this program, or "
                    + "damaged): " + e, e);
        }
        if (!type.isInstance(value)) {
            throw new IOException(file + ": '" + key + "' holds a " + value.getClass().getName() + ", not a "
                    + type.getName());
        }
        return type.cast(value);
    }

    private void requireStep() {
        if (!hasResult) {
            throw new IllegalStateException("no step has a result yet: call step(...) first");
        }
    }

    private void checkShapes(INDArray features, INDArray target) {
        if (features.rank() != 2 || (nIn > 0 && features.size(1) != nIn)) {
            throw new IllegalArgumentException("features must have shape [streams, " + nIn + "], got "
                    + Arrays.toString(features.shape()));
        }
        if (target.rank() != 2 || target.size(1) != nOut || target.size(0) != features.size(0)) {
            throw new IllegalArgumentException("target must have shape [" + features.size(0) + ", " + nOut
                    + "], got " + Arrays.toString(target.shape()));
        }
    }
}
