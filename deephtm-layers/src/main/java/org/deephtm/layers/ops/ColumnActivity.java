package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;

/**
 * What the winning columns emit, given the inhibition mask {@code m} (see {@link KWinners}), and
 * each form's backward: the gradient of the overlaps given that of what the columns emit, the
 * mask a constant. Losing columns always emit 0. The backward functions are graphs of forward ops
 * (SameDiff's automatic differentiation in DL4J 1.0.0-M2.1 costs more than linearly in the size of
 * the graph; see {@link CellActivity}).
 */
public final class ColumnActivity {

    private ColumnActivity() {
    }

    /** DECIMAL: {@code y = m * f(overlap)}; only winners pass gradient. */
    public static SDVariable decimal(SameDiff sd, SDVariable winners, SDVariable overlap, Activation f) {
        return winners.mul(f.asSameDiff(sd, overlap));
    }

    /** BINARY: {@code y = m} (straight-through in {@link #binaryBackward}). */
    public static SDVariable binary(SDVariable winners) {
        return winners;
    }

    /**
     * SOFT: {@code y = m * sigmoid((boosted - theta) / temperature)}, where {@code theta} is the
     * midpoint between the k-th and (k+1)-th largest boosted overlaps of the unit's inhibition area
     * ({@link #softThreshold}). The output is exactly k-sparse, and the gradient reaches the first
     * loser through {@code theta}: the competition at the margin is trained.
     *
     * @param theta the threshold of each unit's area, broadcastable to {@code boosted}
     */
    public static SDVariable soft(SameDiff sd, SDVariable winners, SDVariable boosted, SDVariable theta,
            double temperature) {
        return winners.mul(sd.nn.sigmoid(boosted.sub(theta).div(temperature)));
    }

    /**
     * SOFT's threshold of each area: {@code theta = 0.5 * sum(area * (m[k+1] - m[k-1]))}, [areas, 1]. The k-th
     * and (k+1)-th entries are the only ones in the (k+1)-winner mask and not in the (k-1)-winner mask,
     * so theta is a linear function of the overlaps with constant masks, and its gradient is exact
     * ({@code d theta / d area = 0.5 * margin}).
     *
     * @param areaRows one row per inhibition area, [areas, A]
     * @param margin   {@link #softMargin} of the rows
     */
    public static SDVariable softThreshold(SDVariable areaRows, SDVariable margin) {
        return areaRows.mul(margin).sum(true, 1).mul(0.5);
    }

    /** {@code m[k+1] - m[k-1]}: the k-th and (k+1)-th entries of each row, whose midpoint is SOFT's theta. */
    public static SDVariable softMargin(SameDiff sd, SDVariable areaRows, int k) {
        return KWinners.mask(sd, areaRows, k + 1).sub(KWinners.mask(sd, areaRows, k - 1));
    }

    /** DECIMAL: {@code d o = dy * m * f'(o)}. */
    public static SDVariable decimalBackward(SameDiff sd, SDVariable dActivity, SDVariable winners, SDVariable overlap,
            Activation f) {
        return dActivity.mul(winners).mul(derivative(sd, f, overlap));
    }

    /** BINARY, straight-through: {@code d o = m * dy} when masked, else {@code dy}. */
    public static SDVariable binaryBackward(SDVariable dActivity, SDVariable winners, boolean masked) {
        return masked ? dActivity.mul(winners) : dActivity;
    }

    /**
     * SOFT's gradient of {@code z = (boosted - theta) / tau}, times {@code 1 / tau}: {@code dz = dy * m *
     * sigmoid'(z) / tau}. It is the gradient of the boosted overlaps directly, and minus it, summed over
     * the units an area's threshold serves, is the gradient of that threshold.
     */
    public static SDVariable softBackward(SameDiff sd, SDVariable dActivity, SDVariable winners, SDVariable boosted,
            SDVariable theta, double temperature) {
        SDVariable s = sd.nn.sigmoid(boosted.sub(theta).div(temperature));
        return dActivity.mul(winners).mul(s).mul(s.rsub(1.0)).div(temperature);
    }

    /** The derivative of an activation, elementwise, for the activations {@code ColumnActivity} supports. */
    public static SDVariable derivative(SameDiff sd, Activation f, SDVariable x) {
        return switch (f) {
            case IDENTITY -> sd.onesLike(x);
            case RELU -> sd.gt(x, 0.0).castTo(x.dataType());
            case SIGMOID -> {
                SDVariable y = sd.nn.sigmoid(x);
                yield y.mul(y.rsub(1.0));
            }
            case TANH -> {
                SDVariable y = sd.math.tanh(x);
                yield y.mul(y).rsub(1.0);
            }
            case ELU -> {
                SDVariable positive = sd.gt(x, 0.0).castTo(x.dataType());
                yield positive.add(positive.rsub(1.0).mul(sd.math.exp(x)));
            }
            case SOFTPLUS -> sd.nn.sigmoid(x);
            case SOFTSIGN -> {
                SDVariable d = sd.math.abs(x).add(1.0);
                yield d.mul(d).rdiv(1.0);
            }
            case HARDTANH -> sd.lt(sd.math.abs(x), 1.0).castTo(x.dataType());
            case CUBE -> x.mul(x).mul(3.0);
            default -> throw new IllegalArgumentException("no derivative for activation " + f);
        };
    }
}
