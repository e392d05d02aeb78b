package org.deephtm.engine;

/**
 * DL4J's {@code DenseLayer} over float rows: {@code z = x W + b, a = f(z)}; backward
 * {@code delta = f'(z) da}, {@code dx = delta W^T}, {@code dW = x^T delta}, {@code db = sum delta}.
 *
 * <p>The weights are held as DL4J holds them ({@code W [nIn, nOut]} in column-major order), one
 * row per output unit: {@code w[j]} is column j of W. So the forward pass is a dot product per
 * output unit, the backward pass an {@code axpy} per output unit whose delta is not zero (half of
 * them behind a ReLU), and an output unit with no delta gets no update. An input row with few
 * non-zero entries (binary cells, active cells) is read through the list of its non-zero entries.
 */
class DenseKernel extends Kernel {

    final int nIn;
    final int nOut;
    final ActivationFunction activation;
    final Parameter weights;
    final Parameter bias;

    /** Pre-activations, activations and deltas, one row per example-step. */
    final float[][] z;
    final float[][] delta;

    private final int[] nonZeroCount;
    private final int[][] nonZeroIndex;
    private final float[] gradient;
    private final float[] biasGradient;
    private final boolean[] inUnion;
    private final int[] union;

    DenseKernel(int layer, int nIn, int nOut, ActivationFunction activation, Parameter weights, Parameter bias,
            int maxRows) {
        super(layer, nIn, nOut, maxRows);
        this.nIn = nIn;
        this.nOut = nOut;
        this.activation = activation;
        this.weights = weights;
        this.bias = bias;
        this.z = Vectors.rows(maxRows, nOut);
        this.delta = Vectors.rows(maxRows, nOut);
        this.nonZeroCount = new int[maxRows];
        this.nonZeroIndex = new int[maxRows][nIn];
        this.gradient = new float[nIn];
        this.biasGradient = new float[nOut];
        this.inUnion = new boolean[nIn];
        this.union = new int[nIn];
    }


    @Override
    void forward(int from, int steps, int streams, CellState state) {
        forward(from, from + steps * streams);
    }

