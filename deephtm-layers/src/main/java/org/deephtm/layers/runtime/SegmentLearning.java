package org.deephtm.layers.runtime;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.math.Dendrites;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The host side of a SEGMENTS temporal memory's forward and backward pass: the rule
 * ({@link Dendrites}) run on a copy of the layer's structure (its {@code presynaptic},
 * {@code recency}, {@code hits} and {@code visits} state parameters), the winner cells it carries
 * from step to step, the targets
 * of the column prediction loss, and, after the gradient, the growth written back into the
 * parameters. The online engine runs the same rule on its own copy, so both grow the same
 * structure.
 */
final class SegmentLearning {

    private final TemporalMemory tm;
    private final long batch;
    private final int steps;
    private final float[][] presynaptic;
    private final float[] recency;
    private final float[] hits;
    private final float[] visits;
    private final Dendrites dendrites;
    private final Dendrites.Activity activity;
    /** [step * batch + example]. */
    private final Dendrites.Step[] decided;
    /** The winner cells of each example, carried from step to step. */
    private final int[][] winners;
    private final int[] winnerCount;
    private final int[] cellList;
    private final float[] valueList;

    /**
     * @param initialWinners the winners before the first step, [batch, N] 0/1; null for none
     */
    SegmentLearning(TemporalMemory tm, long seed, Map<String, INDArray> params, long batch, int steps,
            INDArray initialWinners) {
        this.tm = tm;
        this.batch = batch;
        this.steps = steps;
        this.presynaptic = params.get(TemporalMemory.PRESYNAPTIC_KEY).castTo(DataType.FLOAT).toFloatMatrix();
        this.recency = params.get(TemporalMemory.RECENCY_KEY).castTo(DataType.FLOAT).toFloatVector();
        this.hits = params.get(TemporalMemory.HITS_KEY).castTo(DataType.FLOAT).toFloatVector();
        this.visits = params.get(TemporalMemory.VISITS_KEY).castTo(DataType.FLOAT).toFloatVector();
        this.dendrites = new Dendrites(tm, seed, presynaptic, recency, hits, visits);
        this.activity = new Dendrites.Activity((int) tm.segmentCount());
        this.decided = new Dendrites.Step[(int) (steps * batch)];
        for (int i = 0; i < decided.length; i++) {
            decided[i] = new Dendrites.Step();
        }
        int cells = (int) tm.cellCount();
        this.winners = new int[(int) batch][cells];
        this.winnerCount = new int[(int) batch];
        this.cellList = new int[cells];
        this.valueList = new float[cells];
        if (initialWinners != null) {
            float[][] dense = initialWinners.castTo(DataType.FLOAT).toFloatMatrix();
            for (int b = 0; b < batch; b++) {
                for (int n = 0; n < cells; n++) {
                    if (dense[b][n] != 0) {
                        winners[b][winnerCount[b]++] = n;
                    }
                }
            }
        }
    }

    /**
     * Runs the rule for step {@code t} of every example whose step is real ({@code weight} 1):
     * decides its winners and targets from the step's activity; returns the column prediction loss
     * summed over the examples.
     *
     * @param columns    s_t [batch, C]
     * @param prevCells  a_{t-1} [batch, N]
     * @param excitation z [batch, N*S], the graph's
     * @param weight     1 for real steps, 0 for padding [batch]
     */
    double decide(int t, INDArray columns, INDArray prevCells, INDArray excitation, INDArray weight) {
        float[][] x = columns.castTo(DataType.FLOAT).toFloatMatrix();
        float[][] prev = prevCells.castTo(DataType.FLOAT).toFloatMatrix();
        double[][] excited = excitation.castTo(DataType.DOUBLE).toDoubleMatrix();
        float[] z = new float[excited.length == 0 ? 0 : excited[0].length];
        float[] w = weight.castTo(DataType.FLOAT).toFloatVector();
        double loss = 0;
        dendrites.forgetClaims();
        for (int b = 0; b < batch; b++) {
            Dendrites.Step step = decided[(int) (t * batch + b)];
            if (w[b] == 0) {
                step.clear();
                continue;
            }
            int n = 0;
            for (int cell = 0; cell < prev[b].length; cell++) {
                if (prev[b][cell] != 0) {
                    cellList[n] = cell;
                    valueList[n++] = prev[b][cell];
                }
            }
            for (int s = 0; s < z.length; s++) {
                z[s] = (float) excited[b][s];
            }
            dendrites.activate(cellList, valueList, n, null, null, activity);
            activity.excitationsFrom(z);
            dendrites.decide(x[b], activity, cellList, n, winners[b], winnerCount[b], step);
            System.arraycopy(step.winners(), 0, winners[b], 0, step.winnerCount());
            winnerCount[b] = step.winnerCount();
            loss += columnLoss(step, excited[b]);
        }
        return loss;
    }

