package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;

/**
 * What the winning columns emit, given the inhibition mask {@code m} (see {@link KWinners}).
 * Losing columns always emit 0.
 */
public final class ColumnActivity {

    private ColumnActivity() {
    }

    /** DECIMAL: {@code y = m * f(overlap)}; only winners pass gradient. */
    public static SDVariable decimal(SameDiff sd, SDVariable winners, SDVariable overlap, Activation f) {
        return winners.mul(f.asSameDiff(sd, overlap));
    }

    /** BINARY: {@code y = m} (straight-through in {@link ColumnActivityBackward}). */
    public static SDVariable binary(SDVariable winners) {
        return winners;
    }

    /**
     * BINARY for layers that differentiate their graph automatically: {@code y = m} forward,
     * straight-through backward, {@code d overlap = m * dy} when {@code masked}, else {@code dy}.
     */
    public static SDVariable binaryStraightThrough(SameDiff sd, SDVariable winners, SDVariable overlap,
            boolean masked) {
        SDVariable surrogate = masked ? winners.mul(overlap) : overlap;
        return GradientFlow.straightThrough(sd, winners, surrogate);
    }

    /**
     * SOFT: {@code y = m * sigmoid((boosted - theta) / temperature)}, where {@code theta} is the
     * midpoint between the k-th and (k+1)-th largest boosted overlaps of the row. The output is
     * exactly k-sparse, and the gradient reaches the first loser through {@code theta}: the
     * competition at the margin is trained.
     *
     * <p>{@code theta} is computed as {@code 0.5 * sum(boosted * (m[k+1] - m[k-1]))}: the k-th and
     * (k+1)-th entries are the only ones in the (k+1)-winner mask and not in the (k-1)-winner mask,
     * so theta is a linear function of the overlaps with constant masks, and its gradient is exact.
     */
    public static SDVariable soft(SameDiff sd, SDVariable winners, SDVariable boosted, SDVariable margin,
            double temperature) {
        SDVariable theta = boosted.mul(margin).sum(true, 1).mul(0.5);
        return winners.mul(sd.nn.sigmoid(boosted.sub(theta).div(temperature)));
    }

    /** {@code m[k+1] - m[k-1]}: the k-th and (k+1)-th entries of each row, whose midpoint is SOFT's theta. */
    public static SDVariable softMargin(SameDiff sd, SDVariable boosted, int k) {
        return KWinners.mask(sd, boosted, k + 1).sub(KWinners.mask(sd, boosted, k - 1));
    }
}
