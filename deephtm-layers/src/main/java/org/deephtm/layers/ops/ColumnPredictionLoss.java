package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * HTM's learning rule in differentiable form: the cells predicted at {@code t-1} should be the
 * winner cells of the columns that become active at {@code t}, and no others.
 *
 * <p>In each column the winner is the cell with the largest prediction logit (HTM's best matching
 * cell; cells that tie for the largest all win, as after a reset, when no cell is predicted). The
 * target of a cell is 1 when it is a winner of an active column, 0 otherwise, and the loss is the
 * binary cross-entropy between the predictions and these targets, summed over a column's cells and
 * averaged over the columns:
 * <pre>
 *   target[c, k] = [s_t[c] != 0] * [logits[c, k] == max_j logits[c, j]]
 *   L_t = 1/C sum_{c,k} softplus(l[c, k]) - target[c, k] * l[c, k]
 * </pre>
 * (the stable form of {@code -t log p - (1-t) log(1-p)}). Pushing the winner up and its neighbours
 * down keeps one predicted cell per column and context, as HTM's segments do: a column reached
 * from two contexts learns two different cells whenever the contexts' strongest cells differ,
 * which is what lets the cells carry high-order context. It is also what makes the anomaly score
 * mean something: without it nothing asks the predictive cells to predict columns.
 */
public final class ColumnPredictionLoss {

    private ColumnPredictionLoss() {
    }

    /**
     * @param logits        [b, C*K] prediction logits of the cells
     * @param activeColumns [b, C], 0/1
     * @return [b] the loss per example
     */
    public static SDVariable perExample(SameDiff sd, SDVariable logits, SDVariable activeColumns, long columns,
            int cellsPerColumn) {
        SDVariable target = target(sd, logits, activeColumns, columns, cellsPerColumn);
        return sd.nn.softplus(logits).sub(target.mul(logits)).sum(1).div(columns);
    }

    /**
     * The loss's gradient with respect to the logits, per example: {@code (sigmoid(l) - target) / C}.
     *
     * @param soft sigmoid(logits), [b, N]
     */
    public static SDVariable perExampleBackward(SameDiff sd, SDVariable logits, SDVariable soft, SDVariable activeColumns,
            long columns, int cellsPerColumn) {
        return soft.sub(target(sd, logits, activeColumns, columns, cellsPerColumn)).div(columns);
    }

    /** 1 for the strongest cells of the active columns, 0 elsewhere; no gradient. */
    private static SDVariable target(SameDiff sd, SDVariable logits, SDVariable activeColumns, long columns,
            int cellsPerColumn) {
        SDVariable target;
        if (cellsPerColumn == 1) {
            target = activeColumns; // the only cell is the winner (and no reduction over an axis of length 1)
        } else {
            SDVariable byColumn = logits.reshape(-1, columns, cellsPerColumn);
            SDVariable winners = sd.eq(byColumn, byColumn.max(true, 2)).castTo(logits.dataType());
            target = winners.mul(activeColumns.reshape(-1, columns, 1)).reshape(-1, columns * cellsPerColumn);
        }
        return target;
    }
}
