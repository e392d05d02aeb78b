package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dendritic segments: how strongly each segment is excited by the previous step's active cells,
 * and which segments are active; each function's backward beside it.
 *
 * <pre>
 *   x[b, s, j] = a[b, I[s, j]]                      what synapse j of segment s sees (0 where there is no synapse)
 *   z[b, s]    = h[s] + sum_j G[s, j] x[b, s, j]    excitation
 *   n[b, s]    = #{j : x[b, s, j] != 0}             active synapses
 *   m[b, s]    = [n >= max(1, ceil(f #synapses(s)))] [z >= logit(threshold)]   active segments, no gradient
 *   pi[b, n]   = max over cell n's segments of m sigmoid(z)                     0 without an active segment
 * </pre>
 *
 * Shapes: {@code b} examples, {@code N} cells, {@code S} segments per cell, {@code M} synapses per
 * segment, segment slots {@code N*S}; {@code I} the presynaptic cells [N*S, M] (-1 where a slot
 * holds no synapse). The gather is exact forward; its gradient, which DL4J 1.0.0-M2.1 computes
 * wrongly when indices repeat (they do: a cell feeds many synapses), is written out here as a
 * scatter-add ({@link #presynapticBackward}).
 */
public final class SegmentActivity {

    private SegmentActivity() {
    }

    /**
     * {@code x[b, s, j] = a[b, I[s, j]]}, with {@code a} padded by a zero column for the empty
     * slots. [b, N] -> [b, N*S, M].
     */
    public static SDVariable presynaptic(SameDiff sd, SDVariable cells, SDVariable index) {
        SDVariable padded = sd.nn.pad(cells, sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 1}})),
                PadMode.CONSTANT, 0.0);
        return sd.gather(padded, index, 1);
    }

    /**
     * The gather index of {@link #presynaptic}: {@code I} where there is a synapse, {@code N} (the
     * padding's zero) where there is none.
     */
    public static SDVariable gatherIndex(SameDiff sd, SDVariable presynapticCells, long cells) {
        SDVariable empty = sd.lt(presynapticCells, 0.0).castTo(presynapticCells.dataType());
        return presynapticCells.add(empty.mul(cells + 1)).castTo(DataType.INT);
    }

    /**
     * The gradient of the cells from that of what the synapses see, {@code dx} [b, N*S, M]: each
     * synapse's gradient summed onto its presynaptic cell. -> [b, N].
     *
     * @param synapses the synapse slots, N*S*M
     */
    public static SDVariable presynapticBackward(SameDiff sd, SDVariable dSeen, SDVariable index, long cells,
            long synapses) {
        SDVariable bySynapse = dSeen.reshape(-1, synapses).permute(1, 0);                 // [N*S*M, b]
        // a scatter-add onto zeros, not unsorted_segment_sum, which loses native memory on every call in
        // DL4J 1.0.0-M2.1 (docs/dl4j-defects.md); locked, so that repeated indices add up one after another
        SDVariable zeros = sd.tile(bySynapse.get(SDIndex.point(0)).mul(0.0).reshape(1, -1),
                new int[] {(int) cells + 1, 1});                                            // [N+1, b]
        ScatterAdd add = new ScatterAdd(sd, zeros, index.reshape(synapses), bySynapse);
        add.addBArgument(true);
        SDVariable byCell = add.outputVariable();
        return byCell.permute(1, 0).get(SDIndex.all(), SDIndex.interval(0L, cells));   // drop the padding's
    }

    /** {@code z = h + sum_j G x}: [b, N*S, M] -> [b, N*S]. */
    public static SDVariable excitation(SDVariable seen, SDVariable weights, SDVariable bias, int synapses) {
        SDVariable weighted = seen.mul(weights);
        SDVariable sum = synapses == 1 ? weighted.reshape(-1, weights.getShape()[0]) : weighted.sum(2);
        return sum.add(bias);
    }

    /**
     * The active segments, 0/1 with no gradient: enough of their synapses see an active cell, and
     * their excitation reaches the threshold.
     *
     * @param matchFraction the share of a segment's synapses that must see an active cell
     * @param gateLogit     {@code logit(predictionThreshold)}
     */
    public static SDVariable active(SameDiff sd, SDVariable seen, SDVariable presynapticCells, SDVariable z,
            double matchFraction, double gateLogit, int synapses) {
        DataType type = z.dataType();
        SDVariable seeing = sd.neq(seen, 0.0).castTo(type);
        SDVariable count = synapses == 1 ? seeing.reshape(sd.shape(z)) : seeing.sum(2);
        SDVariable existing = sd.gte(presynapticCells, 0.0).castTo(type);
        SDVariable total = synapses == 1 ? existing.reshape(1, -1) : existing.sum(1).reshape(1, -1);
        SDVariable threshold = sd.math.ceil(total.mul(matchFraction).sub(1e-9));
        SDVariable enough = sd.gte(count, sd.math.max(threshold, sd.onesLike(threshold))).castTo(type)
                .mul(sd.gt(total, 0.0).castTo(type));
        return enough.mul(sd.gte(z, gateLogit).castTo(type));
    }

    /**
     * 1 where a segment's hit rate {@code (hits + 1) / (visits + 1)} reaches {@code minHitRate}, else
     * 0, with no gradient: [1, N*S]. The rule counts the hits and visits ({@code Dendrites}).
     */
    public static SDVariable reliable(SameDiff sd, SDVariable hits, SDVariable visits, double minHitRate) {
        SDVariable rate = hits.add(1.0).div(visits.add(1.0));
        return sd.gte(rate, minHitRate).castTo(hits.dataType());
    }
}
