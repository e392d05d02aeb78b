package org.deephtm.layers.math;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.ops.Anomaly;
import org.deephtm.layers.ops.CellActivity;
import org.deephtm.layers.ops.ColumnPredictionLoss;
import org.deephtm.layers.ops.SegmentActivity;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * The temporal memory's math for one time step, forward beside backward:
 * <pre>
 *   pi_t = sigmoid(a_{t-1} . D + e)                          predictive cells   [b, C*K]
 *   p_t  = max_k pi_t[:, c, k]                               column prediction  [b, C]
 *   a_t  = s_t[:, :, None] * (pi_t + (1 - p_t)[:, :, None])   active cells: predicted, or burst
 *   A_t  = 1 - sum_c [s_t != 0] p_t / sum_c [s_t != 0]        anomaly score      [b]
 *   y_t  = sigmoid(a_t . D + e)  (PREDICTIVE)  or  a_t  (ACTIVE)
 *   L_col = lambda mean_c BCE(pi_t, winners of the active columns)   (ColumnPredictionLoss)
 * </pre>
 * The runtime ({@code TemporalMemoryRuntime}) steps it over time and carries {@code a_t}; the
 * online engine's kernel computes the same in plain Java, and the tests hold the two equal.
 */
public final class TemporalMemoryMath {

    private TemporalMemoryMath() {
    }

    /**
     * One step's results: the emitted values, the active cells (the next step's state), the anomaly
     * score [b], and the column prediction loss per example [b] (null when disabled).
     */
    public record Step(SDVariable output, SDVariable activeCells, SDVariable anomaly, SDVariable columnLoss) {
    }

    /**
     * The gradients of one step: with respect to its columns s_t [b, C], its starting state
     * a_{t-1} [b, N], and the parameters D [N, N] and e [1, C].
     */
    public record StepGradients(SDVariable columns, SDVariable prevCells, SDVariable distal, SDVariable bias) {
    }

    /** A step's forward quantities, shared by {@link #step} and {@link #stepBackward}. */
    private record Quantities(SDVariable logits, SDVariable soft, SDVariable predictive, SDVariable columnPrediction,
                              SDVariable activeColumns, SDVariable active, SDVariable nextSoft, SDVariable emitted,
                              SDVariable anomaly) {
    }

    private static Quantities quantities(SameDiff sd, TemporalMemory tm, SDVariable columns, SDVariable prevCells,
            Map<String, SDVariable> p) {
        long columnCount = tm.getColumns();
        int k = tm.getCellsPerColumn();
        boolean binary = tm.getCells() == TemporalMemory.Cells.BINARY;
        double threshold = tm.getPredictionThreshold();
        SDVariable distal = p.get(TemporalMemory.DISTAL_KEY);
        SDVariable bias = p.get(TemporalMemory.BIAS_KEY);
        SDVariable logits = CellActivity.predictionLogits(prevCells, distal, bias);
        SDVariable soft = sd.nn.sigmoid(logits);
        SDVariable predictive = CellActivity.predictive(sd, soft, binary, threshold);
        SDVariable columnPrediction = CellActivity.columnMax(predictive, columnCount, k);
        SDVariable activeColumns = CellActivity.activeColumns(sd, columns);
        SDVariable active = CellActivity.active(columns, predictive, columnPrediction, columnCount, k);
        SDVariable anomaly = Anomaly.score(activeColumns, columnPrediction);
        SDVariable nextSoft = null;
        SDVariable emitted = active;
        if (tm.getOutput() == TemporalMemory.Output.PREDICTIVE) {
            nextSoft = sd.nn.sigmoid(CellActivity.predictionLogits(active, distal, bias));
            emitted = CellActivity.predictive(sd, nextSoft, binary, threshold);
        }
        if (tm.isAnomalyOutput()) {
            emitted = sd.concat(1, emitted, anomaly.reshape(-1, 1));
        }
        return new Quantities(logits, soft, predictive, columnPrediction, activeColumns, active, nextSoft, emitted,
                anomaly);
    }

