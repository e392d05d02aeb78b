package org.deephtm.engine;

/**
 * What the engine asks of a temporal memory's kernel, whichever its connectivity: its cells, the
 * state it carries from step to step ({@link CellState}), and per row its anomaly score and column
 * prediction loss; and what a watcher may read of it ({@link MemoryInspection}).
 */
abstract class MemoryKernel extends Kernel implements MemoryInspection {

    /** N = columns x cellsPerColumn. */
    final int cells;
    /** Per row, the cells active at this step and their activity: what the layer above reads. */
    final int[][] activeCells;
    final float[][] activeValues;
    final int[] activeCount;

    MemoryKernel(int layer, int inputSize, int outputSize, int maxRows, int cells, int maxActiveCells) {
        super(layer, inputSize, outputSize, maxRows);
        this.cells = cells;
        this.activeCells = new int[maxRows][maxActiveCells];
        this.activeValues = new float[maxRows][maxActiveCells];
        this.activeCount = new int[maxRows];
    }

    /** The anomaly score of row {@code r}'s last forward pass. */
    abstract float anomaly(int r);

    /** The column prediction loss of row {@code r}'s last forward pass (0 when disabled). */
    abstract double columnLoss(int r);

    /** True when the kernel carries winner cells in its state (the SEGMENTS memory). */
    boolean hasWinners() {
        return false;
    }

    /** The network's parameters were read into the engine: rebuild what is derived from them. */
    void parametersRead() {
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
