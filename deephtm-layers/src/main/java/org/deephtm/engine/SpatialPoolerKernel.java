package org.deephtm.engine;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.ops.Boost;

import java.util.Arrays;

/**
 * {@link SpatialPooler} over float rows, forward beside backward, with the layer's definitions
 * (see its Javadoc and {@code org.deephtm.layers.ops}):
 * <pre>
 *   o  = x (W * P) + c                               overlaps, every column
 *   ob = o + boostStrength (k/C - d) std(o)          boosted overlaps
 *   m  = the k largest of ob (ties: lowest index)    winners
 *   y  = m f(o) | m | m sigmoid((ob - theta) / tau)  DECIMAL | BINARY | SOFT
 * </pre>
 * The overlaps are an {@code axpy} per non-zero input over the rows of {@code W [nIn, C]}; the
 * gradient reaches the k winners only (DECIMAL, masked BINARY, SOFT without boosting), so the
 * backward pass and the update touch k columns: {@code k nIn} weights instead of {@code C nIn}.
 * SOFT with boosting spreads its gradient over every column through {@code std(o)}, and unmasked
 * BINARY passes it to every column: those run dense. Duty cycles move after the backward pass,
 * from the winners of the rows it trained on.
 */
final class SpatialPoolerKernel extends Kernel {

    final int nIn;
    final int columns;
    private final int k;
    private final SpatialPooler.Output output;
    private final ActivationFunction activation;
    private final float boostStrength;
    private final float targetDensity;
    private final int dutyCyclePeriod;
    private final float temperature;
    private final boolean maskedStraightThrough;

    final Parameter weights;
    final Parameter pool;
    final Parameter bias;
    final Parameter dutyCycles;


    private final float[][] overlap;
    private final float[][] boosted;
    /** Per row, the k (k+1 for SOFT) largest boosted overlaps' columns, in rank order. */
    private final int[][] ranked;
    private final float[] spread;
    private final float[] mean;
    private final float[] theta;
    private final float[] lift;
    private final float[][] dOverlap;
    private final boolean denseGradient;

    private final float[] rankedValues;
    private final float[] pooledRow;
    private final float[] gradientRow;
    private final float[] biasGradient;
    private final float[] winCounts;
    private final boolean[] inUnion;
    private final int[] union;

    SpatialPoolerKernel(int layer, SpatialPooler sp, Parameter weights, Parameter pool, Parameter bias,
            Parameter dutyCycles, int maxRows) {
        super(layer, (int) sp.getNIn(), (int) sp.getColumns(), maxRows);
        this.nIn = (int) sp.getNIn();
        this.columns = (int) sp.getColumns();
        this.k = sp.getActiveColumns();
        this.output = sp.getOutput();
        this.activation = ActivationFunction.of(sp.getActivation());
        this.boostStrength = (float) sp.getBoostStrength();
        this.targetDensity = (float) sp.targetDensity();
        this.dutyCyclePeriod = sp.getDutyCyclePeriod();
        this.temperature = (float) sp.getSoftTemperature();
        this.maskedStraightThrough = sp.isMaskedStraightThrough();
        this.weights = weights;
        this.pool = pool;
        this.bias = bias;
        this.dutyCycles = dutyCycles;
        this.overlap = Vectors.rows(maxRows, columns);
        this.boosted = boostStrength == 0 ? overlap : Vectors.rows(maxRows, columns);
        this.ranked = new int[maxRows][ranks()];
        this.spread = new float[maxRows];
        this.mean = new float[maxRows];
        this.theta = new float[maxRows];
        this.lift = new float[columns];
        this.dOverlap = Vectors.rows(maxRows, columns);
        this.denseGradient = (output == SpatialPooler.Output.SOFT && boostStrength != 0)
                || (output == SpatialPooler.Output.BINARY && !maskedStraightThrough);
        this.rankedValues = new float[ranks()];
        this.pooledRow = new float[columns];
        this.gradientRow = new float[columns];
        this.biasGradient = new float[columns];
        this.winCounts = new float[columns];
        this.inUnion = new boolean[columns];
        this.union = new int[columns];
    }


    @Override
    void forward(int from, int steps, int streams, CellState state) {
        forward(from, from + steps * streams);
    }

