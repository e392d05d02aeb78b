package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * HTM's raw anomaly score, per example:
 * <pre>
 *   A_t = 1 - sum_c active_t[c] * p_t[c] / max(sum_c active_t[c], eps)
 * </pre>
 * the share of the active columns that were not predicted, each weighted by how strongly it was
 * predicted. {@code active} is the 0/1 indicator of the active columns, so with binary cells this
 * is exactly HTM's score whatever the spatial pooler emits; a step with no active column scores 0.
 */
public final class Anomaly {

    /** Added to the count of active columns, so that a step with none scores 0 instead of 0/0. */
    public static final double EPSILON = 1e-12;

    private Anomaly() {
    }

    /**
     * @param activeColumns    [b, C] 0/1
     * @param columnPrediction [b, C] in [0, 1]
     * @return [b]
     */
    public static SDVariable score(SDVariable activeColumns, SDVariable columnPrediction) {
        SDVariable active = activeColumns.sum(1);
        SDVariable predicted = activeColumns.mul(columnPrediction).sum(1);
        SDVariable denominator = active.add(EPSILON);
        // 1 - predicted/active, and 0 when no column is active (predicted = active = 0)
        return active.sub(predicted).div(denominator);
    }

    /**
     * The score's gradient with respect to the column prediction: {@code dA/dp[c] = -active[c] / sum active}.
     *
     * @param dAnomaly [b]
     * @return [b, C]
     */
    public static SDVariable scoreBackward(SDVariable dAnomaly, SDVariable activeColumns) {
        SDVariable denominator = activeColumns.sum(true, 1).add(EPSILON);
        return activeColumns.div(denominator).mul(dAnomaly.reshape(-1, 1)).neg();
    }
}
