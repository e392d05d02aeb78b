package org.deephtm.engine;

import org.nd4j.linalg.activations.Activation;

/**
 * DL4J's {@code RnnOutputLayer} at each step: a {@link DenseKernel} whose delta comes from the
 * loss, with DL4J's definitions.
 * <pre>
 *   MSE      L = sum (y' - y)^2 / nOut     dL/dz = f'(z) 2 (y' - y) / nOut
 *   L2       L = sum (y' - y)^2            dL/dz = f'(z) 2 (y' - y)
 *   MCXENT   L = -sum y log y'  (softmax)  dL/dz = y' - y          y' clipped to [1e-10, 1 - 1e-10] in the score
 * </pre>
 */
final class OutputKernel extends DenseKernel {

    /** The losses the engine computes. */
    enum Loss {
        MSE, L2, MCXENT
    }

    private static final double SOFTMAX_CLIP = 1e-10;

    private final Loss loss;
    private final float[] dLda;

    OutputKernel(int layer, int nIn, int nOut, ActivationFunction activation, Loss loss, Parameter weights,
            Parameter bias, int maxRows, boolean inputMajor, Kernel below) {
        super(layer, nIn, nOut, activation, weights, bias, maxRows, inputMajor, below);
        if (loss == Loss.MCXENT && activation.kind() != Activation.SOFTMAX) {
            throw new IllegalArgumentException("MCXENT needs a softmax output, got " + activation);
        }
        this.loss = loss;
        this.dLda = new float[nOut];
    }

    /** The deltas of rows [from, to) from their targets, then {@code dIn = delta W^T}. */
    void backward(float[][] targets, int targetFrom, float[][] dIn, int from, int to) {
        for (int r = from; r < to; r++) {
            float[] y = targets[targetFrom + r - from];
            float[] yHat = out[r];
            float[] d = delta[r];
            if (loss == Loss.MCXENT) {
                for (int o = 0; o < nOut; o++) {
                    d[o] = yHat[o] - y[o];
                }
                continue;
            }
            for (int o = 0; o < nOut; o++) {
                dLda[o] = (yHat[o] - y[o]) * 2f;
            }
            activation.backward(z[r], yHat, dLda, d, nOut);
            if (loss == Loss.MSE) {
                Vectors.divide(d, nOut, nOut);
            }
        }
        propagate(dIn, from, to);
    }

    /** The loss summed over rows [from, to), as DL4J's loss function scores them (before the minibatch division). */
    double score(float[][] targets, int targetFrom, int from, int to) {
        double sum = 0;
        for (int r = from; r < to; r++) {
            float[] y = targets[targetFrom + r - from];
            float[] yHat = out[r];
            for (int o = 0; o < nOut; o++) {
                if (loss == Loss.MCXENT) {
                    double p = Math.min(Math.max(yHat[o], SOFTMAX_CLIP), 1 - SOFTMAX_CLIP);
                    sum -= y[o] * Math.log(p);
                } else {
                    double e = yHat[o] - y[o];
                    sum += loss == Loss.MSE ? e * e / nOut : e * e;
                }
            }
        }
        return sum;
    }
}