    @Override
    void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams) {
        backward(dOut, dIn, from, from + steps * streams);
    }

    private int ranks() {
        return output == SpatialPooler.Output.SOFT ? k + 1 : k;
    }

    // ------------------------------------------------------------------ forward

    void forward(int from, int to) {
        float[][] w = weights.values;
        float[][] p = pool == null ? null : pool.values;
        if (boostStrength != 0) {
            float[] d = dutyCycles.values[0];
            for (int c = 0; c < columns; c++) {
                lift[c] = (targetDensity - d[c]) * boostStrength;
            }
        }
        for (int r = from; r < to; r++) {
            Arrays.fill(overlap[r], 0f);
        }
        // an input row of W at a time, every example against it: the row stays in cache
        for (int i = 0; i < nIn; i++) {
            float[] wi = w[i];
            float[] pi = p == null ? null : p[i];
            for (int r = from; r < to; r++) {
                float xi = in[r][i];
                if (xi == 0) {
                    continue;
                }
                float[] o = overlap[r];
                if (pi == null) {
                    Vectors.axpy(o, xi, wi, columns);
                } else {
                    for (int c = 0; c < columns; c++) {
                        o[c] += xi * (wi[c] * pi[c]);
                    }
                }
            }
        }
        for (int r = from; r < to; r++) {
            if (bias != null) {
                Vectors.axpy(overlap[r], 1f, bias.values[0], columns);
            }
            if (boostStrength != 0) {
                boost(r);
            }
            rank(r);
            emit(r);
        }
    }

    /** {@code ob = o + lift * (std(o) + Boost.MIN_SPREAD)}, the population spread of the row. */
    private void boost(int r) {
        float[] o = overlap[r];
        double sum = 0;
        for (int c = 0; c < columns; c++) {
            sum += o[c];
        }
        double m = sum / columns;
        double squares = 0;
        for (int c = 0; c < columns; c++) {
            double e = o[c] - m;
            squares += e * e;
        }
        mean[r] = (float) m;
        spread[r] = (float) Math.sqrt(squares / columns) + (float) Boost.MIN_SPREAD;
        float s = spread[r];
        float[] ob = boosted[r];
        for (int c = 0; c < columns; c++) {
            ob[c] = o[c] + lift[c] * s;
        }
    }

    /** The {@link #ranks()} largest boosted overlaps, ties to the lowest column: a scan in column order keeps the earlier of equals. */
    private void rank(int r) {
        float[] ob = boosted[r];
        int[] cols = ranked[r];
        float[] vals = rankedValues;
        int n = ranks();
        int size = 0;
        for (int c = 0; c < columns; c++) {
            float v = ob[c];
            if (size == n && !(v > vals[n - 1])) {
                continue;
            }
            int pos = size < n ? size++ : n - 1;
            while (pos > 0 && vals[pos - 1] < v) {
                vals[pos] = vals[pos - 1];
                cols[pos] = cols[pos - 1];
                pos--;
            }
            vals[pos] = v;
            cols[pos] = c;
        }
        if (output == SpatialPooler.Output.SOFT) {
            theta[r] = (vals[k - 1] + vals[k]) * 0.5f;
        }
    }

    private void emit(int r) {
        float[] y = out[r];
        Arrays.fill(y, 0f);
        int[] winners = ranked[r];
        for (int j = 0; j < k; j++) {
            int c = winners[j];
            y[c] = switch (output) {
                case DECIMAL -> activation.apply(overlap[r][c]);
                case BINARY -> 1f;
                case SOFT -> ActivationFunction.sigmoid((boosted[r][c] - theta[r]) / temperature);
            };
        }
    }

    /** The columns whose output gradient the backward pass reads for row {@code r}: the winners, or every column. */
    boolean readsEveryOutputGradient() {
        return output == SpatialPooler.Output.BINARY && !maskedStraightThrough;
    }

    int[] winners(int r) {
        return ranked[r];
    }

    int winnerCount() {
        return k;
    }

    // ------------------------------------------------------------------ backward

    /** The overlaps' gradients from {@code dOut}, then {@code dIn = dO (W * P)^T} when {@code dIn} is not null. */
    void backward(float[][] dOut, float[][] dIn, int from, int to) {
        for (int r = from; r < to; r++) {
            overlapGradient(r, dOut[r]);
        }
        if (dIn == null) {
            return;
        }
        float[][] w = weights.values;
        float[][] p = pool == null ? null : pool.values;
        for (int r = from; r < to; r++) {
            float[] dO = dOverlap[r];
            float[] dx = dIn[r];
            for (int i = 0; i < nIn; i++) {
                float[] wi = w[i];
                if (denseGradient) {
                    if (p == null) {
                        dx[i] = Vectors.dot(dO, wi, columns);
                    } else {
                        float[] pi = p[i];
                        for (int c = 0; c < columns; c++) {
                            pooledRow[c] = wi[c] * pi[c];
                        }
                        dx[i] = Vectors.dot(dO, pooledRow, columns);
                    }
                } else {
                    float s = 0;
                    for (int j = 0; j < k + (output == SpatialPooler.Output.SOFT ? 1 : 0); j++) {
                        int c = ranked[r][j];
                        s += dO[c] * (p == null ? wi[c] : wi[c] * p[i][c]);
                    }
                    dx[i] = s;
                }
            }
        }
    }

    private void overlapGradient(int r, float[] dY) {
        float[] dO = dOverlap[r];
        Arrays.fill(dO, 0f);
        int[] winners = ranked[r];
        switch (output) {
            case DECIMAL -> {
                for (int j = 0; j < k; j++) {
                    int c = winners[j];
                    dO[c] = dY[c] * activation.derivative(overlap[r][c], out[r][c]);
                }
            }
            case BINARY -> {
                if (maskedStraightThrough) {
                    for (int j = 0; j < k; j++) {
                        dO[winners[j]] = dY[winners[j]];
                    }
                } else {
                    System.arraycopy(dY, 0, dO, 0, columns);
                }
            }
            case SOFT -> {
                float sum = 0;
                for (int j = 0; j < k; j++) {
                    int c = winners[j];
                    float s = out[r][c];
                    dO[c] = dY[c] * s * (1f - s) / temperature;
                    sum += dO[c];
                }
                // theta's share: its gradient goes to the k-th and (k+1)-th boosted overlaps
                dO[winners[k - 1]] -= sum * 0.5f;
                dO[winners[k]] -= sum * 0.5f;
                if (boostStrength != 0) {
                    boostBackward(r, dO);
                }
            }
        }
    }

    /** Through the spread: {@code do_j = dob_j + sum_c(dob_c lift_c) (o_j - mean) / (C spread)}. */
    private void boostBackward(int r, float[] dO) {
        float weighted = 0;
        for (int c = 0; c < columns; c++) {
            weighted += dO[c] * lift[c];
        }
        float denominator = spread[r] * columns;
        float m = mean[r];
        float[] o = overlap[r];
        for (int c = 0; c < columns; c++) {
            dO[c] += (o[c] - m) * weighted / denominator;
        }
    }

    @Override
    float gradientBound(int from, int to) {
        float maxDelta = 0;
        float maxIn = 1;
        for (int r = from; r < to; r++) {
            maxDelta = Math.max(maxDelta, Vectors.maxAbs(dOverlap[r], columns) + Vectors.nonFinite(dOverlap[r], columns));
            maxIn = Math.max(maxIn, Vectors.maxAbs(in[r], nIn));
        }
        return (to - from) * maxDelta * maxIn;
    }

    // ------------------------------------------------------------------ update

    /** {@code dW = (x^T dO) * P}, {@code dc = sum dO}, divided by {@code streams}; then the duty cycles. */
    @Override
    void applyUpdates(int from, int to, int streams) {
        if (bias != null) {
            Arrays.fill(biasGradient, 0f);
            for (int r = from; r < to; r++) {
                Vectors.axpy(biasGradient, 1f, dOverlap[r], columns);
            }
            if (streams > 1) {
                Vectors.divide(biasGradient, streams, columns);
            }
            bias.updateRow(0, biasGradient);
        }
        float[][] p = pool == null ? null : pool.values;
        if (denseGradient) {
            for (int i = 0; i < nIn; i++) {
                Arrays.fill(gradientRow, 0f);
                boolean any = false;
                for (int r = from; r < to; r++) {
                    float xi = in[r][i];
                    if (xi != 0) {
                        Vectors.axpy(gradientRow, xi, dOverlap[r], columns);
                        any = true;
                    }
                }
                if (!any) {
                    continue;
                }
                if (p != null) {
                    for (int c = 0; c < columns; c++) {
                        gradientRow[c] *= p[i][c];
                    }
                }
                if (streams > 1) {
                    Vectors.divide(gradientRow, streams, columns);
                }
                weights.updateRow(i, gradientRow);
            }
        } else {
            int count = gradientColumns(from, to);
            for (int i = 0; i < nIn; i++) {
                for (int u = 0; u < count; u++) {
                    int c = union[u];
                    float g = 0;
                    for (int r = from; r < to; r++) {
                        g += in[r][i] * dOverlap[r][c];
                    }
                    if (p != null) {
                        g *= p[i][c];
                    }
                    if (g != 0) {
                        weights.updateElement(i, c, streams > 1 ? g / streams : g);
                    }
                }
            }
        }
        updateDutyCycles(from, to);
    }

    /** The columns with a gradient in some row (the rows' winners, and SOFT's (k+1)-th), listed in {@link #union}. */
    private int gradientColumns(int from, int to) {
        int n = output == SpatialPooler.Output.SOFT ? k + 1 : k;
        int count = 0;
        for (int r = from; r < to; r++) {
            for (int j = 0; j < n; j++) {
                int c = ranked[r][j];
                if (!inUnion[c]) {
                    inUnion[c] = true;
                    union[count++] = c;
                }
            }
        }
        for (int u = 0; u < count; u++) {
            inUnion[union[u]] = false;
        }
        return count;
    }

    /** {@code d <- d (1 - e/period) + wins e / (examples period)}, e = min(examples, period), as {@code Boost.updateDutyCycle}. */
    private void updateDutyCycles(int from, int to) {
        Arrays.fill(winCounts, 0f);
        for (int r = from; r < to; r++) {
            for (int j = 0; j < k; j++) {
                winCounts[ranked[r][j]] += 1f;
            }
        }
        int examples = to - from;
        int effective = Math.min(examples, dutyCyclePeriod);
        float keep = (float) (1.0 - (double) effective / dutyCyclePeriod);
        float gain = (float) ((double) effective / examples / dutyCyclePeriod);
        float[] d = dutyCycles.values[0];
        for (int c = 0; c < columns; c++) {
            d[c] = d[c] * keep + winCounts[c] * gain;
        }
    }
}
