package org.deephtm.engine;

import java.util.List;

/**
 * The engine's first temporal memory as HTM draws it, at the last step: which columns were
 * active, which of them burst, which cells were predicted for this step and which for the next,
 * and (the SEGMENTS memory) a cell's segments. The answers are read from the memory kernel
 * through its {@link MemoryInspection} window, when asked: a view nobody asks costs nothing.
 *
 * <p>HTM's words for the memory's degrees: a cell is <b>predicted</b> when its strength (the
 * sigmoid of its prediction, {@code pi}) reaches the layer's {@code predictionThreshold}; a
 * column is predicted when one of its cells is; an active column that was not predicted
 * <b>bursts</b>. With DECIMAL cells the memory's activity and anomaly score use the degrees
 * themselves; the threshold only draws the line for the eye.
 *
 * <p>A view belongs to the thread that steps the engine: its answers hold until the next step,
 * and each {@link SparseRow} it returns is reused by the next call of the same method.
 *
 * <pre>{@code
 * learner.addListener(step -> {
 *     MemoryView memory = step.memory();
 *     SparseRow bursting = memory.burstingColumns(0);       // stream 0
 *     SparseRow next = memory.nextPredictedCells(0);        // cell index, strength
 * });
 * }</pre>
 */
public final class MemoryView {

    /**
     * One dendritic segment of a cell.
     *
     * @param index            the segment's slot in the memory ({@code cell * segmentsPerCell + k})
     * @param bias             its bias {@code h}
     * @param presynapticCells the cells its synapses listen to
     * @param weights          the synapses' weights {@code G}, in the same order
     */
    public record Segment(int index, float bias, int[] presynapticCells, float[] weights) {
    }

    private final MemoryKernel memory;
    private final OnlineEngine engine;
    private final int columns;
    private final int cells;
    private final double threshold;
    /** The least strength the kernel counts as predicted ({@link MemoryInspection#predictedAt}). */
    private final float predictedAt;

    private float[] strengths;
    private float[] nextStrengths;
    private long strengthsAt = -1;
    private long nextStrengthsAt = -1;
    private int[] cellScratch;
    private float[] valueScratch;
    private SparseRow activeColumns;
    private SparseRow burstingColumns;
    private SparseRow predictedColumns;
    private SparseRow activeCells;
    private SparseRow predictedCells;
    private SparseRow nextPredictedCells;

    MemoryView(OnlineEngine engine, MemoryKernel memory) {
        this.engine = engine;
        this.memory = memory;
        this.columns = memory.columns();
        this.cells = memory.cells;
        this.threshold = memory.predictionThreshold();
        this.predictedAt = memory.predictedAt();
    }

    public int columns() {
        return columns;
    }

    public int cellsPerColumn() {
        return memory.cellsPerColumn();
    }

    /** N = columns x cellsPerColumn; cell {@code n} is in column {@code n / cellsPerColumn}. */
    public int cells() {
        return cells;
    }

    /** The strength at which a cell counts as predicted: the layer's {@code predictionThreshold}. */
    public double predictionThreshold() {
        return threshold;
    }

    /** The DL4J layer index of the memory. */
    public int layer() {
        return memory.layer;
    }

    /** The columns active at the last step: the memory's input. */
    public SparseRow activeColumns(int stream) {
        int r = row(stream);
        activeColumns = reuse(activeColumns, columns);
        for (int c = 0; c < columns; c++) {
            if (memory.columnActive(r, c)) {
                activeColumns.add(c, 1f);
            }
        }
        return activeColumns;
    }

    /** The columns with a cell predicted for the last step, each with its strongest cell's strength. */
    public SparseRow predictedColumns(int stream) {
        float[] s = strengths(stream);
        int perColumn = memory.cellsPerColumn();
        predictedColumns = reuse(predictedColumns, columns);
        for (int c = 0; c < columns; c++) {
            float best = columnStrength(s, c, perColumn);
            if (best >= predictedAt) {
                predictedColumns.add(c, best);
            }
        }
        return predictedColumns;
    }

    /** The columns active at the last step that were not predicted for it. */
    public SparseRow burstingColumns(int stream) {
        int r = row(stream);
        float[] s = strengths(stream);
        int perColumn = memory.cellsPerColumn();
        burstingColumns = reuse(burstingColumns, columns);
        for (int c = 0; c < columns; c++) {
            if (memory.columnActive(r, c) && columnStrength(s, c, perColumn) < predictedAt) {
                burstingColumns.add(c, 1f);
            }
        }
        return burstingColumns;
    }

