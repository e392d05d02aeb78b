package org.deephtm.engine;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.ops.Anomaly;

import java.util.Arrays;

/**
 * {@link TemporalMemory} over float rows, forward beside backward, with the layer's definitions
 * (its Javadoc, and {@code CellActivity}, {@code CellActivityBackward}, {@code Anomaly},
 * {@code ColumnPredictionLoss} in {@code org.deephtm.layers.ops}):
 * <pre>
 *   pi_t = sigmoid(a_{t-1} . D + e)                  (BINARY cells: pi >= threshold)
 *   p_t  = max over a column's cells of pi_t
 *   a_t  = s_t (pi_t + 1 - p_t)                      in the active columns (s_t != 0), 0 elsewhere
 *   A_t  = 1 - sum_active p_t / #active              anomaly
 *   y_t  = sigmoid(a_t . D + e)  |  a_t              PREDICTIVE | ACTIVE
 * </pre>
 * The state {@code a_{t-1}} is a list of at most {@code activeColumns x cellsPerColumn} cells, so
 * each product reads that many rows of D ({@link DistalConnections}). Backward, the gradient of
 * the active cells is needed only in the columns the layer below reads a gradient from (the
 * spatial pooler's winners), and the gradient of D only in the rows of the cells that were
 * active at the step or the one before. A window of several steps backpropagates through time
 * from its last step to its first, as the layer does; the gradient stops at the window's start.
 */
final class TemporalMemoryKernel extends MemoryKernel {

    /** The layer's: a step with no active column scores 0. */
    private static final float ANOMALY_EPSILON = (float) Anomaly.EPSILON;

    private final boolean predictiveOutput;
    private final boolean binaryCells;
    private final boolean anomalyOutput;
    private final float threshold;
    private final float lossWeight;

    final DistalConnections distal;
    final Parameter bias;

    private final float[][] logits;
    private final float[][] soft;
    private final float[][] predictive;
    private final float[][] columnPrediction;
    private final float[][] nextLogits;
    private final float[][] nextSoft;

    private final float[][] dLogits;
    private final float[][] dNextLogits;
    private final float[][] carry;
    private final float[] dActive;
    private final float[] biasGradient;

    TemporalMemoryKernel(int layer, TemporalMemory tm, DistalConnections distal, Parameter bias, int maxRows,
            int streams, int maxActiveCells) {
        super(layer, tm, maxRows, maxActiveCells);
        this.predictiveOutput = tm.getOutput() == TemporalMemory.Output.PREDICTIVE;
        this.binaryCells = tm.getCells() == TemporalMemory.Cells.BINARY;
        this.anomalyOutput = tm.isAnomalyOutput();
        this.threshold = (float) tm.getPredictionThreshold();
        this.lossWeight = (float) tm.getColumnPredictionLoss();
        this.distal = distal;
        this.bias = bias;
        this.logits = Vectors.rows(maxRows, cells);
        this.soft = Vectors.rows(maxRows, cells);
        this.predictive = binaryCells ? Vectors.rows(maxRows, cells) : soft;
        this.columnPrediction = Vectors.rows(maxRows, columns);
        this.nextLogits = predictiveOutput ? Vectors.rows(maxRows, cells) : null;
        this.nextSoft = predictiveOutput ? Vectors.rows(maxRows, cells) : null;
        this.dLogits = Vectors.rows(maxRows, cells);
        this.dNextLogits = predictiveOutput ? Vectors.rows(maxRows, cells) : null;
        this.carry = Vectors.rows(streams, cells);
        this.dActive = new float[cells];
        this.biasGradient = new float[columns];
    }


    // ------------------------------------------------------------------ forward

