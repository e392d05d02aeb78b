package org.deephtm.engine;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.math.Dendrites;
import org.deephtm.layers.ops.Anomaly;

import java.util.Arrays;

/**
 * {@link TemporalMemory} with SEGMENTS connectivity over float rows, forward beside backward (the
 * layer's math: {@code TemporalMemoryMath}; the structure and HTM's learning cases:
 * {@link Dendrites}):
 * <pre>
 *   z_s   = h_s + sum_j G[s,j] a_{t-1}[I[s,j]]                  the segments the previous active cells reach
 *   pi_n  = max over n's active segments of sigmoid(z_s), else 0   active: matching and sigmoid(z) >= threshold
 *   a_t   = s_c pi_n in a predicted active column, s_c in a burst  0 elsewhere
 *   A_t   = 1 - sum_active max_c pi / #active
 *   L_col = lambda / C sum_targets softplus(z_s) - t_s z_s      the rule's targets (Dendrites.decide)
 *   y_t   = a_t (ACTIVE)  |  pi_{t+1} from a_t (PREDICTIVE)
 * </pre>
 * Work per step follows the active cells, as htm.core's {@code Connections::computeActivity}: each
 * active cell visits the synapses it feeds ({@link Dendrites#activate}), so a step costs the
 * synapses of the active cells, not the N x S segments. Backward, a segment gets a gradient when
 * it is the active segment that predicts its cell, or when the rule gave it a target. The growth
 * the rule planned is applied in {@link #applyUpdates}, after the gradient is taken and before
 * the optimizer moves the weights: a changed synapse starts at its initial weight with no gradient.
 */
final class SegmentMemoryKernel extends MemoryKernel {

    private final int perCell;
    private final int perSegment;
    private final boolean predictiveOutput;
    private final boolean anomalyOutput;
    private final float lossWeight;
    private final boolean structureLearning;
    private final boolean binaryCells;

    final Dendrites dendrites;
    private final Parameter weights;
    private final Parameter bias;

    // per row: the state it started from, what it computed
    private final int[][] prevWinners;
    private final int[] prevWinnerCount;
    private final Dendrites.Activity[] activity;
    private final Dendrites.Activity[] nextActivity;
    private final Dendrites.Step[] steps;
    private final float[][] prediction;
    /** Per row, each column's prediction p_c (the largest of its cells'). */
    private final float[][] columnPredictions;
    private final int[][] predicted;
    private final int[] predictedCount;
    private final float[][] nextPrediction;
    private final int[][] nextPredicted;
    private final int[] nextPredictedCount;
    private final int[][] written;
    private final int[] writtenCount;

    // backward: per row, the segments with a gradient (from the previous step's cells, and PREDICTIVE's from this step's)
    private final SegmentGradients[] gradients;
    private final SegmentGradients[] nextGradients;
    private final float[][] carry;
    private final float[] fromNext;
    private final float[] dPrediction;
    private final int[] ties;
    private final float[] presynapticValue;
    private float maxDelta;

    // update: the step's gradient, by segment
    private final int[] gradientRow;
    private float[][] segmentGradient;
    private int[] gradientSegment;
    private int gradientSegments;
    private float[] biasGradient;

