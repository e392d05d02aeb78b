package org.deephtm.learning;

/**
 * The bias-corrected step size of Adam in float arithmetic, as ND4J's {@code adam_updater}
 * computes it, shared by {@link LazyAdamUpdater} and the online engine so that both make the same
 * update from the same gradient:
 * <pre>
 *   m' = beta1 m + g (1 - beta1)
 *   v' = beta2 v + g g (1 - beta2)
 *   update = (m' alpha_t) / (sqrt(v') + epsilon),   alpha_t = lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))
 * </pre>
 * with {@code 1 - beta} computed in float, and {@code t} the number of updates made before.
 */
public final class AdamStep {

    private AdamStep() {
    }

    /** alpha_t; epsilon when it is not a usable number (as ND4J does). */
    public static float alpha(double learningRate, float beta1, float beta2, float epsilon, int iteration) {
        float b1t = (float) Math.pow(beta1, iteration + 1);
        float b2t = (float) Math.pow(beta2, iteration + 1);
        float alpha = (float) (((float) learningRate * (float) Math.sqrt((float) (1.0 - b2t))) / (1.0 - b1t));
        return Float.isNaN(alpha) || alpha == 0 || Float.isInfinite(alpha) ? epsilon : alpha;
    }
}
