package org.deephtm.engine;

/**
 * What the engine asks of a temporal memory's kernel, whichever its connectivity: its cells, the
 * state it carries from step to step ({@link CellState}), and per row its anomaly score and column
 * prediction loss; and what a watcher may read of it ({@link MemoryInspection}).
 */
abstract class MemoryKernel extends Kernel implements MemoryInspection {

    /** N = columns x cellsPerColumn. */
    final int cells;

    MemoryKernel(int layer, int inputSize, int outputSize, int maxRows, int cells) {
        super(layer, inputSize, outputSize, maxRows);
        this.cells = cells;
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
}
