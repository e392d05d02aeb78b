package org.deephtm.layers.runtime;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.math.TemporalMemoryMath;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime {@link TemporalMemory}: steps the one-step graph over time, carries the cell state
 * across calls, and backpropagates through time.
 *
 * <p>State follows DL4J's recurrent layers: {@link #activate} starts from zeros; {@link #rnnTimeStep}
 * starts from the stored state and advances it; {@link #rnnActivateUsingStoredState} starts from
 * it without changing it, keeping the final state for truncated BPTT. Gradients stop at the start
 * of each call: the initial state is a constant. Masked (padded) steps hold the state and emit
 * zeros.
 */
public class TemporalMemoryRuntime extends HtmLayerRuntime<TemporalMemory> implements RecurrentLayer {

    /** Key of the cell state a_{t-1} [minibatch, cells] in {@link #rnnGetPreviousState()}. */
    public static final String STATE_CELLS = "cells";
    /** Key of the winner cells [minibatch, cells] (0/1), SEGMENTS connectivity only. */
    public static final String STATE_WINNERS = "winners";

    private static final String COLUMNS = "columns";
    private static final String PREV_CELLS = "prevCells";
    private static final String STEP_WEIGHT = "stepWeight";
    private static final String OUTPUT = "output";
    private static final String CELLS = "cells";
    private static final String ANOMALY = "anomaly";
    private static final String COLUMN_LOSS = "columnLoss";
    private static final String D_OUTPUT = "dOutput";
    private static final String D_CELLS = "dCells";
    private static final String D_ANOMALY = "dAnomaly";
    private static final String D_COLUMNS = "dColumns";
    private static final String D_PREV_CELLS = "dPrevCells";
    private static final String EXCITATION = "excitation";
    private static final String TARGET = "target";
    private static final String LOSS_MASK = "lossMask";

    private Map<String, INDArray> state = new HashMap<>();
    private Map<String, INDArray> tbpttState = new HashMap<>();
    /** [T+1, b, N]: the cell state before each step of the last training forward pass, and after the last. */
    private INDArray cellTrace;
    private INDArray anomalyScores;
    private double columnLoss;
    /** SEGMENTS: the rule's decisions of the last training forward pass, applied after its gradient. */
    private SegmentLearning segmentLearning;

    public TemporalMemoryRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** One step forward: columns and previous cells in; output, cells, anomaly (and column loss, or excitations) out. */
    private LayerGraph stepGraph() {
        return graph("step", g -> {
            TemporalMemory tm = layerConf();
            var columns = g.input(COLUMNS, -1, tm.getColumns());
            var prevCells = g.input(PREV_CELLS, -1, tm.cellCount());
            if (segments()) {
                TemporalMemoryMath.SegmentStep step = TemporalMemoryMath.segmentStep(g.sameDiff(), tm, columns,
                        prevCells, g.params());
                g.output(OUTPUT, step.output());
                g.output(CELLS, step.activeCells());
                g.output(ANOMALY, step.anomaly());
                g.output(EXCITATION, step.excitation());
                return;
            }
            TemporalMemoryMath.Step step = TemporalMemoryMath.step(g.sameDiff(), tm, columns, prevCells, g.params());
            g.output(OUTPUT, step.output());
            g.output(CELLS, step.activeCells());
            g.output(ANOMALY, step.anomaly());
            if (step.columnLoss() != null) {
                var weight = g.input(STEP_WEIGHT, -1);
                g.output(COLUMN_LOSS, step.columnLoss().mul(weight).sum());
            }
        });
    }

    /** One step backward, written out ({@link TemporalMemoryMath#stepBackward}, {@link TemporalMemoryMath#segmentStepBackward}). */
    private LayerGraph stepGradientGraph() {
        return graph("step gradient", g -> {
            TemporalMemory tm = layerConf();
            var columns = g.input(COLUMNS, -1, tm.getColumns());
            var prevCells = g.input(PREV_CELLS, -1, tm.cellCount());
            var dOutput = g.input(D_OUTPUT, -1, tm.cellCount());
            var dCells = g.input(D_CELLS, -1, tm.cellCount());
            var dAnomaly = tm.isAnomalyOutput() ? g.input(D_ANOMALY, -1) : null;
            var weight = hasColumnLoss() ? g.input(STEP_WEIGHT, -1) : null;
            if (segments()) {
                var target = hasColumnLoss() ? g.input(TARGET, -1, tm.segmentCount()) : null;
                var mask = hasColumnLoss() ? g.input(LOSS_MASK, -1, tm.segmentCount()) : null;
                TemporalMemoryMath.SegmentStepGradients gradients = TemporalMemoryMath.segmentStepBackward(
                        g.sameDiff(), tm, columns, prevCells, dOutput, dAnomaly, dCells, weight, target, mask,
                        g.params());
                g.output(D_COLUMNS, gradients.columns());
                g.output(D_PREV_CELLS, gradients.prevCells());
                g.output(LayerGraph.gradientName(TemporalMemory.SEGMENT_WEIGHTS_KEY), gradients.weights());
                g.output(LayerGraph.gradientName(TemporalMemory.SEGMENT_BIAS_KEY), gradients.bias());
                return;
            }
            TemporalMemoryMath.StepGradients gradients = TemporalMemoryMath.stepBackward(g.sameDiff(), tm, columns,
                    prevCells, dOutput, dAnomaly, dCells, weight, g.params());
            g.output(D_COLUMNS, gradients.columns());
            g.output(D_PREV_CELLS, gradients.prevCells());
            g.output(LayerGraph.gradientName(TemporalMemory.DISTAL_KEY), gradients.distal());
            g.output(LayerGraph.gradientName(TemporalMemory.BIAS_KEY), gradients.bias());
        });
    }

    private boolean segments() {
        return layerConf().getConnectivity() == TemporalMemory.Connectivity.SEGMENTS;
    }

    private boolean hasColumnLoss() {
        return layerConf().getColumnPredictionLoss() > 0;
    }

    // ------------------------------------------------------------------ forward

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return forward(input, Map.of(), training, workspaceMgr).output();
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(input, state, false, workspaceMgr);
        state = f.finalState();
        return f.output();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(input, state, training, workspaceMgr);
        if (storeLastForTBPTT) {
            tbpttState = f.finalState();
        }
        return f.output();
    }

    private record Forward(INDArray output, Map<String, INDArray> finalState) {
    }

    /**
     * Runs the steps from {@code initial} (zeros when empty); keeps the trace when training. The
     * SEGMENTS memory also runs the rule at every step (its winners are state), and keeps its
     * decisions of a training pass for the backward pass.
     */
    private Forward forward(INDArray in, Map<String, INDArray> initial, boolean training,
            LayerWorkspaceMgr workspaceMgr) {
        INDArray initialCells = initial.get(STATE_CELLS);
        validateInput(in);
        TemporalMemory tm = layerConf();
        long batch = in.size(0);
        int steps = (int) in.size(2);
        long cells = tm.cellCount();
        checkStateBatch(initialCells, batch);

        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, new long[] {batch, tm.outputSize(), steps},
                'f');
        // Training keeps every step's starting state for backpropagation; inference alternates two buffers.
        INDArray trace = Nd4j.createUninitializedDetached(dataType, training ? steps + 1 : 2, batch, cells);
        INDArray anomaly = Nd4j.createUninitializedDetached(dataType, batch, steps);
        INDArray stepLoss = Nd4j.createUninitializedDetached(dataType);
        INDArray start = slot(trace, 0, training);
        if (initialCells == null) {
            start.assign(0);
        } else {
            start.assign(initialCells);
        }

        SegmentLearning rule = segments() ? new SegmentLearning(tm, conf().getSeed(), paramTable(), batch, steps,
                initial.get(STATE_WINNERS)) : null;
        INDArray excitation = rule == null ? null
                : Nd4j.createUninitializedDetached(dataType, batch, tm.segmentCount());
        double lossSum = 0;
        for (int t = 0; t < steps; t++) {
            INDArray prev = slot(trace, t, training);
            INDArray next = slot(trace, t + 1, training);
            INDArray emitted = timeSlice(out, t);
            INDArray anomalyT = anomaly.get(NDArrayIndex.all(), NDArrayIndex.point(t));
            INDArray weight = stepWeight(t, batch);

            Map<String, INDArray> inputs = new HashMap<>();
            inputs.put(COLUMNS, timeSlice(in, t).dup('c'));
            inputs.put(PREV_CELLS, prev);
            Map<String, INDArray> results = new LinkedHashMap<>();
            results.put(OUTPUT, emitted);
            results.put(CELLS, next);
            results.put(ANOMALY, anomalyT);
            if (rule != null) {
                results.put(EXCITATION, excitation);
            } else if (hasColumnLoss()) {
                inputs.put(STEP_WEIGHT, weight);
                results.put(COLUMN_LOSS, stepLoss);
            }
            stepGraph().forward(inputs, results);
            if (rule != null) {
                lossSum += rule.decide(t, inputs.get(COLUMNS), prev, excitation, weight);
            }

            if (maskArray != null) {
                holdMaskedRows(next, prev, weight);
                emitted.muliColumnVector(weight.reshape(batch, 1));
                anomalyT.muli(weight);
            }
            if (rule == null && hasColumnLoss()) {
                lossSum += stepLoss.getDouble(0);
            }
        }
        LayerChecks.requireFiniteOutput(out, in, site(), paramTable());
        cellTrace = training ? trace : null;
        segmentLearning = training ? rule : null;
        anomalyScores = anomaly;
        columnLoss = hasColumnLoss() ? lossSum / batch : 0;
        INDArray finalCells = slot(trace, steps, training);
        Map<String, INDArray> finalState = new HashMap<>();
        finalState.put(STATE_CELLS, Nd4j.createUninitializedDetached(dataType, finalCells.shape()).assign(finalCells));
        if (rule != null) {
            finalState.put(STATE_WINNERS, rule.finalWinners(dataType));
        }
        return new Forward(out, finalState);
    }

    // ------------------------------------------------------------------ backward

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backpropagate(epsilon, Integer.MAX_VALUE, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        return backpropagate(epsilon, tbpttBackLength, workspaceMgr);
    }

    /** Backpropagation through the last {@code maxSteps} steps of the last training forward pass. */
    private Pair<Gradient, INDArray> backpropagate(INDArray epsilon, int maxSteps, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (cellTrace == null || cellTrace.size(0) != input.size(2) + 1) {
            throw new IllegalStateException("TemporalMemory backpropGradient needs a training forward pass "
                    + "(activate(true, ...)) on the same input first");
        }
        LayerChecks.requireFiniteGradient(epsilon, site());
        TemporalMemory tm = layerConf();
        long batch = input.size(0);
        int steps = (int) input.size(2);
        int first = Math.max(0, steps - maxSteps);

        INDArray inputGradient = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {batch, tm.getColumns(), steps}, 'f');
        Map<String, INDArray> paramGradients = clearedTrainableGradients();
        INDArray cellGradient = Nd4j.zeros(dataType, batch, tm.cellCount());
        INDArray prevGradient = Nd4j.createUninitializedDetached(dataType, batch, tm.cellCount());

        Map<String, INDArray> accumulators = new LinkedHashMap<>();
        paramGradients.forEach((key, view) -> accumulators.put(LayerGraph.gradientName(key), view));
        long cells = tm.cellCount();
        for (int t = steps - 1; t >= first; t--) {
            INDArray weight = stepWeight(t, batch);
            INDArray outputGradient = timeSlice(epsilon, t);
            INDArray cellOutputGradient = outputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cells))
                    .dup('c');
            INDArray heldGradient = null;
            if (maskArray != null) {
                // Masked rows passed a_{t-1} through unchanged: their gradient goes straight to a_{t-1}.
                heldGradient = cellGradient.mulColumnVector(weight.rsub(1.0).reshape(batch, 1));
                cellGradient.muliColumnVector(weight.reshape(batch, 1));
                cellOutputGradient.muliColumnVector(weight.reshape(batch, 1));
            }
            Map<String, INDArray> inputs = new HashMap<>();
            inputs.put(COLUMNS, timeSlice(input, t).dup('c'));
            inputs.put(PREV_CELLS, cellTrace.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()));
            inputs.put(D_OUTPUT, cellOutputGradient);
            inputs.put(D_CELLS, cellGradient);
            if (tm.isAnomalyOutput()) {
                inputs.put(D_ANOMALY, outputGradient.get(NDArrayIndex.all(), NDArrayIndex.point(cells)).mul(weight));
            }
            if (hasColumnLoss()) {
                inputs.put(STEP_WEIGHT, weight);
                if (segmentLearning != null) {
                    INDArray[] targets = segmentLearning.targets(t, dataType);
                    inputs.put(TARGET, targets[0]);
                    inputs.put(LOSS_MASK, targets[1]);
                }
            }
            Map<String, INDArray> destinations = new LinkedHashMap<>();
            destinations.put(D_COLUMNS, timeSlice(inputGradient, t));
            if (t > first) {
                destinations.put(D_PREV_CELLS, prevGradient);
            }
            stepGradientGraph().forward(inputs, destinations, accumulators);
            if (heldGradient != null && t > first) {
                prevGradient.addi(heldGradient);
            }
            INDArray swap = cellGradient;
            cellGradient = prevGradient;
            prevGradient = swap;
        }
        if (segmentLearning != null && tm.isStructureLearning()) {
            segmentLearning.apply(paramTable(), paramGradients);
        }
        segmentLearning = null;
        return new Pair<>(gradientForAllParams(), inputGradient);
    }

    // ------------------------------------------------------------------ state

    /**
     * The anomaly score of every step of the last forward pass, [minibatch, time]: the share of the
     * active columns that were not predicted (0 at masked steps).
     */
    public INDArray anomalyScores() {
        return anomalyScores;
    }

    /** The column prediction loss of the last forward pass, per example (0 when disabled). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return columnLoss;
    }

    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return new HashMap<>(state);
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        state = checkedState(stateMap);
    }

    @Override
    public void rnnClearPreviousState() {
        state = new HashMap<>();
        tbpttState = new HashMap<>();
    }

    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return new HashMap<>(tbpttState);
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> stateMap) {
        tbpttState = checkedState(stateMap);
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public void clear() {
        super.clear();
        cellTrace = null;
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, INDArray> checkedState(Map<String, INDArray> stateMap) {
        Map<String, INDArray> copy = new HashMap<>();
        if (stateMap == null || stateMap.isEmpty()) {
            return copy;
        }
        INDArray cells = stateMap.get(STATE_CELLS);
        long expected = layerConf().cellCount();
        if (cells == null || cells.rank() != 2 || cells.size(1) != expected) {
            throw new IllegalArgumentException("TemporalMemory state must map \"" + STATE_CELLS + "\" to an array of "
                    + "shape [minibatch, " + expected + "], got " + (cells == null ? "keys " + stateMap.keySet()
                    : Arrays.toString(cells.shape())));
        }
        copy.put(STATE_CELLS, cells.isAttached() ? cells.detach() : cells);
        INDArray winners = stateMap.get(STATE_WINNERS);
        if (winners != null) {
            if (winners.rank() != 2 || winners.size(1) != expected || winners.size(0) != cells.size(0)) {
                throw new IllegalArgumentException("TemporalMemory state \"" + STATE_WINNERS + "\" must be an array "
                        + "of shape " + Arrays.toString(cells.shape()) + ", got " + Arrays.toString(winners.shape()));
            }
            copy.put(STATE_WINNERS, winners.isAttached() ? winners.detach() : winners);
        }
        return copy;
    }

    private void checkStateBatch(INDArray cells, long batch) {
        if (cells != null && cells.size(0) != batch) {
            throw new IllegalStateException("TemporalMemory has a stored state for minibatch " + cells.size(0)
                    + " but the input has minibatch " + batch + "; call rnnClearPreviousState() before changing it");
        }
    }

    /** 1 for the examples whose step t is real, 0 for padded ones; all ones without a mask. */
    private INDArray stepWeight(int t, long batch) {
        if (maskArray == null) {
            return Nd4j.ones(dataType, batch);
        }
        return maskArray.get(NDArrayIndex.all(), NDArrayIndex.point(t)).castTo(dataType).reshape(batch).dup();
    }

    private static void holdMaskedRows(INDArray next, INDArray prev, INDArray weight) {
        long batch = next.size(0);
        INDArray keep = weight.reshape(batch, 1);
        next.muliColumnVector(keep).addi(prev.mulColumnVector(keep.rsub(1.0)));
    }

    private static INDArray slot(INDArray trace, int t, boolean training) {
        return trace.get(NDArrayIndex.point(training ? t : t % 2), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static INDArray timeSlice(INDArray sequence, int t) {
        return sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
    }

    private void validateInput(INDArray in) {
        TemporalMemory tm = layerConf();
        LayerChecks.requireShape(in, tm.describe(), 3, tm.getColumns(), "[minibatch, " + tm.getColumns() + ", time]");
        LayerChecks.requireFiniteInput(in, site());
    }
}
