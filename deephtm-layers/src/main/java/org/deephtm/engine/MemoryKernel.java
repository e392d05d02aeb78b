package org.deephtm.engine;

import org.deephtm.layers.TemporalMemory;

/**
 * What the engine asks of a temporal memory's kernel, whichever its connectivity: its cells, the
 * state it carries from step to step ({@link CellState}), and per row its anomaly score and column
 * prediction loss; and what a watcher may read of it ({@link MemoryInspection}).
 */
abstract class MemoryKernel extends Kernel implements MemoryInspection {

    final int columns;
    final int cellsPerColumn;
    /** N = columns x cellsPerColumn. */
    final int cells;
    /** Per row, the cells active the step before: what the memory predicts from. */
    final int[][] prevCells;
    final float[][] prevValues;
    final int[] prevCount;
    /** Per row, the cells active at this step and their activity: what the layer above reads. */
    final int[][] activeCells;
    final float[][] activeValues;
    final int[] activeCount;
    /** Per row, the anomaly score and the column prediction loss of the last forward pass. */
    final float[] anomaly;
    final double[] columnLoss;
    /** The kernel below, when it is a spatial pooler: it names the columns whose gradient it reads. */
    SpatialPoolerKernel below;
    /** The columns whose cells' gradient matters at the row being learned ({@link #markNeeded}). */
    final boolean[] needed;

    MemoryKernel(int layer, TemporalMemory tm, int maxRows, int maxActiveCells) {
        super(layer, (int) tm.getColumns(), (int) tm.outputSize(), maxRows);
        this.columns = (int) tm.getColumns();
        this.cellsPerColumn = tm.getCellsPerColumn();
        this.cells = (int) tm.cellCount();
        this.prevCells = new int[maxRows][maxActiveCells];
        this.prevValues = new float[maxRows][maxActiveCells];
        this.prevCount = new int[maxRows];
        this.activeCells = new int[maxRows][maxActiveCells];
        this.activeValues = new float[maxRows][maxActiveCells];
        this.activeCount = new int[maxRows];
        this.anomaly = new float[maxRows];
        this.columnLoss = new double[maxRows];
        this.needed = new boolean[columns];
    }

    /** The anomaly score of row {@code r}'s last forward pass. */
    final float anomaly(int r) {
        return anomaly[r];
    }

    /** The column prediction loss of row {@code r}'s last forward pass (0 when disabled). */
    final double columnLoss(int r) {
        return columnLoss[r];
    }

    /** Row {@code r} starts from the cells active the step before, as {@code state} holds them for stream {@code b}. */
    final void startFrom(int r, CellState state, int b) {
        int n = state.count[b];
        System.arraycopy(state.cells[b], 0, prevCells[r], 0, n);
        System.arraycopy(state.values[b], 0, prevValues[r], 0, n);
        prevCount[r] = n;
    }

    /**
     * Flags, in {@link #needed}, the columns of row {@code r} whose cells' gradient matters: the
     * active ones, and those the layer below reads.
     */
    final void markNeeded(int r) {
        float[] x = in[r];
        boolean all = below == null || below.readsEveryOutputGradient();
        for (int c = 0; c < columns; c++) {
            needed[c] = all || x[c] != 0;
        }
        if (!all) {
            int[] winners = below.winners(r);
            for (int j = 0; j < below.winnerCount(); j++) {
                needed[winners[j]] = true;
            }
        }
    }

    /** True when the kernel carries winner cells in its state (the SEGMENTS memory). */
    boolean hasWinners() {
        return false;
    }

    /** The network's parameters were read into the engine: rebuild what is derived from them. */
    void parametersRead() {
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public int cellsPerColumn() {
        return cellsPerColumn;
    }

    @Override
    public boolean columnActive(int r, int c) {
        return in[r][c] != 0;
    }

    @Override
    public int activeCells(int r, int[] cellList, float[] values) {
        System.arraycopy(activeCells[r], 0, cellList, 0, activeCount[r]);
        System.arraycopy(activeValues[r], 0, values, 0, activeCount[r]);
        return activeCount[r];
    }
}
