package org.deephtm.engine;

import java.util.List;

/**
 * What a watcher may read of a memory kernel's rows: a read-only window for {@link MemoryView},
 * so that a live view or a test sees the memory through the kernel's own answers and never
 * through its arrays. Nothing here changes the kernel; the lazily made scratch space of
 * {@link #nextPredictions} is the only thing a call may allocate, once.
 *
 * <p>Row {@code r} is a row the kernel's last forward pass wrote (the engine names the row of a
 * stream's last prediction).
 */
interface MemoryInspection {

    int columns();

    int cellsPerColumn();

    /** The layer's {@code predictionThreshold}. */
    double predictionThreshold();

    /**
     * The least strength at which the kernel counts a cell as predicted: the threshold itself for
     * the dense memory, the least positive strength for the SEGMENTS memory (whose cells have a
     * strength only when a segment is active, which the threshold already decided).
     */
    float predictedAt();

    /** Whether column {@code c} was active at row {@code r} (the memory's input). */
    boolean columnActive(int r, int c);

    /** Row {@code r}'s active cells (ascending) and their activity into the arrays; returns how many. */
    int activeCells(int r, int[] cells, float[] values);

    /** Every cell's strength of prediction for row {@code r}'s step (from the step before), into the array. */
    void predictions(int r, float[] strengths);

    /** Every cell's strength of prediction for the step after row {@code r} (from its cells), into the array. */
    void nextPredictions(int r, float[] strengths);

    /** The segments of {@code cell} that have synapses (the SEGMENTS memory); empty for the dense memory. */
    List<MemoryView.Segment> segments(int cell);
}