    @Override
    void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams) {
        backward(dOut, dIn, from, from + steps * streams);
    }

    private boolean sparse(int r) {
        return nonZeroCount[r] * 4 <= nIn;
    }

    /** Rows [from, to). */
    void forward(int from, int to) {
        for (int r = from; r < to; r++) {
            nonZeroCount[r] = Vectors.nonZeros(in[r], nIn, nonZeroIndex[r]);
        }
        // blocks of four output units, every row against each block: the block's weights stay in cache
        float[][] w = weights.values;
        int j = 0;
        for (; j + 4 <= nOut; j += 4) {
            for (int r = from; r < to; r++) {
                if (sparse(r)) {
                    for (int k = j; k < j + 4; k++) {
                        z[r][k] = Vectors.dot(w[k], in[r], nonZeroIndex[r], nonZeroCount[r]);
                    }
                } else {
                    Vectors.dot4(w[j], w[j + 1], w[j + 2], w[j + 3], in[r], nIn, z[r], j);
                }
            }
        }
        for (; j < nOut; j++) {
            for (int r = from; r < to; r++) {
                z[r][j] = sparse(r) ? Vectors.dot(w[j], in[r], nonZeroIndex[r], nonZeroCount[r])
                        : Vectors.dot(w[j], in[r], nIn);
            }
        }
        if (bias != null) {
            for (int r = from; r < to; r++) {
                Vectors.axpy(z[r], 1f, bias.values[0], nOut);
            }
        }
        if (activation != null) {
            for (int r = from; r < to; r++) {
                activation.forward(z[r], out[r], nOut);
            }
        }
    }

    /** {@code delta = f'(z) dOut}, then {@code dIn = delta W^T} when {@code dIn} is not null. */
    void backward(float[][] dOut, float[][] dIn, int from, int to) {
        for (int r = from; r < to; r++) {
            activation.backward(z[r], out[r], dOut[r], delta[r], nOut);
        }
        propagate(dIn, from, to);
    }

    /** {@code dIn = delta W^T}, from the deltas already in place. */
    final void propagate(float[][] dIn, int from, int to) {
        if (dIn == null) {
            return;
        }
        for (int r = from; r < to; r++) {
            java.util.Arrays.fill(dIn[r], 0, nIn, 0f);
        }
        float[][] w = weights.values;
        for (int j = 0; j < nOut; j++) {
            float[] wj = w[j];
            for (int r = from; r < to; r++) {
                float d = delta[r][j];
                if (d != 0) {
                    Vectors.axpy(dIn[r], d, wj, nIn);
                }
            }
        }
    }

    /** The largest |gradient| this step's deltas can give a weight, NaN when a delta is not finite. */
    @Override
    final float gradientBound(int from, int to) {
        float maxDelta = 0;
        float maxIn = 1; // the bias' input
        for (int r = from; r < to; r++) {
            maxDelta = Math.max(maxDelta, Vectors.maxAbs(delta[r], nOut) + Vectors.nonFinite(delta[r], nOut));
            maxIn = Math.max(maxIn, Vectors.maxAbs(in[r], nIn));
        }
        return (to - from) * maxDelta * maxIn;
    }

    /**
     * Hands the gradients of rows [from, to) to the parameters: {@code dW = x^T delta},
     * {@code db = sum delta}, divided by {@code streams} as DL4J divides by the minibatch.
     */
    @Override
    final void applyUpdates(int from, int to, int streams) {
        if (bias != null) {
            java.util.Arrays.fill(biasGradient, 0f);
            for (int r = from; r < to; r++) {
                Vectors.axpy(biasGradient, 1f, delta[r], nOut);
            }
            if (streams > 1) {
                Vectors.divide(biasGradient, streams, nOut);
            }
            bias.updateRow(0, biasGradient);
        }
        int unionCount = inputUnion(from, to);
        boolean sparseInput = unionCount * 4 <= nIn;
        for (int j = 0; j < nOut; j++) {
            if (!anyDelta(j, from, to)) {
                continue; // no gradient: the row's weights do not move (and exact Adam sees zeros)
            }
            if (sparseInput) {
                for (int k = 0; k < unionCount; k++) {
                    int i = union[k];
                    float g = 0;
                    for (int r = from; r < to; r++) {
                        g += in[r][i] * delta[r][j];
                    }
                    weights.updateElement(j, i, streams > 1 ? g / streams : g);
                }
                continue;
            }
            if (to - from == 1) {
                weights.updateRowScaled(j, in[from], delta[from][j]);
                continue;
            } else {
                java.util.Arrays.fill(gradient, 0f);
                for (int r = from; r < to; r++) {
                    float d = delta[r][j];
                    if (d != 0) {
                        Vectors.axpy(gradient, d, in[r], nIn);
                    }
                }
                if (streams > 1) {
                    Vectors.divide(gradient, streams, nIn);
                }
            }
            weights.updateRow(j, gradient);
        }
    }

    private boolean anyDelta(int j, int from, int to) {
        for (int r = from; r < to; r++) {
            if (delta[r][j] != 0) {
                return true;
            }
        }
        return false;
    }

    /** The union of the rows' non-zero input entries, listed in {@link #union}; returns its size. */
    private int inputUnion(int from, int to) {
        int count = 0;
        for (int r = from; r < to && count * 4 <= nIn; r++) {
            for (int k = 0; k < nonZeroCount[r]; k++) {
                int i = nonZeroIndex[r][k];
                if (!inUnion[i]) {
                    inUnion[i] = true;
                    union[count++] = i;
                }
            }
        }
        for (int k = 0; k < count; k++) {
            inUnion[union[k]] = false;
        }
        return count;
    }
}