    /**
     * The graph of one time step.
     *
     * @param columns   s_t, [b, C]
     * @param prevCells a_{t-1}, [b, C*K]
     */
    public static Step step(SameDiff sd, TemporalMemory tm, SDVariable columns, SDVariable prevCells,
            Map<String, SDVariable> params) {
        Quantities q = quantities(sd, tm, columns, prevCells, params);
        SDVariable columnLoss = tm.getColumnPredictionLoss() == 0 ? null
                : ColumnPredictionLoss.perExample(sd, q.logits(), q.activeColumns(), tm.getColumns(),
                        tm.getCellsPerColumn()).mul(tm.getColumnPredictionLoss());
        return new Step(q.emitted(), q.active(), q.anomaly(), columnLoss);
    }

    /**
     * The graph of one step's backward pass: the gradients of
     * {@code L = sum(y_t * dOutput) + sum(a_t * dCells) + sum(A_t * dAnomaly) + sum_b weight_b L_col}
     * (L_col the column prediction loss per example). BINARY cells are straight-through: their
     * thresholds pass the sigmoid's gradient.
     *
     * @param dOutput    dL/dy_t for the cell rows, [b, N]
     * @param dAnomaly   dL/dA_t, [b]; null unless {@code anomalyOutput}
     * @param dCells     dL/da_t from the following steps, [b, N]
     * @param stepWeight the column loss weight of each example, [b]; null when the loss is disabled
     */
    public static StepGradients stepBackward(SameDiff sd, TemporalMemory tm, SDVariable columns, SDVariable prevCells,
            SDVariable dOutput, SDVariable dAnomaly, SDVariable dCells, SDVariable stepWeight,
            Map<String, SDVariable> params) {
        long columnCount = tm.getColumns();
        int k = tm.getCellsPerColumn();
        double lambda = tm.getColumnPredictionLoss();
        Quantities q = quantities(sd, tm, columns, prevCells, params);
        SDVariable distal = params.get(TemporalMemory.DISTAL_KEY);
        SDVariable ones = sd.onesLike(columns).mean(1).reshape(1, -1); // [1, b] without a length-1 reduction

        SDVariable dActive = dCells;
        SDVariable dDistal = null;
        SDVariable dBias = null;
        if (tm.getOutput() == TemporalMemory.Output.PREDICTIVE) {
            SDVariable dNextLogits = CellActivity.sigmoidBackward(dOutput, q.nextSoft());
            CellActivity.LogitGradients next = CellActivity.predictionLogitsBackward(sd, dNextLogits, q.active(),
                    distal, ones, columnCount, k);
            dActive = dActive.add(next.cells());
            dDistal = next.distal();
            dBias = next.bias();
        } else {
            dActive = dActive.add(dOutput);
        }
        CellActivity.ActiveGradients active = CellActivity.activeBackward(dActive, columns, q.predictive(),
                q.columnPrediction(), columnCount, k);
        SDVariable dColumnPrediction = active.columnPrediction();
        if (tm.isAnomalyOutput()) {
            dColumnPrediction = dColumnPrediction.add(Anomaly.scoreBackward(dAnomaly, q.activeColumns()));
        }
        SDVariable dPredictive = active.predictive().add(CellActivity.columnMaxBackward(sd, dColumnPrediction,
                q.predictive(), columnCount, k));
        SDVariable dLogits = CellActivity.sigmoidBackward(dPredictive, q.soft());
        if (lambda > 0) {
            dLogits = dLogits.add(ColumnPredictionLoss.perExampleBackward(sd, q.logits(), q.soft(), q.activeColumns(),
                    columnCount, k).mul(stepWeight.reshape(-1, 1).mul(lambda)));
        }
        CellActivity.LogitGradients first = CellActivity.predictionLogitsBackward(sd, dLogits, prevCells, distal, ones,
                columnCount, k);
        dDistal = dDistal == null ? first.distal() : dDistal.add(first.distal());
        dBias = dBias == null ? first.bias() : dBias.add(first.bias());
        return new StepGradients(active.columns(), first.cells(), dDistal, dBias);
    }