    SegmentMemoryKernel(int layer, TemporalMemory tm, long seed, Parameter weights, Parameter bias,
            Parameter presynaptic, Parameter recency, Parameter hits, Parameter visits, int maxRows, int streams,
            int maxActive) {
        super(layer, tm, maxRows, maxActive);
        this.perCell = tm.getSegmentsPerCell();
        this.perSegment = tm.getSynapsesPerSegment();
        this.predictiveOutput = tm.getOutput() == TemporalMemory.Output.PREDICTIVE;
        this.anomalyOutput = tm.isAnomalyOutput();
        this.lossWeight = (float) tm.getColumnPredictionLoss();
        this.structureLearning = tm.isStructureLearning();
        this.binaryCells = tm.getCells() == TemporalMemory.Cells.BINARY;
        this.weights = weights;
        this.bias = bias;
        this.dendrites = new Dendrites(tm, seed, presynaptic.values, recency.values[0], hits.values[0],
                visits.values[0]);
        int segments = cells * perCell;
        prevWinners = new int[maxRows][maxActive];
        prevWinnerCount = new int[maxRows];
        activity = new Dendrites.Activity[maxRows];
        nextActivity = new Dendrites.Activity[maxRows];
        steps = new Dendrites.Step[maxRows];
        gradients = new SegmentGradients[maxRows];
        nextGradients = new SegmentGradients[maxRows];
        for (int r = 0; r < maxRows; r++) {
            activity[r] = new Dendrites.Activity(segments);
            nextActivity[r] = predictiveOutput ? new Dendrites.Activity(segments) : null;
            steps[r] = new Dendrites.Step();
            gradients[r] = new SegmentGradients();
            nextGradients[r] = new SegmentGradients();
        }
        prediction = Vectors.rows(maxRows, cells);
        columnPredictions = Vectors.rows(maxRows, columns);
        predicted = new int[maxRows][cells];
        predictedCount = new int[maxRows];
        nextPrediction = predictiveOutput ? Vectors.rows(maxRows, cells) : null;
        nextPredicted = predictiveOutput ? new int[maxRows][cells] : null;
        nextPredictedCount = new int[maxRows];
        written = new int[maxRows][Math.max(maxActive, predictiveOutput ? cells : 0)];
        writtenCount = new int[maxRows];
        carry = Vectors.rows(streams, cells);
        fromNext = new float[cells];
        dPrediction = new float[cells];
        ties = new int[cells];
        presynapticValue = new float[cells];
        gradientRow = new int[segments];
        Arrays.fill(gradientRow, -1);
        segmentGradient = new float[64][perSegment];
        gradientSegment = new int[64];
        biasGradient = new float[64];
    }

    @Override
    boolean hasWinners() {
        return true;
    }

    @Override
    void parametersRead() {
        dendrites.index();
    }

    // ------------------------------------------------------------------ forward

    @Override
    void forward(int from, int steps, int streams, CellState state) {
        for (int t = 0; t < steps; t++) {
            dendrites.forgetClaims();
            for (int b = 0; b < streams; b++) {
                int r = from + t * streams + b;
                startFrom(r, state, b);
                int w = state.winnerCount[b];
                System.arraycopy(state.winners[b], 0, prevWinners[r], 0, w);
                prevWinnerCount[r] = w;
                step(r);
                state.set(b, activeCells[r], activeValues[r], activeCount[r]);
                state.setWinners(b, this.steps[r].winners(), this.steps[r].winnerCount());
            }
        }
    }

    private void step(int r) {
        float[][] g = weights.values;
        float[] h = bias.values[0];
        clear(prediction[r], predicted[r], predictedCount[r]);
        dendrites.activate(prevCells[r], prevValues[r], prevCount[r], g, h, activity[r]);
        predictedCount[r] = predict(activity[r], prediction[r], predicted[r]);
        float[] pi = prediction[r];
        float[] x = in[r];
        int count = 0;
        float active = 0;
        float predictedSum = 0;
        float[] columnP = columnPredictions[r];
        java.util.Arrays.fill(columnP, 0f);
        for (int i = 0; i < predictedCount[r]; i++) {
            int cell = predicted[r][i];
            int c = cell / cellsPerColumn;
            columnP[c] = Math.max(columnP[c], pi[cell]);
        }
        for (int c = 0; c < columns; c++) {
            if (x[c] == 0) {
                continue;
            }
            int first = c * cellsPerColumn;
            float p = columnP[c];
            active += 1f;
            predictedSum += p;
            for (int k = 0; k < cellsPerColumn; k++) {
                float a = p > 0 ? x[c] * pi[first + k] : x[c];
                if (a != 0) {
                    activeCells[r][count] = first + k;
                    activeValues[r][count++] = a;
                }
            }
        }
        activeCount[r] = count;
        anomaly[r] = (active - predictedSum) / (active + (float) Anomaly.EPSILON);
        Dendrites.Step step = steps[r];
        dendrites.decide(x, activity[r], prevCells[r], prevCount[r], prevWinners[r], prevWinnerCount[r], step);
        columnLoss[r] = lossWeight == 0 ? 0 : columnLoss(step);
        write(r, g, h);
    }