    /**
     * Steps {@code steps} time steps of {@code streams} streams, rows {@code from + t streams + b},
     * from {@code state}, which ends holding the last step's active cells.
     */
    @Override
    void forward(int from, int steps, int streams, CellState state) {
        float[] e = bias.values[0];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < streams; b++) {
                int r = from + t * streams + b;
                startFrom(r, state, b);
                step(r, e);
                state.set(b, activeCells[r], activeValues[r], activeCount[r]);
            }
        }
    }

    private void step(int r, float[] e) {
        float[] l = logits[r];
        distal.predict(prevCells[r], prevValues[r], prevCount[r], l);
        addColumnBias(l, e);
        float[] s = soft[r];
        for (int n = 0; n < cells; n++) {
            s[n] = ActivationFunction.sigmoid(l[n]);
        }
        float[] pd = predictive[r];
        if (binaryCells) {
            for (int n = 0; n < cells; n++) {
                pd[n] = s[n] >= threshold ? 1f : 0f;
            }
        }
        float[] p = columnPrediction[r];
        float[] x = in[r];
        int count = 0;
        float activeColumns = 0;
        float predicted = 0;
        for (int c = 0; c < columns; c++) {
            int first = c * cellsPerColumn;
            float max = pd[first];
            for (int k = 1; k < cellsPerColumn; k++) {
                max = Math.max(max, pd[first + k]);
            }
            p[c] = max;
            if (x[c] == 0) {
                continue;
            }
            activeColumns += 1f;
            predicted += max;
            float burst = 1f - max;
            for (int k = 0; k < cellsPerColumn; k++) {
                float a = (pd[first + k] + burst) * x[c];
                if (a != 0) {
                    activeCells[r][count] = first + k;
                    activeValues[r][count++] = a;
                }
            }
        }
        activeCount[r] = count;
        anomaly[r] = (activeColumns - predicted) / (activeColumns + ANOMALY_EPSILON);
        if (lossWeight > 0) {
            columnLoss[r] = computeColumnLoss(r);
        }
        float[] y = out[r];
        if (predictiveOutput) {
            float[] l2 = nextLogits[r];
            distal.predict(activeCells[r], activeValues[r], count, l2);
            addColumnBias(l2, e);
            float[] s2 = nextSoft[r];
            for (int n = 0; n < cells; n++) {
                s2[n] = ActivationFunction.sigmoid(l2[n]);
                y[n] = binaryCells ? (s2[n] >= threshold ? 1f : 0f) : s2[n];
            }
        } else {
            Arrays.fill(y, 0, cells, 0f);
            for (int j = 0; j < count; j++) {
                y[activeCells[r][j]] = activeValues[r][j];
            }
        }
        if (anomalyOutput) {
            y[cells] = anomaly[r];
        }
    }

    private void addColumnBias(float[] l, float[] e) {
        for (int c = 0; c < columns; c++) {
            float ec = e[c];
            int first = c * cellsPerColumn;
            for (int k = 0; k < cellsPerColumn; k++) {
                l[first + k] += ec;
            }
        }
    }

    /** The largest logit of column {@code c}'s cells: the cells that reach it are ColumnPredictionLoss's targets in an active column. */
    private static float maxLogit(float[] l, int first, int cellsPerColumn) {
        float max = l[first];
        for (int k = 1; k < cellsPerColumn; k++) {
            max = Math.max(max, l[first + k]);
        }
        return max;
    }

    /**
     * {@code lambda / C sum_n softplus(l) - target l}. The softplus sum is taken from the
     * sigmoids already computed, as {@code l - log(pi)} where {@code l > 0} and {@code -log(1 - pi)}
     * elsewhere (each factor in [1/2, 1], so products of 256 of them lose nothing), with a
     * logarithm per 256 cells instead of one per cell.
     */
    private double computeColumnLoss(int r) {
        float[] l = logits[r];
        float[] s = soft[r];
        double linear = 0;
        double logSum = 0;
        double product = 1;
        for (int n = 0; n < cells; n++) {
            if (l[n] > 0) {
                linear += l[n];
                product *= s[n];
            } else {
                product *= 1.0 - s[n];
            }
            if ((n & 255) == 255) {
                logSum += Math.log(product);
                product = 1;
            }
        }
        logSum += Math.log(product);
        double targets = 0;
        for (int c = 0; c < columns; c++) {
            if (in[r][c] == 0) {
                continue;
            }
            int first = c * cellsPerColumn;
            float max = maxLogit(l, first, cellsPerColumn);
            for (int k = 0; k < cellsPerColumn; k++) {
                if (l[first + k] == max) {
                    targets += l[first + k];
                }
            }
        }
        return lossWeight * (linear - logSum - targets) / columns;
    }

    // ------------------------------------------------------------------ backward

    /**
     * Backpropagates through rows {@code from + t streams + b}, last step first: computes the
     * logits' gradients and, when {@code dIn} is not null, the gradient of the columns the layer
     * below reads.
     */
    @Override
    void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams) {
        for (float[] row : carry) {
            Arrays.fill(row, 0f);
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < streams; b++) {
                int r = from + t * streams + b;
                backwardStep(r, dOut[r], dIn == null ? null : dIn[r], carry[b]);
                if (t > 0) {
                    int earlier = r - streams;
                    markNeeded(earlier);
                    float[] dCells = carry[b];
                    for (int c = 0; c < columns; c++) {
                        if (needed[c]) {
                            int first = c * cellsPerColumn;
                            for (int k = 0; k < cellsPerColumn; k++) {
                                dCells[first + k] = distal.backpropagate(first + k, dLogits[r]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** ACTIVE output: the backward pass reads the gradient of the needed columns' cells (and the anomaly row). */
    @Override
    int gradientRequest(int r, int[] into) {
        if (predictiveOutput) {
            return -1;
        }
        markNeeded(r);
        int n = 0;
        for (int c = 0; c < columns; c++) {
            if (needed[c]) {
                for (int k = 0; k < cellsPerColumn; k++) {
                    into[n++] = c * cellsPerColumn + k;
                }
            }
        }
        if (anomalyOutput) {
            into[n++] = cells;
        }
        return n;
    }

    private void backwardStep(int r, float[] dY, float[] dColumns, float[] dCells) {
        markNeeded(r);
        float[] s = soft[r];
        float[] pd = predictive[r];
        float[] p = columnPrediction[r];
        float[] x = in[r];
        if (predictiveOutput) {
            float[] s2 = nextSoft[r];
            float[] d2 = dNextLogits[r];
            for (int n = 0; n < cells; n++) {
                d2[n] = dY[n] * s2[n] * (1f - s2[n]);
            }
        }
        for (int c = 0; c < columns; c++) {
            if (!needed[c]) {
                continue;
            }
            int first = c * cellsPerColumn;
            for (int k = 0; k < cellsPerColumn; k++) {
                int n = first + k;
                dActive[n] = dCells[n] + (predictiveOutput ? distal.backpropagate(n, dNextLogits[r]) : dY[n]);
            }
        }
        if (dColumns != null) {
            Arrays.fill(dColumns, 0, columns, 0f);
        }
        float activeColumns = 0;
        for (int c = 0; c < columns; c++) {
            if (x[c] != 0) {
                activeColumns += 1f;
            }
        }
        float anomalyShare = anomalyOutput ? 1f / (activeColumns + ANOMALY_EPSILON) * dY[cells] : 0f;
        float[] dl = dLogits[r];
        for (int c = 0; c < columns; c++) {
            int first = c * cellsPerColumn;
            if (!needed[c]) {
                for (int k = 0; k < cellsPerColumn; k++) {
                    dl[first + k] = 0f;
                }
                continue;
            }
            float burst = 1f - p[c];
            float dColumn = 0;
            float dPrediction = 0;
            for (int k = 0; k < cellsPerColumn; k++) {
                int n = first + k;
                dColumn += dActive[n] * (pd[n] + burst);
                dPrediction += dActive[n] * x[c];
            }
            if (dColumns != null) {
                dColumns[c] = dColumn;
            }
            float dColumnPrediction = -dPrediction;
            if (anomalyOutput && x[c] != 0) {
                dColumnPrediction += -anomalyShare;
            }
            int ties = 0;
            for (int k = 0; k < cellsPerColumn; k++) {
                if (pd[first + k] == p[c]) {
                    ties++;
                }
            }
            for (int k = 0; k < cellsPerColumn; k++) {
                int n = first + k;
                float share = cellsPerColumn == 1 ? 1f : (pd[n] == p[c] ? 1f / ties : 0f);
                float dPredictive = dActive[n] * x[c] + share * dColumnPrediction;
                dl[n] = dPredictive * s[n] * (1f - s[n]);
            }
        }
        if (lossWeight > 0) {
            float[] l = logits[r];
            for (int c = 0; c < columns; c++) {
                int first = c * cellsPerColumn;
                float max = x[c] == 0 ? Float.NaN : maxLogit(l, first, cellsPerColumn);
                for (int k = 0; k < cellsPerColumn; k++) {
                    int n = first + k;
                    float target = l[n] == max ? 1f : 0f; // never for an inactive column (NaN equals nothing)
                    dl[n] += (s[n] - target) / columns * lossWeight;
                }
            }
        }
    }

    @Override
    float gradientBound(int from, int to) {
        float maxDelta = 0;
        float maxCell = 1;
        for (int r = from; r < to; r++) {
            maxDelta = Math.max(maxDelta, Vectors.maxAbs(dLogits[r], cells) + Vectors.nonFinite(dLogits[r], cells));
            if (predictiveOutput) {
                maxDelta = Math.max(maxDelta, Vectors.maxAbs(dNextLogits[r], cells)
                        + Vectors.nonFinite(dNextLogits[r], cells));
            }
            maxCell = Math.max(maxCell, Vectors.maxAbs(prevValues[r], prevCount[r]));
            maxCell = Math.max(maxCell, Vectors.maxAbs(activeValues[r], activeCount[r]));
        }
        return 2 * (to - from) * maxDelta * maxCell;
    }

    // ------------------------------------------------------------------ update

    /** {@code dD = sum a_{t-1}^T dl_t + a_t^T dl2_t}, {@code de = per-column sums}, divided by {@code streams}. */
    @Override
    void applyUpdates(int from, int to, int streams) {
        Arrays.fill(biasGradient, 0f);
        for (int r = from; r < to; r++) {
            addPerColumn(biasGradient, dLogits[r]);
            if (predictiveOutput) {
                addPerColumn(biasGradient, dNextLogits[r]);
            }
            distal.accumulate(prevCells[r], prevValues[r], prevCount[r], dLogits[r]);
            if (predictiveOutput) {
                distal.accumulate(activeCells[r], activeValues[r], activeCount[r], dNextLogits[r]);
            }
        }
        if (streams > 1) {
            Vectors.divide(biasGradient, streams, columns);
        }
        bias.updateRow(0, biasGradient);
        distal.applyGradients(streams);
    }

    private void addPerColumn(float[] perColumn, float[] perCell) {
        for (int c = 0; c < columns; c++) {
            int first = c * cellsPerColumn;
            float sum = 0;
            for (int k = 0; k < cellsPerColumn; k++) {
                sum += perCell[first + k];
            }
            perColumn[c] += sum;
        }
    }

    // ------------------------------------------------------------------ inspection (read-only, for MemoryView)

    /** The logits of the next step's predictions when the output does not compute them (ACTIVE), made on first use. */
    private float[] inspectedNext;

    @Override
    public double predictionThreshold() {
        return threshold;
    }

    @Override
    public float predictedAt() {
        return threshold;
    }

    @Override
    public void predictions(int r, float[] strengths) {
        System.arraycopy(soft[r], 0, strengths, 0, cells);
    }

    @Override
    public void nextPredictions(int r, float[] strengths) {
        if (predictiveOutput) {
            System.arraycopy(nextSoft[r], 0, strengths, 0, cells);
            return;
        }
        if (inspectedNext == null) {
            inspectedNext = new float[cells];
        }
        distal.predict(activeCells[r], activeValues[r], activeCount[r], inspectedNext);
        addColumnBias(inspectedNext, bias.values[0]);
        for (int n = 0; n < cells; n++) {
            strengths[n] = ActivationFunction.sigmoid(inspectedNext[n]);
        }
    }

    @Override
    public java.util.List<MemoryView.Segment> segments(int cell) {
        return java.util.List.of();
    }
}