    // ------------------------------------------------------------------ SEGMENTS connectivity

    /**
     * One SEGMENTS step's results: what the layer emits, the active cells, the anomaly score, and
     * every segment's excitation z [b, N*S], from which {@link Dendrites} decides the winners and
     * the learning targets.
     */
    public record SegmentStep(SDVariable output, SDVariable activeCells, SDVariable anomaly, SDVariable excitation) {
    }

    /** A prediction of the cells from the active cells before it (one step of the segments). */
    private record Prediction(SDVariable index, SDVariable seen, SDVariable excitation, SDVariable soft,
                              SDVariable activeSegments, SDVariable segmentPrediction, SDVariable cellPrediction) {
    }

    private static Prediction predict(SameDiff sd, TemporalMemory tm, SDVariable cells, Map<String, SDVariable> p) {
        int perCell = tm.getSegmentsPerCell();
        int synapses = tm.getSynapsesPerSegment();
        double threshold = tm.getPredictionThreshold();
        SDVariable presynapticCells = p.get(TemporalMemory.PRESYNAPTIC_KEY);
        SDVariable index = SegmentActivity.gatherIndex(sd, presynapticCells, tm.cellCount());
        SDVariable seen = SegmentActivity.presynaptic(sd, cells, index);
        SDVariable z = SegmentActivity.excitation(seen, p.get(TemporalMemory.SEGMENT_WEIGHTS_KEY),
                p.get(TemporalMemory.SEGMENT_BIAS_KEY), synapses);
        SDVariable soft = sd.nn.sigmoid(z);
        SDVariable active = SegmentActivity.active(sd, seen, presynapticCells, z, tm.getMatchFraction(),
                Math.log(threshold / (1 - threshold)), synapses);
        if (tm.getMinHitRate() > 0) {
            active = active.mul(SegmentActivity.reliable(sd, p.get(TemporalMemory.HITS_KEY),
                    p.get(TemporalMemory.VISITS_KEY), tm.getMinHitRate()));
        }
        // BINARY cells: a predicted cell is 1, straight-through (predictBackward passes the sigmoid's gradient)
        SDVariable segmentPrediction = tm.getCells() == TemporalMemory.Cells.BINARY ? active : active.mul(soft);
        SDVariable cellPrediction = perCell == 1 ? segmentPrediction
                : segmentPrediction.reshape(-1, tm.cellCount(), perCell).max(2);
        return new Prediction(index, seen, z, soft, active, segmentPrediction, cellPrediction);
    }

    /** The gradient of the excitations from that of the cells' predictions: to the segment that gives its cell's prediction (ties share). */
    private static SDVariable predictBackward(SameDiff sd, TemporalMemory tm, Prediction q, SDVariable dCellPrediction) {
        int perCell = tm.getSegmentsPerCell();
        SDVariable dSegment;
        if (perCell == 1) {
            dSegment = dCellPrediction;
        } else {
            long n = tm.cellCount();
            SDVariable bySegment = q.segmentPrediction().reshape(-1, n, perCell);
            SDVariable isMax = sd.eq(bySegment, q.cellPrediction().reshape(-1, n, 1)).castTo(bySegment.dataType());
            SDVariable share = isMax.div(isMax.sum(true, 2));
            dSegment = share.mul(dCellPrediction.reshape(-1, n, 1)).reshape(-1, tm.segmentCount());
        }
        return dSegment.mul(q.activeSegments()).mul(q.soft()).mul(q.soft().rsub(1.0));
    }

    /** The gradients of a prediction's weights and of its cells from its excitations' gradient. */
    private record PredictionGradients(SDVariable cells, SDVariable weights, SDVariable bias) {
    }

