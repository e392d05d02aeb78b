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

    /** Largest k for which {@link #kthLargest} avoids {@code nth_element}. */
    static final int ITERATIVE_MAX_K = 16;

    /** Subtracted from entries already counted, to take them out of the next row maximum. */
    private static final double REMOVED = 1e30;

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
        SDVariable tieRank = rowCumsum(sd, atKth);
        SDVariable tieWins = sd.lte(tieRank, slotsForTies).castTo(type);
        return above.add(atKth.mul(tieWins));
    }

    /**
     * The k-th largest value of each row of {@code x} [b, C], as [b, 1]; no gradient.
     *
     * <p>For {@code k <= }{@value #ITERATIVE_MAX_K} it takes k passes of a row maximum, each
     * removing the values found so far, and keeps the first value that at least k entries reach:
     * the same result as {@link NthLargest}, whose {@code nth_element} leaks native memory in DL4J
     * 1.0.0-M2.1 (about 100 bytes per row and call, which adds up to gigabytes when every position
     * of a feature map is a row). Larger k use {@link NthLargest}.
     */
    public static SDVariable kthLargest(SameDiff sd, SDVariable x, int k) {
        if (k > ITERATIVE_MAX_K) {
            SDVariable n = sd.constant(Nd4j.scalar(DataType.INT, k - 1));
            return new NthLargest(sd, x, n).outputVariable().reshape(-1, 1);
        }
        DataType type = x.dataType();
        SDVariable value = x.max(true, 1);
        SDVariable kth = value;
        SDVariable reached = sd.gte(x, value).castTo(type).sum(true, 1); // entries >= value
        for (int i = 2; i <= k; i++) {
            SDVariable rest = x.sub(sd.gte(x, value).castTo(type).mul(REMOVED));
            value = rest.max(true, 1);
            SDVariable stillBelow = sd.lt(reached, (double) k).castTo(type);
            // a select, exact: products with 0 and 1 and sums with 0 round nothing
            kth = value.mul(stillBelow).add(kth.mul(stillBelow.rsub(1.0)));
            reached = sd.gte(x, value).castTo(type).sum(true, 1);
        }
        return kth;
    }

    /**
     * Cumulative sums along the rows of {@code x} [b, C], exact for 0/1 entries: one cumulative sum
     * over the flattened array minus each row's starting offset. A cumulative sum along axis 1
     * leaks native memory in DL4J 1.0.0-M2.1 (about a kilobyte per row and call); over a single
     * row it does not.
     */
    static SDVariable rowCumsum(SameDiff sd, SDVariable x) {
        SDVariable counts = x.castTo(DataType.DOUBLE);
        SDVariable running = sd.reshape(sd.cumsum(counts.reshape(1, -1), false, false, 1), sd.shape(x));
        SDVariable rowStarts = sd.cumsum(counts.sum(true, 1).reshape(1, -1), true, false, 1).reshape(-1, 1);
        return running.sub(rowStarts).castTo(x.dataType());
    }
}
