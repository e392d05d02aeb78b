package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The backward pass of {@link CellActivity}, written out as a graph of forward ops.
 *
 * <p>The temporal memory backpropagates through its steps one at a time, and SameDiff's automatic
 * differentiation in DL4J 1.0.0-M2.1 runs a gradient function in time that grows faster than
 * linearly with its size (about 7 ms for 40 ops, 36 ms for 160, 105 ms for 320 on one core,
 * against 3, 4 and 7 ms to run the same graphs forward). Writing the step's gradient as a small
 * forward graph keeps it linear. {@code TemporalMemoryGradientCheckTest} checks it against DL4J's
 * numerical gradient.
 *
 * <p>Shapes: {@code b} examples, {@code C} columns, {@code K} cells per column, {@code N = C*K}.
 */
public final class CellActivityBackward {

    private CellActivityBackward() {
    }

    /** The gradients of {@code l = cells . D + e} (e one bias per column). */
    public record LogitGradients(SDVariable cells, SDVariable distal, SDVariable bias) {
    }

    /**
     * @param dLogits [b, N]
     * @param cells   [b, N], the product's left operand
     * @param ones    [1, b] ones, to sum over the minibatch without a reduction over an axis that
     *                may have length 1 (a DL4J defect)
     */
    public static LogitGradients predictionLogits(SameDiff sd, SDVariable dLogits, SDVariable cells,
            SDVariable distal, SDVariable ones, long columns, int cellsPerColumn) {
        SDVariable dCells = sd.mmul(dLogits, distal, false, true, false);
        SDVariable dDistal = sd.mmul(cells, dLogits, true, false, false);
        SDVariable dBias = perColumnSum(ones.mmul(dLogits), columns, cellsPerColumn);
        return new LogitGradients(dCells, dDistal, dBias);
    }

    /** The gradient of the logits through the sigmoid: {@code d l = d pi * pi (1 - pi)} (also BINARY's straight-through). */
    public static SDVariable sigmoid(SDVariable dPredictive, SDVariable soft) {
        return dPredictive.mul(soft).mul(soft.rsub(1.0));
    }

    /** The gradients of {@code a = s[:, :, None] * (pi + (1 - p)[:, :, None])}. */
    public record ActiveGradients(SDVariable columns, SDVariable predictive, SDVariable columnPrediction) {
    }

    /**
     * @param dActive          [b, N]
     * @param columns          s, [b, C]
     * @param predictive       pi, [b, N]
     * @param columnPrediction p, [b, C]
     */
    public static ActiveGradients active(SDVariable dActive, SDVariable columns, SDVariable predictive,
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

    /**
     * The gradient of {@code p = max over a column's cells of pi} with respect to {@code pi}: to the
     * largest cell, shared equally when several tie.
     */
    public static SDVariable columnMax(SameDiff sd, SDVariable dColumnPrediction, SDVariable predictive,
            long columns, int cellsPerColumn) {
        if (cellsPerColumn == 1) {
            return dColumnPrediction;
        }
        SDVariable predictive3 = predictive.reshape(-1, columns, cellsPerColumn);
        SDVariable isMax = sd.eq(predictive3, predictive3.max(true, 2)).castTo(predictive.dataType());
        SDVariable share = isMax.div(isMax.sum(true, 2));
        return share.mul(dColumnPrediction.reshape(-1, columns, 1)).reshape(-1, columns * cellsPerColumn);
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
