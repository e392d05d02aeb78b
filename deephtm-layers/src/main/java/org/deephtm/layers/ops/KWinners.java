package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global inhibition: which entries of each row are among its {@code k} largest.
 *
 * <pre>
 *   v    = k-th largest value of the row
 *   mask = [x &gt; v] + [x == v] * [rank among the ties at v &lt;= k - #(x &gt; v)]
 * </pre>
 *
 * Ties at the k-th value go to the lowest column index, so every row has exactly {@code k} ones,
 * whatever the input (a row of zeros included). The mask is a constant for backpropagation: the
 * comparisons produce booleans, which cut the gradient path, as HTM's inhibition does.
 */
public final class KWinners {

    private KWinners() {
    }

    /**
     * @param x [b, C] values to compete
     * @param k winners per row, 0 &lt;= k &lt;= C (k = 0 gives a mask of zeros)
     * @return [b, C] mask of 0 and 1, in the data type of {@code x}
     */
    public static SDVariable mask(SameDiff sd, SDVariable x, int k) {
        DataType type = x.dataType();
        if (k == 0) {
            return sd.zerosLike(x);
        }
        SDVariable kth = kthLargest(sd, x, k);
        SDVariable above = sd.gt(x, kth).castTo(type);
        SDVariable atKth = sd.eq(x, kth).castTo(type);
        SDVariable slotsForTies = above.sum(true, 1).rsub((double) k);
        SDVariable tieRank = sd.cumsum(atKth, false, false, 1);
        SDVariable tieWins = sd.lte(tieRank, slotsForTies).castTo(type);
        return above.add(atKth.mul(tieWins));
    }

    /** The k-th largest value of each row of {@code x} [b, C], as [b, 1]; no gradient. */
    public static SDVariable kthLargest(SameDiff sd, SDVariable x, int k) {
        SDVariable n = sd.constant(Nd4j.scalar(DataType.INT, k - 1));
        return new NthLargest(sd, x, n).outputVariable().reshape(-1, 1);
    }
}