    /** {@code lambda / C sum softplus(z) - t z} over a step's targets, from the excitations in the network's precision. */
    private double columnLoss(Dendrites.Step step, double[] excitation) {
        double sum = 0;
        for (int i = 0; i < step.targetCount(); i++) {
            double z = excitation[step.targetSegment(i)];
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - step.target(i) * z;
        }
        return tm.getColumnPredictionLoss() * sum / tm.getColumns();
    }

    /** The winners after the last step, [batch, N] 0/1, outside any workspace (it is state). */
    INDArray finalWinners(DataType type) {
        float[][] dense = new float[(int) batch][(int) tm.cellCount()];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < winnerCount[b]; i++) {
                dense[b][winners[b][i]] = 1f;
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(dense).castTo(type);
        }
    }

    /** The rule's targets of step {@code t} [batch, N*S], and 1 where a segment has one (the loss's mask). */
    INDArray[] targets(int t, DataType type) {
        int segments = (int) tm.segmentCount();
        float[][] target = new float[(int) batch][segments];
        float[][] mask = new float[(int) batch][segments];
        for (int b = 0; b < batch; b++) {
            Dendrites.Step step = decided[(int) (t * batch + b)];
            for (int i = 0; i < step.targetCount(); i++) {
                target[b][step.targetSegment(i)] = step.target(i);
                mask[b][step.targetSegment(i)] = 1f;
            }
        }
        return new INDArray[] {Nd4j.create(target).castTo(type), Nd4j.create(mask).castTo(type)};
    }

    /**
     * Applies the growth the rule planned for every step, in order, into the layer's parameters,
     * dropping the gradient of each synapse and segment it changes; writes the structure back.
     */
    void apply(Map<String, INDArray> params, Map<String, INDArray> gradients) {
        INDArray weights = params.get(TemporalMemory.SEGMENT_WEIGHTS_KEY);
        INDArray bias = params.get(TemporalMemory.SEGMENT_BIAS_KEY);
        INDArray dWeights = gradients.get(TemporalMemory.SEGMENT_WEIGHTS_KEY);
        INDArray dBias = gradients.get(TemporalMemory.SEGMENT_BIAS_KEY);
        dendrites.apply(decided, 0, decided.length, new Dendrites.Weights() {
            @Override
            public float weight(int segment, int synapse) {
                return weights.getFloat(segment, synapse);
            }

            @Override
            public void synapseChanged(int segment, int synapse, float weight) {
                weights.putScalar(segment, synapse, weight);
                if (dWeights != null) {
                    dWeights.putScalar(segment, synapse, 0);
                }
            }

            @Override
            public void segmentReset(int segment) {
                bias.putScalar(0, segment, 0);
                if (dBias != null) {
                    dBias.putScalar(0, segment, 0);
                }
            }
        });
        params.get(TemporalMemory.PRESYNAPTIC_KEY).assign(Nd4j.create(presynaptic));
        params.get(TemporalMemory.RECENCY_KEY).assign(Nd4j.create(recency, new long[] {1, recency.length}));
        params.get(TemporalMemory.HITS_KEY).assign(Nd4j.create(hits, new long[] {1, hits.length}));
        params.get(TemporalMemory.VISITS_KEY).assign(Nd4j.create(visits, new long[] {1, visits.length}));
    }

    int steps() {
        return steps;
    }
}