    private static PredictionGradients predictWeightsBackward(SameDiff sd, TemporalMemory tm, Prediction q,
            SDVariable dz, SDVariable ones, Map<String, SDVariable> p) {
        long segments = tm.segmentCount();
        int synapses = tm.getSynapsesPerSegment();
        SDVariable dzPerSynapse = dz.reshape(-1, segments, 1);
        // summed over the minibatch by a product with ones: a reduction over an axis of length 1 fails in M2.1
        SDVariable dWeights = ones.mmul(dzPerSynapse.mul(q.seen()).reshape(-1, segments * synapses))
                .reshape(segments, synapses);
        SDVariable dBias = ones.mmul(dz);
        SDVariable dSeen = dzPerSynapse.mul(p.get(TemporalMemory.SEGMENT_WEIGHTS_KEY));
        SDVariable dCells = SegmentActivity.presynapticBackward(sd, dSeen, q.index(), tm.cellCount(),
                segments * synapses);
        return new PredictionGradients(dCells, dWeights, dBias);
    }

    /** A SEGMENTS step's forward quantities, shared by {@link #segmentStep} and {@link #segmentStepBackward}. */
    private record SegmentQuantities(Prediction now, SDVariable columnPrediction, SDVariable predictedColumns,
                                     SDVariable activeColumns, SDVariable active, SDVariable share,
                                     SDVariable anomaly, Prediction next, SDVariable emitted) {
    }

    private static SegmentQuantities segmentQuantities(SameDiff sd, TemporalMemory tm, SDVariable columns,
            SDVariable prevCells, Map<String, SDVariable> p) {
        long c = tm.getColumns();
        int k = tm.getCellsPerColumn();
        Prediction now = predict(sd, tm, prevCells, p);
        SDVariable columnPrediction = CellActivity.columnMax(now.cellPrediction(), c, k);
        SDVariable predicted = sd.gt(columnPrediction, 0.0).castTo(columnPrediction.dataType());
        SDVariable activeColumns = CellActivity.activeColumns(sd, columns);
        // a = s (pi in a predicted column, 1 in a burst)
        SDVariable predicted3 = predicted.reshape(-1, c, 1);
        SDVariable active = now.cellPrediction().reshape(-1, c, k).mul(predicted3).add(predicted3.rsub(1.0))
                .mul(columns.reshape(-1, c, 1)).reshape(-1, c * k);
        SDVariable anomaly = Anomaly.score(activeColumns, columnPrediction);
        Prediction next = null;
        // ACTIVE output: a bursting column's cells share its activity, so every active column gives the same mass
        SDVariable share = predicted3.add(predicted3.rsub(1.0).div(k));
        SDVariable emitted = active.reshape(-1, c, k).mul(share).reshape(-1, c * k);
        if (tm.getOutput() == TemporalMemory.Output.PREDICTIVE) {
            next = predict(sd, tm, active, p);
            emitted = next.cellPrediction();
        }
        if (tm.isAnomalyOutput()) {
            emitted = sd.concat(1, emitted, anomaly.reshape(-1, 1));
        }
        return new SegmentQuantities(now, columnPrediction, predicted, activeColumns, active, share, anomaly, next,
                emitted);
    }

    /**
     * The graph of one SEGMENTS time step (see {@link Dendrites} for the rule and
     * {@code SegmentActivity} for the segments):
     * <pre>
     *   pi_t = max over a cell's active segments of sigmoid(z), 0 without one   z from a_{t-1}
     *   p_t  = max_k pi_t;  a_t = s_t (pi_t where p_t > 0, else 1)            predicted cells fire, or the column bursts
     *   y_t  = a_t (ACTIVE)  |  pi_{t+1} from a_t (PREDICTIVE)
     * </pre>
     * The column prediction loss needs the rule's targets; its value is {@link Dendrites}' business
     * and its gradient {@link #segmentStepBackward}'s.
     */
    public static SegmentStep segmentStep(SameDiff sd, TemporalMemory tm, SDVariable columns, SDVariable prevCells,
            Map<String, SDVariable> params) {
        SegmentQuantities q = segmentQuantities(sd, tm, columns, prevCells, params);
        return new SegmentStep(q.emitted(), q.active(), q.anomaly(), q.now().excitation());
    }

