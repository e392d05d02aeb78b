package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The temporal memory's cells: which are predicted, and which become active.
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
 */
public final class CellActivity {

    private CellActivity() {
    }

    /** {@code a . D + e}: the predictive cells' pre-activations, [b, N]. */
    public static SDVariable predictionLogits(SDVariable cells, SDVariable distal, SDVariable bias) {
        long columns = bias.getShape()[1];
        long n = distal.getShape()[1];
        return cells.mmul(distal).reshape(-1, columns, n / columns).add(bias.reshape(1, columns, 1)).reshape(-1, n);
    }

    /**
     * DECIMAL cells: the sigmoid of the logits itself. BINARY cells: {@code [soft >= threshold]}
     * (straight-through in {@link CellActivityBackward}).
     *
     * @param soft sigmoid(logits)
     */
    public static SDVariable predictive(SameDiff sd, SDVariable soft, boolean binary, double threshold) {
        return binary ? sd.gte(soft, threshold).castTo(soft.dataType()) : soft;
    }

    /** The largest value among each column's K cells: [b, C*K] -> [b, C]. */
    public static SDVariable columnMax(SDVariable cells, long columns, int cellsPerColumn) {
        if (cellsPerColumn == 1) {
            return cells; // no reduction over an axis of length 1 (see DL4J defects in the docs)
        }
        return cells.reshape(-1, columns, cellsPerColumn).max(2);
    }

    /** Active cells a_t [b, C*K] from the columns s_t [b, C] and the predictive cells. */
    public static SDVariable active(SDVariable columns, SDVariable predictive, SDVariable columnPrediction,
            long columnCount, int cellsPerColumn) {
        SDVariable burst = columnPrediction.rsub(1.0).reshape(-1, columnCount, 1);
        SDVariable strength = columns.reshape(-1, columnCount, 1);
        return predictive.reshape(-1, columnCount, cellsPerColumn).add(burst).mul(strength)
                .reshape(-1, columnCount * cellsPerColumn);
    }

    /** 1 where a column is active (non-zero), 0 elsewhere; no gradient. */
    public static SDVariable activeColumns(SameDiff sd, SDVariable columns) {
        return sd.neq(columns, 0.0).castTo(columns.dataType());
    }
}
