package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * HTM's learning objective in differentiable form: the cells predicted at {@code t-1} should be in
 * the columns that become active at {@code t}, and only there. Binary cross-entropy between the
 * column prediction {@code p_t = sigmoid(max_k logits)} and the 0/1 active columns, averaged over
 * the columns:
 * <pre>
 *   L_t = mean_c [ softplus(l_c) - active_c * l_c ],   l = max over a column's cells of the logits
 * </pre>
 * (the numerically stable form of {@code -a log p - (1-a) log(1-p)}). It is what makes the anomaly
 * score mean something: without it, nothing asks the predictive cells to predict columns, only to
 * be decodable.
 */
public final class ColumnPredictionLoss {

    private ColumnPredictionLoss() {
    }

    /**
     * @param columnLogits  [b, C], the largest cell logit of each column
     * @param activeColumns [b, C], 0/1
     * @return [b] the loss per example
     */
    public static SDVariable perExample(SameDiff sd, SDVariable columnLogits, SDVariable activeColumns) {
        return sd.nn.softplus(columnLogits).sub(activeColumns.mul(columnLogits)).mean(1);
    }
}
