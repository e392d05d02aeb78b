package org.deephtm.layers.math;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.ops.Anomaly;
import org.deephtm.layers.ops.CellActivity;
import org.deephtm.layers.ops.ColumnPredictionLoss;
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
}