    /** The cells' predictions from an activity: {@code pi} (dense, zeroed beforehand) and the list of predicted cells; returns their count. */
    private int predict(Dendrites.Activity act, float[] pi, int[] list) {
        int n = 0;
        for (int i = 0; i < act.size(); i++) {
            if (dendrites.active(act, i)) {
                int cell = act.segment(i) / perCell;
                float v = binaryCells ? 1f : ActivationFunction.sigmoid(act.excitation(i));
                if (pi[cell] == 0) {
                    list[n++] = cell;
                }
                pi[cell] = Math.max(pi[cell], v);
            }
        }
        return n;
    }

    private float columnPrediction(float[] pi, int first) {
        float p = 0;
        for (int k = 0; k < cellsPerColumn; k++) {
            p = Math.max(p, pi[first + k]);
        }
        return p;
    }

    /** {@code lambda / C sum softplus(z) - t z} over the rule's targets. */
    private double columnLoss(Dendrites.Step step) {
        double sum = 0;
        for (int i = 0; i < step.targetCount(); i++) {
            double z = step.targetExcitation(i);
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - step.target(i) * z;
        }
        return lossWeight * sum / columns;
    }

    /** The output row: the active cells, or the cells predicted for the next step; and the anomaly score. */
    private void write(int r, float[][] g, float[] h) {
        float[] y = out[r];
        for (int i = 0; i < writtenCount[r]; i++) {
            y[written[r][i]] = 0f;
        }
        int n = 0;
        if (predictiveOutput) {
            float[] pi = nextPrediction[r];
            for (int i = 0; i < nextPredictedCount[r]; i++) {
                pi[nextPredicted[r][i]] = 0f;
            }
            dendrites.activate(activeCells[r], activeValues[r], activeCount[r], g, h, nextActivity[r]);
            nextPredictedCount[r] = predict(nextActivity[r], pi, nextPredicted[r]);
            for (int i = 0; i < nextPredictedCount[r]; i++) {
                int cell = nextPredicted[r][i];
                y[cell] = pi[cell];
                written[r][n++] = cell;
            }
        } else {
            for (int i = 0; i < activeCount[r]; i++) {
                int cell = activeCells[r][i];
                y[cell] = activeValues[r][i] * outputShare(r, cell);
                written[r][n++] = cell;
            }
        }
        writtenCount[r] = n;
        if (anomalyOutput) {
            y[cells] = anomaly[r];
        }
    }

    // ------------------------------------------------------------------ backward

    /** The segments of one row with a gradient of their excitation, and which cells' activity fed them. */
    private static final class SegmentGradients {
        int[] segment = new int[64];
        float[] dz = new float[64];
        int size;

        void add(int s, float d) {
            if (size == segment.length) {
                segment = Arrays.copyOf(segment, 2 * size);
                dz = Arrays.copyOf(dz, 2 * size);
            }
            segment[size] = s;
            dz[size++] = d;
        }
    }

