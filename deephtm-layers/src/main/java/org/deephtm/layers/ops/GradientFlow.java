package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/** Where gradients flow and where they do not. */
public final class GradientFlow {

    private GradientFlow() {
    }

    /** {@code v} in the forward pass, zero gradient in the backward pass (layer state, constants). */
    public static SDVariable stop(SameDiff sd, SDVariable v) {
        return new StopGradient(sd, v).outputVariable();
    }

    /**
     * Straight-through estimator: the forward pass gives exactly {@code hard} (which must carry no
     * gradient, a cast comparison for instance), the backward pass differentiates
     * {@code surrogate} instead: {@code hard + (surrogate - stop(surrogate))}, where the bracket is
     * exactly 0 forward and has the surrogate's gradient backward.
     */
    public static SDVariable straightThrough(SameDiff sd, SDVariable hard, SDVariable surrogate) {
        return hard.add(surrogate.sub(stop(sd, surrogate)));
    }
}