    /** The gradients of one SEGMENTS step: columns [b, C], starting state [b, N], G [N*S, M], h [1, N*S]. */
    public record SegmentStepGradients(SDVariable columns, SDVariable prevCells, SDVariable weights, SDVariable bias) {
    }

    /**
     * The graph of one SEGMENTS step's backward pass: the gradients of
     * {@code L = sum(y dOutput) + sum(a_t dCells) + sum(A_t dAnomaly) + sum_b weight_b L_col}, with
     * {@code L_col = lambda / C sum_s mask_s (softplus(z_s) - target_s z_s)} the column prediction
     * loss over the segments the rule gave a target. The masks (active segments, predicted columns)
     * are constants, as the inhibition mask is.
     *
     * @param target   the rule's target of each segment, [b, N*S]
     * @param lossMask 1 for the segments with a target, [b, N*S]
     */
    public static SegmentStepGradients segmentStepBackward(SameDiff sd, TemporalMemory tm, SDVariable columns,
            SDVariable prevCells, SDVariable dOutput, SDVariable dAnomaly, SDVariable dCells, SDVariable stepWeight,
            SDVariable target, SDVariable lossMask, Map<String, SDVariable> params) {
        long c = tm.getColumns();
        int k = tm.getCellsPerColumn();
        SegmentQuantities q = segmentQuantities(sd, tm, columns, prevCells, params);
        SDVariable ones = sd.onesLike(columns).mean(1).reshape(1, -1); // [1, b] without a length-1 reduction

        SDVariable dActive = dCells;
        SDVariable dWeights = null;
        SDVariable dBias = null;
        if (tm.getOutput() == TemporalMemory.Output.PREDICTIVE) {
            SDVariable dzNext = predictBackward(sd, tm, q.next(), dOutput);
            PredictionGradients next = predictWeightsBackward(sd, tm, q.next(), dzNext, ones, params);
            dActive = dActive.add(next.cells());
            dWeights = next.weights();
            dBias = next.bias();
        } else {
            dActive = dActive.add(dOutput.reshape(-1, c, k).mul(q.share()).reshape(-1, c * k));
        }
        // a = s (pc pi + 1 - pc): d s = sum_k dA (pc pi + 1 - pc), d pi = dA s pc
        SDVariable predicted3 = q.predictedColumns().reshape(-1, c, 1);
        SDVariable dActive3 = dActive.reshape(-1, c, k);
        SDVariable factor = q.now().cellPrediction().reshape(-1, c, k).mul(predicted3).add(predicted3.rsub(1.0));
        SDVariable dColumns = k == 1 ? dActive3.mul(factor).reshape(-1, c) : dActive3.mul(factor).sum(2);
        SDVariable dPrediction = dActive3.mul(columns.reshape(-1, c, 1).mul(predicted3)).reshape(-1, c * k);
        if (tm.isAnomalyOutput()) {
            SDVariable dColumnPrediction = Anomaly.scoreBackward(dAnomaly, q.activeColumns());
            dPrediction = dPrediction.add(CellActivity.columnMaxBackward(sd, dColumnPrediction,
                    q.now().cellPrediction(), c, k));
        }
        SDVariable dz = predictBackward(sd, tm, q.now(), dPrediction);
        double lambda = tm.getColumnPredictionLoss();
        if (lambda > 0) {
            dz = dz.add(q.now().soft().sub(target).mul(lossMask).mul(stepWeight.reshape(-1, 1).mul(lambda / c)));
        }
        PredictionGradients first = predictWeightsBackward(sd, tm, q.now(), dz, ones, params);
        dWeights = dWeights == null ? first.weights() : dWeights.add(first.weights());
        dBias = dBias == null ? first.bias() : dBias.add(first.bias());
        return new SegmentStepGradients(dColumns, first.cells(), dWeights, dBias);
    }
}