    /** The cells active at the last step, with their activity. */
    public SparseRow activeCells(int stream) {
        int r = row(stream);
        if (cellScratch == null) {
            cellScratch = new int[cells];
            valueScratch = new float[cells];
        }
        int n = memory.activeCells(r, cellScratch, valueScratch);
        activeCells = reuse(activeCells, cells);
        for (int i = 0; i < n; i++) {
            activeCells.add(cellScratch[i], valueScratch[i]);
        }
        return activeCells;
    }

    /** The cells predicted for the last step (made from the step before it), with their strength. */
    public SparseRow predictedCells(int stream) {
        predictedCells = above(strengths(stream), reuse(predictedCells, cells));
        return predictedCells;
    }

    /** The cells predicted for the next step (from the last step's active cells), with their strength. */
    public SparseRow nextPredictedCells(int stream) {
        nextPredictedCells = above(nextStrengths(stream), reuse(nextPredictedCells, cells));
        return nextPredictedCells;
    }

    /** Cell {@code cell}'s strength of prediction for the last step, predicted or not, in [0, 1]. */
    public float strength(int stream, int cell) {
        checkCell(cell);
        return strengths(stream)[cell];
    }

    /** Cell {@code cell}'s strength of prediction for the next step, predicted or not, in [0, 1]. */
    public float nextStrength(int stream, int cell) {
        checkCell(cell);
        return nextStrengths(stream)[cell];
    }

    /** Whether the memory has dendritic segments (SEGMENTS connectivity), which {@link #segments} lists. */
    public boolean hasSegments() {
        return memory instanceof SegmentMemoryKernel;
    }

    /**
     * The segments of {@code cell} that have synapses, with the cells they listen to and their
     * weights, as they are now; empty for the dense memory. A new list each call.
     */
    public List<Segment> segments(int cell) {
        checkCell(cell);
        return memory.segments(cell);
    }

    @Override
    public String toString() {
        return "MemoryView(layer " + memory.layer + ", " + columns + " columns x " + memory.cellsPerColumn()
                + " cells, threshold " + threshold + ")";
    }

    private int row(int stream) {
        if (stream < 0 || stream >= engine.streams()) {
            throw new IndexOutOfBoundsException("stream " + stream + " of " + engine.streams());
        }
        if (engine.stepCount() == 0) {
            throw new IllegalStateException("the engine has run no step yet: the memory has nothing to show");
        }
        return engine.predictionRow(stream);
    }

    private float[] strengths(int stream) {
        int r = row(stream);
        long at = stamp(stream);
        if (strengthsAt != at) {
            strengths = strengths == null ? new float[cells] : strengths;
            memory.predictions(r, strengths);
            strengthsAt = at;
        }
        return strengths;
    }

    private float[] nextStrengths(int stream) {
        int r = row(stream);
        long at = stamp(stream);
        if (nextStrengthsAt != at) {
            nextStrengths = nextStrengths == null ? new float[cells] : nextStrengths;
            memory.nextPredictions(r, nextStrengths);
            nextStrengthsAt = at;
        }
        return nextStrengths;
    }

    /** Which step and stream a cached row belongs to: the engine's step count, then the stream. */
    private long stamp(int stream) {
        return engine.stepCount() * engine.streams() + stream;
    }

    private SparseRow above(float[] s, SparseRow into) {
        for (int n = 0; n < cells; n++) {
            if (s[n] >= predictedAt) {
                into.add(n, s[n]);
            }
        }
        return into;
    }

    private static float columnStrength(float[] s, int c, int perColumn) {
        float best = 0;
        for (int k = 0; k < perColumn; k++) {
            best = Math.max(best, s[c * perColumn + k]);
        }
        return best;
    }

    private static SparseRow reuse(SparseRow row, int capacity) {
        SparseRow r = row == null ? new SparseRow(capacity) : row;
        r.clear();
        return r;
    }

    private void checkCell(int cell) {
        if (cell < 0 || cell >= cells) {
            throw new IndexOutOfBoundsException("cell " + cell + " of a memory of " + cells + " cells");
        }
    }
}
