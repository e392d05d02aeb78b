package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;

/**
 * The backward pass of {@link ColumnActivity}, written out as a graph of forward ops: the gradient
 * of the overlaps given the gradient of what the columns emit. The winners mask is a constant.
 * (SameDiff's automatic differentiation in DL4J 1.0.0-M2.1 costs more than linearly in the size
 * of the graph; see {@link CellActivityBackward}.)
 */
public final class ColumnActivityBackward {

    private ColumnActivityBackward() {
    }

    /** DECIMAL: {@code d o = dy * m * f'(o)}. */
    public static SDVariable decimal(SameDiff sd, SDVariable dActivity, SDVariable winners, SDVariable overlap,
            Activation f) {
        return dActivity.mul(winners).mul(derivative(sd, f, overlap));
    }

    /** BINARY, straight-through: {@code d o = m * dy} when masked, else {@code dy}. */
    public static SDVariable binary(SDVariable dActivity, SDVariable winners, boolean masked) {
        return masked ? dActivity.mul(winners) : dActivity;
    }

    /**
     * SOFT: with {@code z = (ob - theta) / tau}, {@code theta = 0.5 sum(ob * margin)} and
     * {@code y = m * sigmoid(z)}, the gradient of the boosted overlaps is
     * {@code dz / tau - 0.5 * margin * sum(dz) / tau}, {@code dz = dy * m * sigmoid'(z)}.
     *
     * @param margin m[k+1] - m[k-1], the entries whose midpoint is theta
     */
    public static SDVariable soft(SameDiff sd, SDVariable dActivity, SDVariable winners, SDVariable boosted,
            SDVariable margin, double temperature) {
        SDVariable theta = boosted.mul(margin).sum(true, 1).mul(0.5);
        SDVariable s = sd.nn.sigmoid(boosted.sub(theta).div(temperature));
        SDVariable dz = dActivity.mul(winners).mul(s).mul(s.rsub(1.0)).div(temperature);
        return dz.sub(margin.mul(dz.sum(true, 1)).mul(0.5));
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
