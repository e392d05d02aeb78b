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
 *
 * <p>A layer that reads a temporal memory holds its weights the other way round, one row per
 * input unit ({@code inputMajor}): the memory's few active cells (at most 40 columns' worth out of
 * 65,536 cells at HTM's size) are then a few rows, read by {@code axpy} forward, dotted with the
 * delta backward for the cells the memory reads a gradient of ({@link Kernel#gradientRequest}),
 * and updated as whole rows.
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
    private final float[] rowGradient;
    private final boolean inputMajor;
    /** The kernel whose output this one reads: it says which input gradients it needs. */
    private final Kernel below;
    private final int[] requested;

    DenseKernel(int layer, int nIn, int nOut, ActivationFunction activation, Parameter weights, Parameter bias,
            int maxRows, boolean inputMajor, Kernel below) {
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
        this.rowGradient = new float[nOut];
        this.inputMajor = inputMajor;
        this.below = below;
        this.requested = new int[nIn];
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
            int listed = below == null ? -1 : below.outputNonZeros(r, nonZeroIndex[r]);
            nonZeroCount[r] = listed >= 0 ? listed : Vectors.nonZeros(in[r], nIn, nonZeroIndex[r]);
        }
        if (inputMajor) {
            forwardByInput(from, to);
            return;
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

    /** Input-major: {@code z = b + sum over the non-zero inputs i of x_i w_i}. */
    private void forwardByInput(int from, int to) {
        float[][] w = weights.values;
        for (int r = from; r < to; r++) {
            float[] zr = z[r];
            if (bias != null) {
                System.arraycopy(bias.values[0], 0, zr, 0, nOut);
            } else {
                java.util.Arrays.fill(zr, 0, nOut, 0f);
            }
            for (int k = 0; k < nonZeroCount[r]; k++) {
                int i = nonZeroIndex[r][k];
                Vectors.axpy(zr, in[r][i], w[i], nOut);
            }
            if (activation != null) {
                activation.forward(zr, out[r], nOut);
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

    /**
     * {@code dIn = delta W^T}, from the deltas already in place: every entry, or only those the
     * kernel below reads ({@link Kernel#gradientRequest}; the others are left as they are).
     */
    final void propagate(float[][] dIn, int from, int to) {
        if (dIn == null) {
            return;
        }
        float[][] w = weights.values;
        for (int r = from; r < to; r++) {
            int count = below == null ? -1 : below.gradientRequest(r, requested);
            float[] d = delta[r];
            if (count >= 0) {
                for (int k = 0; k < count; k++) {
                    int i = requested[k];
                    dIn[r][i] = inputMajor ? Vectors.dot(w[i], d, nOut) : column(w, i, d);
                }
            } else if (inputMajor) {
                for (int i = 0; i < nIn; i++) {
                    dIn[r][i] = Vectors.dot(w[i], d, nOut);
                }
            } else {
                java.util.Arrays.fill(dIn[r], 0, nIn, 0f);
                for (int j = 0; j < nOut; j++) {
                    if (d[j] != 0) {
                        Vectors.axpy(dIn[r], d[j], w[j], nIn);
                    }
                }
            }
        }
    }

    /** {@code sum_j d_j w_j[i]}: one input's gradient from output-major weights. */
    private float column(float[][] w, int i, float[] d) {
        float sum = 0;
        for (int j = 0; j < nOut; j++) {
            sum += d[j] * w[j][i];
        }
        return sum;
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
        if (inputMajor) {
            updateByInput(from, to, streams, unionCount);
            return;
        }
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

    /** Input-major: {@code dW[i] = sum_r x_ri delta_r}, a row per input unit that was not zero. */
    private void updateByInput(int from, int to, int streams, int unionCount) {
        float[] row = rowGradient;
        int count = unionCount * 4 <= nIn ? unionCount : nIn;
        for (int k = 0; k < count; k++) {
            int i = count == unionCount ? union[k] : k;
            java.util.Arrays.fill(row, 0, nOut, 0f);
            boolean any = false;
            for (int r = from; r < to; r++) {
                float x = in[r][i];
                if (x != 0) {
                    Vectors.axpy(row, x, delta[r], nOut);
                    any = true;
                }
            }
            if (any) {
                if (streams > 1) {
                    Vectors.divide(row, streams, nOut);
                }
                weights.updateRow(i, row);
            }
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
