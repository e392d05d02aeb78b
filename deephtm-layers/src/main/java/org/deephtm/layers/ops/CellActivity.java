package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The temporal memory's cells: which are predicted, and which become active; each function's
 * backward beside it.
 *
 * <pre>
 *   pi_t = sigmoid(a_{t-1} . D + e)                         predictive cells, [b, C*K]
 *   p_t  = max over the K cells of a column of pi_t         how strongly each column was predicted, [b, C]
 *   a_t  = s_t[:, :, None] * (pi_t + (1 - p_t)[:, :, None])  active cells
 * </pre>
 *
 * In an active column the predicted cells fire; a column nobody predicted bursts (every cell at 1);
 * a column that is not active has no active cells. With one cell per column {@code a_t = s_t}:
 * the memory is first-order, which is what makes extra cells carry context.
 *
 * <p>The backward functions are graphs of forward ops: the temporal memory backpropagates through
 * its steps one at a time, and SameDiff's automatic differentiation in DL4J 1.0.0-M2.1 runs a
 * gradient function in time that grows faster than linearly with its size (about 7 ms for 40 ops,
 * 36 ms for 160, 105 ms for 320 on one core, against 3, 4 and 7 ms to run the same graphs
 * forward). Written out, a step's gradient stays linear. {@code TemporalMemoryGradientCheckTest}
 * checks them against DL4J's numerical gradient.
 *
 * <p>Shapes: {@code b} examples, {@code C} columns, {@code K} cells per column, {@code N = C*K}.
 */
public final class CellActivity {

    private CellActivity() {
    }

    /** {@code a . D + e}: the predictive cells' pre-activations, [b, N] (e one bias per column). */
    public static SDVariable predictionLogits(SDVariable cells, SDVariable distal, SDVariable bias) {
        long columns = bias.getShape()[1];
        long n = distal.getShape()[1];
        return cells.mmul(distal).reshape(-1, columns, n / columns).add(bias.reshape(1, columns, 1)).reshape(-1, n);
    }

    /** The gradients of {@link #predictionLogits}. */
    public record LogitGradients(SDVariable cells, SDVariable distal, SDVariable bias) {
    }

    /**
     * @param dLogits [b, N]
     * @param cells   [b, N], the product's left operand
     * @param ones    [1, b] ones, to sum over the minibatch without a reduction over an axis that
     *                may have length 1 (a DL4J defect)
     */
    public static LogitGradients predictionLogitsBackward(SameDiff sd, SDVariable dLogits, SDVariable cells,
            SDVariable distal, SDVariable ones, long columns, int cellsPerColumn) {
        SDVariable dCells = sd.mmul(dLogits, distal, false, true, false);
        SDVariable dDistal = sd.mmul(cells, dLogits, true, false, false);
        SDVariable dBias = perColumnSum(ones.mmul(dLogits), columns, cellsPerColumn);
        return new LogitGradients(dCells, dDistal, dBias);
    }

    /**
     * DECIMAL cells: the sigmoid of the logits itself. BINARY cells: {@code [soft >= threshold]},
     * straight-through: {@link #sigmoidBackward} passes the sigmoid's gradient for both.
     *
     * @param soft sigmoid(logits)
     */
    public static SDVariable predictive(SameDiff sd, SDVariable soft, boolean binary, double threshold) {
        return binary ? sd.gte(soft, threshold).castTo(soft.dataType()) : soft;
    }

    /** The gradient of the logits through the sigmoid: {@code d l = d pi * pi (1 - pi)} (also BINARY's straight-through). */
    public static SDVariable sigmoidBackward(SDVariable dPredictive, SDVariable soft) {
        return dPredictive.mul(soft).mul(soft.rsub(1.0));
    }

    /** The largest value among each column's K cells: [b, C*K] -> [b, C]. */
    public static SDVariable columnMax(SDVariable cells, long columns, int cellsPerColumn) {
        if (cellsPerColumn == 1) {
            return cells; // no reduction over an axis of length 1 (see DL4J defects in the docs)
        }
        return cells.reshape(-1, columns, cellsPerColumn).max(2);
    }

    /**
     * The gradient of {@link #columnMax} with respect to the cells: to the largest cell, shared
     * equally when several tie.
     */
    public static SDVariable columnMaxBackward(SameDiff sd, SDVariable dColumnPrediction, SDVariable predictive,
            long columns, int cellsPerColumn) {
        if (cellsPerColumn == 1) {
            return dColumnPrediction;
        }
        SDVariable predictive3 = predictive.reshape(-1, columns, cellsPerColumn);
        SDVariable isMax = sd.eq(predictive3, predictive3.max(true, 2)).castTo(predictive.dataType());
        SDVariable share = isMax.div(isMax.sum(true, 2));
        return share.mul(dColumnPrediction.reshape(-1, columns, 1)).reshape(-1, columns * cellsPerColumn);
    }

    /** Active cells a_t [b, C*K] from the columns s_t [b, C] and the predictive cells. */
    public static SDVariable active(SDVariable columns, SDVariable predictive, SDVariable columnPrediction,
            long columnCount, int cellsPerColumn) {
        SDVariable burst = columnPrediction.rsub(1.0).reshape(-1, columnCount, 1);
        SDVariable strength = columns.reshape(-1, columnCount, 1);
        return predictive.reshape(-1, columnCount, cellsPerColumn).add(burst).mul(strength)
                .reshape(-1, columnCount * cellsPerColumn);
    }

    /** The gradients of {@link #active}. */
    public record ActiveGradients(SDVariable columns, SDVariable predictive, SDVariable columnPrediction) {
    }

    /**
     * @param dActive          [b, N]
     * @param columns          s, [b, C]
     * @param predictive       pi, [b, N]
     * @param columnPrediction p, [b, C]
     */
    public static ActiveGradients activeBackward(SDVariable dActive, SDVariable columns, SDVariable predictive,
            SDVariable columnPrediction, long columnCount, int cellsPerColumn) {
        SDVariable dActive3 = dActive.reshape(-1, columnCount, cellsPerColumn);
        SDVariable strength = columns.reshape(-1, columnCount, 1);
        SDVariable factor = predictive.reshape(-1, columnCount, cellsPerColumn)
                .add(columnPrediction.rsub(1.0).reshape(-1, columnCount, 1));
        SDVariable dPredictive3 = dActive3.mul(strength);
        SDVariable dColumns = cellSum(dActive3.mul(factor), columnCount, cellsPerColumn);
        SDVariable dColumnPrediction = cellSum(dPredictive3, columnCount, cellsPerColumn).neg();
        return new ActiveGradients(dColumns, dPredictive3.reshape(-1, columnCount * cellsPerColumn),
                dColumnPrediction);
    }

    /** 1 where a column is active (non-zero), 0 elsewhere; no gradient. */
    public static SDVariable activeColumns(SameDiff sd, SDVariable columns) {
        return sd.neq(columns, 0.0).castTo(columns.dataType());
    }

    /** Sum over each column's cells: [b, C, K] -> [b, C]. */
    private static SDVariable cellSum(SDVariable perCell, long columns, int cellsPerColumn) {
        return cellsPerColumn == 1 ? perCell.reshape(-1, columns) : perCell.sum(2);
    }

    /** Sum over each column's cells of a [1, N] row: -> [1, C]. */
    private static SDVariable perColumnSum(SDVariable row, long columns, int cellsPerColumn) {
        return cellsPerColumn == 1 ? row : row.reshape(1, columns, cellsPerColumn).sum(2).reshape(1, columns);
    }
}
