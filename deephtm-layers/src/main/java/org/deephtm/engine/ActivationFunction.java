package org.deephtm.engine;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationCube;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * An elementwise activation {@code a = f(z)} and its backward pass {@code dz = f'(z) da}, over
 * float rows, with ND4J's definitions (derivatives at the kinks as ND4J takes them). SOFTMAX is
 * the output layer's, over a whole row.
 */
final class ActivationFunction {

    private final Activation kind;
    private final float alpha;

    private ActivationFunction(Activation kind, double alpha) {
        this.kind = kind;
        this.alpha = (float) alpha;
    }

    static ActivationFunction of(Activation kind) {
        return new ActivationFunction(kind, kind == Activation.LEAKYRELU ? 0.01 : 1.0);
    }

    /** The engine's form of a DL4J activation object, or null when the engine has none. */
    static ActivationFunction of(IActivation activation) {
        if (activation instanceof ActivationIdentity) {
            return of(Activation.IDENTITY);
        }
        if (activation instanceof ActivationReLU relu) {
            return relu.getMax() == null && relu.getThreshold() == null && relu.getNegativeSlope() == null
                    ? of(Activation.RELU) : null;
        }
        if (activation instanceof ActivationLReLU leaky) {
            return new ActivationFunction(Activation.LEAKYRELU, leaky.getAlpha());
        }
        if (activation instanceof ActivationSigmoid) {
            return of(Activation.SIGMOID);
        }
        if (activation instanceof ActivationTanH) {
            return of(Activation.TANH);
        }
        if (activation instanceof ActivationSoftPlus) {
            return of(Activation.SOFTPLUS);
        }
        if (activation instanceof ActivationSoftSign) {
            return of(Activation.SOFTSIGN);
        }
        if (activation instanceof ActivationHardTanH) {
            return of(Activation.HARDTANH);
        }
        if (activation instanceof ActivationCube) {
            return of(Activation.CUBE);
        }
        if (activation instanceof ActivationELU elu) {
            // ND4J's ELU backward ignores alpha: only the default has a consistent gradient
            return elu.getAlpha() == 1.0 ? of(Activation.ELU) : null;
        }
        if (activation instanceof ActivationSoftmax) {
            return of(Activation.SOFTMAX);
        }
        return null;
    }

    Activation kind() {
        return kind;
    }

    /** {@code a[0..n) = f(z[0..n))}. */
    void forward(float[] z, float[] a, int n) {
        switch (kind) {
            case IDENTITY -> System.arraycopy(z, 0, a, 0, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = z[i] > 0 ? z[i] : 0f;
                }
            }
            case LEAKYRELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = z[i] < 0 ? alpha * z[i] : z[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    a[i] = sigmoid(z[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = (float) Math.tanh(z[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    a[i] = (float) softplus(z[i]);
                }
            }
            case SOFTSIGN -> {
                for (int i = 0; i < n; i++) {
                    a[i] = z[i] / (1f + Math.abs(z[i]));
                }
            }
            case HARDTANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(-1f, Math.min(1f, z[i]));
                }
            }
            case CUBE -> {
                for (int i = 0; i < n; i++) {
                    a[i] = z[i] * z[i] * z[i];
                }
            }
            case ELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = z[i] > 0 ? z[i] : (float) Math.expm1(z[i]);
                }
            }
            case SOFTMAX -> softmax(z, a, n);
            default -> throw new IllegalStateException("no engine form of " + kind);
        }
    }

    /** One value: {@code f(z)} (not for SOFTMAX). */
    float apply(float z) {
        return switch (kind) {
            case IDENTITY -> z;
            case RELU -> z > 0 ? z : 0f;
            case LEAKYRELU -> z < 0 ? alpha * z : z;
            case SIGMOID -> sigmoid(z);
            case TANH -> (float) Math.tanh(z);
            case SOFTPLUS -> (float) softplus(z);
            case SOFTSIGN -> z / (1f + Math.abs(z));
            case HARDTANH -> Math.max(-1f, Math.min(1f, z));
            case CUBE -> z * z * z;
            case ELU -> z > 0 ? z : (float) Math.expm1(z);
            default -> throw new IllegalStateException("no elementwise engine form of " + kind);
        };
    }

    /** {@code f'(z)}, given {@code a = f(z)} (not for SOFTMAX). */
    float derivative(float z, float a) {
        return switch (kind) {
            case IDENTITY -> 1f;
            case RELU -> z > 0 ? 1f : 0f;
            case LEAKYRELU -> z < 0 ? alpha : 1f;
            case SIGMOID -> a * (1f - a);
            case TANH -> 1f - a * a;
            case SOFTPLUS -> sigmoid(z);
            case SOFTSIGN -> {
                float d = 1f + Math.abs(z);
                yield 1f / (d * d);
            }
            case HARDTANH -> z > -1f && z < 1f ? 1f : 0f;
            case CUBE -> 3f * z * z;
            case ELU -> z > 0 ? 1f : a + 1f;
            default -> throw new IllegalStateException("no elementwise derivative of " + kind);
        };
    }

    /** {@code dz[0..n) = f'(z) da} (not for SOFTMAX, whose gradient the loss gives directly). */
    void backward(float[] z, float[] a, float[] da, float[] dz, int n) {
        switch (kind) {
            case IDENTITY -> System.arraycopy(da, 0, dz, 0, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    dz[i] = z[i] > 0 ? da[i] : 0f;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    dz[i] = da[i] * (a[i] * (1f - a[i]));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    dz[i] = da[i] * (1f - a[i] * a[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dz[i] = da[i] * derivative(z[i], a[i]);
                }
            }
        }
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** {@code log(1 + e^z)} without overflow. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static void softmax(float[] z, float[] a, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(z[i] - max);
            a[i] = (float) e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            a[i] = (float) (a[i] / sum);
        }
    }

    @Override
    public String toString() {
        return kind == Activation.LEAKYRELU ? "LEAKYRELU(" + alpha + ")" : kind.toString();
    }
}
