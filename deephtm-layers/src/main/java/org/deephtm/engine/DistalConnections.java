package org.deephtm.engine;

import java.util.List;

/**
 * How the temporal memory's cells predict each other: the logits of every cell from the active
 * cells of the previous step, and the way back. The dense connectivity ({@link DenseDistal}, the
 * {@code N x N} matrix D) is one form; a sparse-segment memory (cells with dendritic segments of
 * a few synapses each, for HTM's 32 cells per column) implements the same four calls.
 */
interface DistalConnections {

    /** {@code logits[n] = sum_j values[j] w(cells[j] -> n)} over the {@code count} active cells, for every cell n. */
    void predict(int[] cells, float[] values, int count, float[] logits);

    /** The gradient reaching active cell {@code cell}: {@code sum_n dLogits[n] w(cell -> n)}. */
    float backpropagate(int cell, float[] dLogits);

    /** Adds this example-step's gradient {@code values[j] dLogits} to each listed cell's outgoing weights. */
    void accumulate(int[] cells, float[] values, int count, float[] dLogits);

    /** Hands the accumulated gradients, divided by {@code streams}, to the parameters, and forgets them. */
    void applyGradients(int streams);

    /** The trained parameters. */
    List<Parameter> parameters();
}