    @Override
    void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams) {
        maxDelta = 0;
        for (int b = 0; b < streams; b++) {
            Arrays.fill(carry[b], 0f);
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < streams; b++) {
                int r = from + t * streams + b;
                backwardStep(r, dOut[r], dIn == null ? null : dIn[r], carry[b], t > 0);
            }
        }
    }

    private void backwardStep(int r, float[] dY, float[] dColumns, float[] carryRow, boolean throughTime) {
        currentRow = r;
        float[] x = in[r];
        float[] pi = prediction[r];
        // dL/da_t = the output's (ACTIVE) or the next predictions' (PREDICTIVE), plus the next step's (carried)
        nextGradients[r].size = 0;
        if (predictiveOutput) {
            segmentGradients(nextActivity[r], nextPrediction[r], dY, nextGradients[r]);
            propagate(nextGradients[r], fromNext);
        }
        markNeeded(r);
        if (dColumns != null) {
            Arrays.fill(dColumns, 0, columns, 0f);
        }
        float activeColumns = 0;
        for (int c = 0; c < columns; c++) {
            if (x[c] != 0) {
                activeColumns += 1f;
            }
        }
        // dL/ds_c for the columns the layer below reads: a_t = s_c pi (predicted column) or s_c (otherwise)
        if (dColumns != null) {
            for (int c = 0; c < columns; c++) {
                if (!needed[c]) {
                    continue;
                }
                int first = c * cellsPerColumn;
                float p = columnPredictions[r][c];
                float sum = 0;
                for (int k = 0; k < cellsPerColumn; k++) {
                    int n = first + k;
                    sum += dActive(n, dY, carryRow) * (p > 0 ? pi[n] : 1f);
                }
                dColumns[c] = sum;
            }
        }
        // dL/dpi of the predicted cells of active columns (a = s pi), and through the anomaly score
        float dAnomaly = anomalyOutput ? -dY[cells] / (activeColumns + (float) Anomaly.EPSILON) : 0f;
        for (int i = 0; i < predictedCount[r]; i++) {
            int cell = predicted[r][i];
            int c = cell / cellsPerColumn;
            if (x[c] == 0) {
                dPrediction[cell] = 0f;
                continue;
            }
            dPrediction[cell] = dActive(cell, dY, carryRow) * x[c];
            if (anomalyOutput) {
                int first = c * cellsPerColumn;
                float p = columnPredictions[r][c];
                if (pi[cell] == p) {
                    int tied = 0;
                    for (int k = 0; k < cellsPerColumn; k++) {
                        tied += pi[first + k] == p ? 1 : 0;
                    }
                    dPrediction[cell] += dAnomaly / tied;
                }
            }
        }
        if (predictiveOutput) {
            unpropagate(nextGradients[r], fromNext);
        }
        SegmentGradients grads = gradients[r];
        grads.size = 0;
        segmentGradients(activity[r], pi, dPrediction, grads);
        clear(dPrediction, predicted[r], predictedCount[r]);
        if (lossWeight > 0) {
            Dendrites.Step step = steps[r];
            for (int i = 0; i < step.targetCount(); i++) {
                float s = ActivationFunction.sigmoid(step.targetExcitation(i));
                grads.add(step.targetSegment(i), lossWeight * (s - step.target(i)) / columns);
            }
        }
        for (int i = 0; i < grads.size; i++) {
            float dz = grads.dz[i];
            maxDelta = Math.max(maxDelta, Math.abs(dz) + (Float.isFinite(dz) ? 0f : Float.NaN));
        }
        // the previous step's cells, through the synapses of the segments with a gradient
        Arrays.fill(carryRow, 0f);
        if (throughTime) {
            propagate(grads, carryRow);
        }
    }

    private float dActive(int cell, float[] dY, float[] carryRow) {
        return carryRow[cell] + (predictiveOutput ? fromNext[cell] : dY[cell] * outputShare(currentRow, cell));
    }

    private int currentRow;

    /**
     * ACTIVE output: a bursting column's cells share its activity ({@code 1 / K} each), so that
     * every active column gives the layer after it the same mass, predicted or not.
     */
    private float outputShare(int r, int cell) {
        return columnPredictions[r][cell / cellsPerColumn] > 0 ? 1f : 1f / cellsPerColumn;
    }

    /**
     * The gradient of the excitations of {@code act}'s active segments from that of their cells'
     * predictions {@code dPi}: to the segment that gives its cell's prediction (shared when
     * several tie), through the sigmoid.
     */
    private void segmentGradients(Dendrites.Activity act, float[] pi, float[] dPi, SegmentGradients out) {
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < act.size(); i++) {
                if (!dendrites.active(act, i)) {
                    continue;
                }
                int cell = act.segment(i) / perCell;
                float v = ActivationFunction.sigmoid(act.excitation(i));
                if ((binaryCells ? 1f : v) != pi[cell]) {
                    continue;
                }
                switch (pass) {
                    case 0 -> ties[cell]++;
                    case 1 -> {
                        if (dPi[cell] != 0) {
                            out.add(act.segment(i), dPi[cell] * v * (1f - v) / ties[cell]);
                        }
                    }
                    default -> ties[cell] = 0;
                }
            }
        }
    }

    /** {@code dCells[i] += dz_s G[s,j]} for every synapse {@code j} of the listed segments, {@code i} its presynaptic cell. */
    private void propagate(SegmentGradients grads, float[] dCells) {
        float[][] g = weights.values;
        for (int i = 0; i < grads.size; i++) {
            int s = grads.segment[i];
            float dz = grads.dz[i];
            for (int j = 0; j < perSegment; j++) {
                int cell = dendrites.presynapticCell(s, j);
                if (cell != Dendrites.NO_CELL) {
                    dCells[cell] += dz * g[s][j];
                }
            }
        }
    }

    /** Zeroes what {@link #propagate} wrote. */
    private void unpropagate(SegmentGradients grads, float[] dCells) {
        for (int i = 0; i < grads.size; i++) {
            int s = grads.segment[i];
            for (int j = 0; j < perSegment; j++) {
                int cell = dendrites.presynapticCell(s, j);
                if (cell != Dendrites.NO_CELL) {
                    dCells[cell] = 0f;
                }
            }
        }
    }

    /** The output's non-zero entries: the cells written at row {@code r} (and the anomaly row). */
    @Override
    int outputNonZeros(int r, int[] into) {
        int n = writtenCount[r];
        System.arraycopy(written[r], 0, into, 0, n);
        if (anomalyOutput) {
            into[n++] = cells;
        }
        return n;
    }

    /**
     * The output gradients the backward pass reads: the next predictions (PREDICTIVE), or (ACTIVE)
     * in each needed column the cells whose activity depends on it, its predicted cells or, in a
     * burst, all of them.
     */
    @Override
    int gradientRequest(int r, int[] into) {
        int n = 0;
        if (predictiveOutput) {
            for (int i = 0; i < nextPredictedCount[r]; i++) {
                into[n++] = nextPredicted[r][i];
            }
        } else {
            markNeeded(r);
            float[] pi = prediction[r];
            for (int c = 0; c < columns; c++) {
                if (needed[c]) {
                    int first = c * cellsPerColumn;
                    boolean predicted = columnPredictions[r][c] > 0;
                    for (int k = 0; k < cellsPerColumn; k++) {
                        if (!predicted || pi[first + k] > 0) {
                            into[n++] = first + k;
                        }
                    }
                }
            }
        }
        if (anomalyOutput) {
            into[n++] = cells;
        }
        return n;
    }

    private static void fill(float[] dense, int[] cellList, float[] valueList, int n) {
        for (int i = 0; i < n; i++) {
            dense[cellList[i]] = valueList[i];
        }
    }

    private static void clear(float[] dense, int[] cellList, int n) {
        for (int i = 0; i < n; i++) {
            dense[cellList[i]] = 0f;
        }
    }

    @Override
    float gradientBound(int from, int to) {
        float maxCell = 1;
        for (int r = from; r < to; r++) {
            maxCell = Math.max(maxCell, Vectors.maxAbs(prevValues[r], prevCount[r]));
            maxCell = Math.max(maxCell, Vectors.maxAbs(activeValues[r], activeCount[r]));
        }
        return 2 * (to - from) * maxDelta * maxCell;
    }

    // ------------------------------------------------------------------ update

    /**
     * {@code dG[s,j] = sum dz_s a[I[s,j]]}, {@code dh_s = sum dz_s} over the rows, divided by
     * {@code streams}; then the structure the rule planned for these rows, which drops the gradient
     * of every synapse and segment it changes; then the optimizer's step.
     */
    @Override
    void applyUpdates(int from, int to, int streams) {
        for (int r = from; r < to; r++) {
            accumulate(gradients[r], prevCells[r], prevValues[r], prevCount[r]);
            if (predictiveOutput) {
                accumulate(nextGradients[r], activeCells[r], activeValues[r], activeCount[r]);
            }
        }
        if (structureLearning) {
            dendrites.apply(steps, from, to, structureChanges);
        }
        float scale = streams > 1 ? 1f / streams : 1f;
        for (int i = 0; i < gradientSegments; i++) {
            int s = gradientSegment[i];
            float[] row = segmentGradient[i];
            if (scale != 1f) {
                Vectors.divide(row, streams, perSegment);
            }
            weights.updateRow(s, row);
            bias.updateElement(0, s, biasGradient[i] * scale);
            gradientRow[s] = -1;
        }
        gradientSegments = 0;
    }

    private void accumulate(SegmentGradients grads, int[] cellList, float[] valueList, int count) {
        fill(presynapticValue, cellList, valueList, count);
        for (int i = 0; i < grads.size; i++) {
            int s = grads.segment[i];
            float dz = grads.dz[i];
            int row = gradientRow[s];
            if (row < 0) {
                row = newGradientRow(s);
            }
            float[] dG = segmentGradient[row];
            for (int j = 0; j < perSegment; j++) {
                int cell = dendrites.presynapticCell(s, j);
                if (cell != Dendrites.NO_CELL) {
                    dG[j] += dz * presynapticValue[cell];
                }
            }
            biasGradient[row] += dz;
        }
        clear(presynapticValue, cellList, count);
    }

    private int newGradientRow(int s) {
        if (gradientSegments == gradientSegment.length) {
            int n = 2 * gradientSegments;
            gradientSegment = Arrays.copyOf(gradientSegment, n);
            biasGradient = Arrays.copyOf(biasGradient, n);
            float[][] rows = Arrays.copyOf(segmentGradient, n);
            for (int i = gradientSegments; i < n; i++) {
                rows[i] = new float[perSegment];
            }
            segmentGradient = rows;
        }
        int row = gradientSegments++;
        gradientSegment[row] = s;
        Arrays.fill(segmentGradient[row], 0f);
        biasGradient[row] = 0f;
        gradientRow[s] = row;
        return row;
    }

    /** The rule's changes, into the weights and the gradient waiting to be applied. */
    private final Dendrites.Weights structureChanges = new Dendrites.Weights() {
        @Override
        public float weight(int segment, int synapse) {
            return weights.values[segment][synapse];
        }

        @Override
        public void synapseChanged(int segment, int synapse, float weight) {
            weights.values[segment][synapse] = weight;
            int row = gradientRow[segment];
            if (row >= 0) {
                segmentGradient[row][synapse] = 0f;
            }
        }

        @Override
        public void segmentReset(int segment) {
            bias.values[0][segment] = 0f;
            int row = gradientRow[segment];
            if (row >= 0) {
                biasGradient[row] = 0f;
            }
        }
    };

    // ------------------------------------------------------------------ inspection (read-only, for MemoryView)

    /** The next step's activity and predicted cells where the output does not compute them (ACTIVE); made once. */
    private Dendrites.Activity inspectedActivity;
    private int[] inspectedPredicted;

    @Override
    public double predictionThreshold() {
        return 1 / (1 + Math.exp(-dendrites.gateLogit()));
    }

    @Override
    public float predictedAt() {
        return Float.MIN_VALUE;
    }

    @Override
    public void predictions(int r, float[] strengths) {
        System.arraycopy(prediction[r], 0, strengths, 0, cells);
    }

    @Override
    public void nextPredictions(int r, float[] strengths) {
        if (predictiveOutput) {
            System.arraycopy(nextPrediction[r], 0, strengths, 0, cells);
            return;
        }
        if (inspectedActivity == null) {
            inspectedActivity = new Dendrites.Activity(cells * perCell);
            inspectedPredicted = new int[cells];
        }
        Arrays.fill(strengths, 0, cells, 0f);
        dendrites.activate(activeCells[r], activeValues[r], activeCount[r], weights.values, bias.values[0],
                inspectedActivity);
        predict(inspectedActivity, strengths, inspectedPredicted);
    }

    @Override
    public java.util.List<MemoryView.Segment> segments(int cell) {
        java.util.List<MemoryView.Segment> list = new java.util.ArrayList<>();
        for (int s = cell * perCell; s < (cell + 1) * perCell; s++) {
            int n = dendrites.synapses(s);
            if (n == 0) {
                continue;
            }
            int[] presynaptic = new int[n];
            float[] g = new float[n];
            int i = 0;
            for (int j = 0; j < perSegment; j++) {
                int from = dendrites.presynapticCell(s, j);
                if (from != Dendrites.NO_CELL) {
                    presynaptic[i] = from;
                    g[i++] = weights.values[s][j];
                }
            }
            list.add(new MemoryView.Segment(s, bias.values[0][s], presynaptic, g));
        }
        return list;
    }
}
