package org.deephtm.engine;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.learning.TrainingDivergedException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast CPU engine for online learning: one step of a stream (predict, then learn from the
 * target when it arrives) of a network made of {@code DenseLayer}, {@code SpatialPooler},
 * {@code TemporalMemory} and an {@code RnnOutputLayer}, in plain Java over {@code float[]}.
 *
 * <p>Why loops: at a minibatch of one, every ND4J op costs 10 to 18 us of fixed overhead, and a
 * DL4J training step runs hundreds of them (and a dense Adam over every parameter), so the
 * network's own arithmetic is a small part of a step. The memory is sparse: at most
 * {@code activeColumns x cellsPerColumn} cells are active, the spatial pooler's gradient reaches
 * its k winners, half the ReLU units are off. Kernels driven by those active entries do the work
 * a step needs and nothing else (see {@link Kernel} and the kernel classes, one per layer, each
 * with its forward beside its backward). The SameDiff layers stay the reference: the tests hold
 * this engine equal to them, step by step.
 *
 * <p>The semantics are {@code OnlineLearner}'s: each step predicts {@code horizon} steps ahead;
 * the step's target completes the example of the step {@code horizon} back; every
 * {@code window} examples one training pass runs over them (backpropagation through time over
 * the window), from the state the previous window ended in. With a horizon of 1 the training
 * pass reuses the prediction's forward pass (the weights and state are the same ones), so a
 * step costs one forward pass. Nothing is allocated per step.
 *
 * <p>The engine works on copies of the network's arrays: {@link #writeTo} puts the parameters,
 * the updater state, the iteration count and the recurrent state back, so that DL4J's tools see
 * what the engine learned; {@link #readFrom} takes them after the network was changed outside.
 */
public final class OnlineEngine {

    /** Gradients above this are treated as divergence: their squares would overflow Adam's moments. */
    private static final float GRADIENT_LIMIT = 1e18f;

    private final EngineNetwork network;
    private final int streams;
    private final int horizon;
    private final int window;
    private final boolean reuse;
    private final int nIn;
    private final int nOut;

    private final float[][] inputs;
    private final float[][] targets;
    private final float[][][] gradients;
    private final float[][] pending;
    private int pendingStart;
    private int pendingCount;
    private int windowCount;
    private long steps;
    /** The network was read after the window's forward passes: its training pass computes them again. */
    private boolean recompute;

    private final CellState[] predictionStates;
    private final CellState[] trainingStates;
    private final float[] prediction;
    private double trainingLoss = Double.NaN;
    private MemoryView memoryView;

    private OnlineEngine(MultiLayerNetwork net, int streams, int horizon, int window) {
        this.streams = streams;
        this.horizon = horizon;
        this.window = window;
        this.reuse = horizon == 1;
        int slots = window + 1;
        int maxRows = slots * streams;
        this.network = EngineNetwork.of(net, maxRows, streams);
        this.nIn = network.nIn;
        this.nOut = network.nOut;
        this.inputs = Vectors.rows(maxRows, nIn);
        network.kernels.get(0).in = inputs;
        this.targets = Vectors.rows(window * streams, nOut);
        List<Kernel> kernels = network.kernels;
        this.gradients = new float[kernels.size()][][];
        for (int i = 1; i < kernels.size(); i++) {
            gradients[i] = Vectors.rows(maxRows, kernels.get(i).inputSize);
        }
        this.pending = new float[horizon][streams * nIn];
        this.predictionStates = new CellState[network.memories.size()];
        this.trainingStates = new CellState[network.memories.size()];
        for (int m = 0; m < predictionStates.length; m++) {
            int capacity = network.memories.get(m).cells;
            predictionStates[m] = new CellState(streams, capacity);
            trainingStates[m] = new CellState(streams, capacity);
        }
        this.prediction = new float[streams * nOut];
        network.readFrom(net);
        readRecurrentState(net);
        for (int m = 0; m < predictionStates.length; m++) {
            trainingStates[m].copyFrom(predictionStates[m]);
        }
    }

    /**
     * The number of values a network whose first layer is {@code first} reads per step: a layer
     * type the engine runs knows it ({@link KernelRegistry}), as does any DL4J feed-forward layer;
     * -1 when the layer does not say.
     */
    public static long inputSize(org.deeplearning4j.nn.conf.layers.Layer first) {
        KernelRegistry.Row<?> row = KernelRegistry.of(first);
        if (row != null) {
            return row.inputSize(first);
        }
        return first instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff ? ff.getNIn() : -1;
    }

    /** Why the engine cannot run {@code net}; empty when it can. */
    public static List<String> unsupportedReasons(MultiLayerNetwork net) {
        return EngineSupport.reasons(net);
    }

    /**
     * An engine for {@code net}, with the network's current parameters, updater state and
     * recurrent state.
     *
     * @throws IllegalArgumentException when the engine cannot run the network, with the reasons
     */
    public static OnlineEngine create(MultiLayerNetwork net, int streams, int horizon, int window) {
        List<String> reasons = unsupportedReasons(net);
        if (!reasons.isEmpty()) {
            throw new IllegalArgumentException("the online engine cannot run this network: " + String.join("; ", reasons));
        }
        if (streams < 1 || horizon < 1 || window < 1) {
            throw new IllegalArgumentException("streams, horizon and window must be >= 1, got " + streams + ", "
                    + horizon + " and " + window);
        }
        return new OnlineEngine(net, streams, horizon, window);
    }

    public int streams() {
        return streams;
    }

    public int inputs() {
        return nIn;
    }

    public int outputs() {
        return nOut;
    }

    /**
     * One step of every stream.
     *
     * @param features [streams * inputs], stream-major: this step's input
     * @param target   [streams * outputs]: the value observed at this step, the target of the step
     *                 {@code horizon} back
     * @throws TrainingDivergedException when the training pass of this step was not finite; it was
     *                                   not applied, its window is dropped, and this step's
     *                                   features were not consumed
     */
    public void step(float[] features, float[] target) {
        trainingLoss = Double.NaN;
        if (pendingCount == horizon) {
            int slot = windowCount;
            if (!reuse) {
                copyRows(pending[pendingStart], inputs, slot * streams, nIn);
            }
            copyRows(target, targets, slot * streams, nOut);
            pendingStart = (pendingStart + 1) % horizon;
            pendingCount--;
            windowCount++;
            if (windowCount == window) {
                windowCount = 0;
                train();
            }
        }
        predict(features);
        System.arraycopy(features, 0, pending[(pendingStart + pendingCount) % horizon], 0, features.length);
        pendingCount++;
        steps++;
    }

    /** The prediction of the last step, [streams * outputs]; the array is reused by the next step. */
    public float[] prediction() {
        return prediction;
    }

    /** True when the network has a temporal memory, whose anomaly score {@link #anomaly} reads. */
    public boolean hasAnomaly() {
        return !network.memories.isEmpty();
    }

    /** The first temporal memory's anomaly score of the last step, for stream {@code stream}. */
    public float anomaly(int stream) {
        return network.memories.get(0).anomaly(predictionRow(stream));
    }

    /**
     * The first temporal memory as HTM draws it at the last step (see {@link MemoryView}); made on
     * first call, read only when asked.
     *
     * @throws IllegalStateException when the network has no temporal memory
     */
    public MemoryView memoryView() {
        if (!hasAnomaly()) {
            throw new IllegalStateException("the network has no TemporalMemory: there is no memory to view");
        }
        if (memoryView == null) {
            memoryView = new MemoryView(this, network.memories.get(0));
        }
        return memoryView;
    }

    /** Steps run since the engine was made. */
    long stepCount() {
        return steps;
    }

    /** The kernels' row holding the last prediction of {@code stream}. */
    int predictionRow(int stream) {
        return predictionSlot() * streams + stream;
    }

    /** The loss of the training pass the last step ran (DL4J's score), NaN if it ran none. */
    public double trainingLoss() {
        return trainingLoss;
    }

    /** Forgets the stream: zero state, no pending examples. */
    public void reset() {
        for (int m = 0; m < predictionStates.length; m++) {
            predictionStates[m].clear();
            trainingStates[m].clear();
        }
        pendingStart = 0;
        pendingCount = 0;
        windowCount = 0;
    }

    private int predictionSlot() {
        return reuse ? windowCount : window;
    }

    private void predict(float[] features) {
        int slot = predictionSlot();
        if (reuse && slot == 0) {
            for (int m = 0; m < predictionStates.length; m++) {
                trainingStates[m].copyFrom(predictionStates[m]);
            }
        }
        copyRows(features, inputs, slot * streams, nIn);
        forward(slot * streams, 1, predictionStates);
        float[][] out = network.output.out;
        for (int b = 0; b < streams; b++) {
            System.arraycopy(out[slot * streams + b], 0, prediction, b * nOut, nOut);
        }
    }

    private void forward(int from, int steps, CellState[] states) {
        int memory = 0;
        for (Kernel kernel : network.kernels) {
            CellState state = kernel instanceof MemoryKernel ? states[memory++] : null;
            kernel.forward(from, steps, streams, state);
        }
    }

    /** One training pass over the window's rows [0, window * streams). */
    private void train() {
        int rows = window * streams;
        if (!reuse || recompute) {
            forward(0, window, trainingStates);
            recompute = false;
        }
        List<Kernel> kernels = network.kernels;
        int last = kernels.size() - 1;
        network.output.backward(targets, 0, last == 0 ? null : gradients[last], 0, rows);
        for (int i = last - 1; i >= 0; i--) {
            kernels.get(i).backward(gradients[i + 1], i == 0 ? null : gradients[i], 0, window, streams);
        }
        checkFinite(rows);
        for (Parameter p : network.parameters()) {
            p.beginStep(network.iteration, network.epoch);
        }
        for (Kernel kernel : kernels) {
            kernel.applyUpdates(0, rows, streams);
        }
        for (Parameter p : network.parameters()) {
            p.endStep();
        }
        network.iteration++;
        trainingLoss = score(rows);
        if (reuse) {
            for (int m = 0; m < predictionStates.length; m++) {
                trainingStates[m].copyFrom(predictionStates[m]);
            }
        }
    }

    private void checkFinite(int rows) {
        for (Kernel kernel : network.kernels) {
            float bound = kernel.gradientBound(0, rows);
            if (!(bound < GRADIENT_LIMIT)) {
                if (reuse) {
                    for (int m = 0; m < predictionStates.length; m++) {
                        trainingStates[m].copyFrom(predictionStates[m]);
                    }
                }
                throw new TrainingDivergedException("training diverged: layer "
                        + kernel.layer + "'s gradients are " + (Float.isNaN(bound) ? "not finite" : "beyond " + bound)
                        + " (learning rate " + learningRates() + "); the step was not applied. Lower the learning rate.");
            }
        }
    }

    private String learningRates() {
        StringBuilder s = new StringBuilder();
        for (Parameter p : network.parameters()) {
            double lr = p.learningRate();
            if (!Double.isNaN(lr) && s.indexOf(Double.toString(lr)) < 0) {
                s.append(s.isEmpty() ? "" : ", ").append(lr);
            }
        }
        return s.toString();
    }

    /** DL4J's score: the output loss and the column prediction losses, summed over the rows, per stream. */
    private double score(int rows) {
        double sum = network.output.score(targets, 0, 0, rows);
        for (MemoryKernel m : network.memories) {
            for (int r = 0; r < rows; r++) {
                sum += m.columnLoss(r);
            }
        }
        return sum / streams;
    }

    private static void copyRows(float[] flat, float[][] rows, int firstRow, int width) {
        for (int b = 0; b * width < flat.length; b++) {
            System.arraycopy(flat, b * width, rows[firstRow + b], 0, width);
        }
    }

    // ------------------------------------------------------------------ DL4J

    /**
     * Writes what the engine learned into {@code net}: parameters, updater state, iteration
     * count, and the temporal memories' state (so that {@code rnnTimeStep} continues the stream).
     */
    public void writeTo(MultiLayerNetwork net) {
        network.writeTo(net);
        for (int m = 0; m < predictionStates.length; m++) {
            MemoryKernel memory = network.memories.get(m);
            Map<String, org.nd4j.linalg.api.ndarray.INDArray> state = new HashMap<>();
            dense(predictionStates[m], memory).forEach((key, rows) -> state.put(key, Nd4j.create(rows)));
            ((TemporalMemoryRuntime) net.getLayer(memory.layer)).rnnSetPreviousState(state);
        }
    }

    /**
     * Takes the network's parameters, updater state, iteration count and recurrent state (the
     * state predictions continue from; the state the next training pass starts from stays the
     * engine's).
     */
    public void readFrom(MultiLayerNetwork net) {
        network.readFrom(net);
        readRecurrentState(net);
        recompute = true;
    }

    private void readRecurrentState(MultiLayerNetwork net) {
        for (int m = 0; m < predictionStates.length; m++) {
            MemoryKernel memory = network.memories.get(m);
            var state = ((TemporalMemoryRuntime) net.getLayer(memory.layer)).rnnGetPreviousState();
            var cells = state.get(TemporalMemoryRuntime.STATE_CELLS);
            if (cells == null || cells.size(0) != streams) {
                predictionStates[m].clear();
            } else {
                var winners = state.get(TemporalMemoryRuntime.STATE_WINNERS);
                predictionStates[m].fromDense(cells.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix());
                predictionStates[m].winnersFromDense(winners == null ? null
                        : winners.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix());
            }
        }
    }

    // ------------------------------------------------------------------ exact resume

    /**
     * What, besides the network's arrays, decides the engine's next steps: the examples waiting
     * for their targets, the window's examples, and the temporal memories' state (for predictions,
     * and at the start of the window, for training), by network layer index: its active cells
     * ({@code TemporalMemoryRuntime.STATE_CELLS}) and, for the SEGMENTS memory, its winner cells
     * ({@code STATE_WINNERS}), each as {@code [streams, N]}.
     *
     * @param pending        the features of the steps whose targets have not arrived, oldest first
     * @param windowFeatures the features of the window's completed examples, in order
     * @param windowTargets  their targets
     */
    public record Snapshot(List<float[]> pending, List<float[]> windowFeatures, List<float[]> windowTargets,
                           Map<Integer, Map<String, float[][]>> predictionState,
                           Map<Integer, Map<String, float[][]>> trainingState) {
    }

    /** A copy of the stream's bookkeeping and state; with {@link #writeTo} it is everything a resume needs. */
    public Snapshot snapshot() {
        List<float[]> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < pendingCount; i++) {
            waiting.add(pending[(pendingStart + i) % horizon].clone());
        }
        List<float[]> features = new java.util.ArrayList<>();
        List<float[]> labels = new java.util.ArrayList<>();
        for (int slot = 0; slot < windowCount; slot++) {
            features.add(flatRows(inputs, slot * streams, nIn));
            labels.add(flatRows(targets, slot * streams, nOut));
        }
        Map<Integer, Map<String, float[][]>> prediction = new java.util.TreeMap<>();
        Map<Integer, Map<String, float[][]>> training = new java.util.TreeMap<>();
        for (int m = 0; m < predictionStates.length; m++) {
            MemoryKernel memory = network.memories.get(m);
            prediction.put(memory.layer, dense(predictionStates[m], memory));
            training.put(memory.layer, dense(trainingStates[m], memory));
        }
        return new Snapshot(waiting, features, labels, prediction, training);
    }

    /**
     * Continues from {@code s}: the next step runs as it would have after the snapshot (with the
     * network's arrays read by {@link #readFrom} or at creation). The window's forward passes are
     * computed again at its training pass, from the same state and weights, so they are the same.
     */
    public void restore(Snapshot s) {
        if (s.pending().size() > horizon || s.windowFeatures().size() >= window
                || s.windowFeatures().size() != s.windowTargets().size()) {
            throw new IllegalArgumentException("a snapshot of " + s.pending().size() + " pending and "
                    + s.windowFeatures().size() + " window examples does not fit horizon " + horizon + " and window "
                    + window);
        }
        reset();
        for (float[] p : s.pending()) {
            System.arraycopy(checked(p, streams * nIn, "pending features"), 0, pending[pendingCount++], 0, p.length);
        }
        windowCount = s.windowFeatures().size();
        for (int slot = 0; slot < windowCount; slot++) {
            copyRows(checked(s.windowFeatures().get(slot), streams * nIn, "window features"), inputs, slot * streams,
                    nIn);
            copyRows(checked(s.windowTargets().get(slot), streams * nOut, "window targets"), targets,
                    slot * streams, nOut);
        }
        if (reuse && pendingCount > 0) {
            copyRows(pending[(pendingStart + pendingCount - 1) % horizon], inputs, windowCount * streams, nIn);
        }
        for (int m = 0; m < predictionStates.length; m++) {
            MemoryKernel memory = network.memories.get(m);
            read(s.predictionState(), memory, predictionStates[m]);
            read(s.trainingState(), memory, trainingStates[m]);
        }
        recompute = true;
    }

    private void read(Map<Integer, Map<String, float[][]>> states, MemoryKernel memory, CellState into) {
        Map<String, float[][]> state = states.get(memory.layer);
        float[][] cells = state == null ? null : state.get(TemporalMemoryRuntime.STATE_CELLS);
        if (cells == null || cells.length != streams) {
            throw new IllegalArgumentException("the snapshot has no state of " + streams + " streams for the temporal "
                    + "memory at layer " + memory.layer);
        }
        into.fromDense(cells);
        into.winnersFromDense(state.get(TemporalMemoryRuntime.STATE_WINNERS));
    }

    private static float[] checked(float[] values, int length, String what) {
        if (values.length != length) {
            throw new IllegalArgumentException("the snapshot's " + what + " hold " + values.length + " values, the "
                    + "engine needs " + length);
        }
        return values;
    }

    /** A memory's state as DL4J's recurrent state holds it: key to {@code [streams, N]}. */
    private Map<String, float[][]> dense(CellState state, MemoryKernel memory) {
        Map<String, float[][]> dense = new java.util.TreeMap<>();
        float[][] cells = new float[streams][memory.cells];
        state.toDense(cells);
        dense.put(TemporalMemoryRuntime.STATE_CELLS, cells);
        if (memory.hasWinners()) {
            float[][] winners = new float[streams][memory.cells];
            state.winnersToDense(winners);
            dense.put(TemporalMemoryRuntime.STATE_WINNERS, winners);
        }
        return dense;
    }

    private float[] flatRows(float[][] rows, int firstRow, int width) {
        float[] flat = new float[streams * width];
        for (int b = 0; b < streams; b++) {
            System.arraycopy(rows[firstRow + b], 0, flat, b * width, width);
        }
        return flat;
    }

    @Override
    public String toString() {
        return "OnlineEngine(streams=" + streams + ", horizon=" + horizon + ", window=" + window + ", inputs=" + nIn
                + ", outputs=" + nOut + ", step=" + steps + ", pending=" + pendingCount + ", window examples="
                + windowCount + ")";
    }
}
