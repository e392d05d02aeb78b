package org.deephtm.engine;

import java.util.Arrays;
import java.util.List;

/**
 * {@link DistalConnections} through the dense matrix {@code D [N, N]} of the temporal memory:
 * row {@code i} holds the weights from cell {@code i} to every cell. Predicting from {@code A}
 * active cells reads {@code A} rows ({@code A N} multiply-adds instead of {@code N^2}); their
 * gradients are whole rows, and only the rows of cells that were active get one.
 */
final class DenseDistal implements DistalConnections {

    private final Parameter distal;
    private final int cells;

    /** The step's gradient contributions, grouped by cell: a linked list per cell. */
    private final int[] head;
    private int[] next;
    private float[] coefficient;
    private float[][] vector;
    private int contributions;
    private final int[] touched;
    private int touchedCount;
    private final float[] gradient;

    /** @param expectedContributions active cells over a training window's rows, so that nothing grows per step */
    DenseDistal(Parameter distal, int expectedContributions) {
        this.distal = distal;
        this.cells = distal.rows();
        this.next = new int[Math.max(16, expectedContributions)];
        this.coefficient = new float[next.length];
        this.vector = new float[next.length][];
        this.head = new int[cells];
        Arrays.fill(head, -1);
        this.touched = new int[cells];
        this.gradient = new float[cells];
    }

    @Override
    public void predict(int[] active, float[] values, int count, float[] logits) {
        Arrays.fill(logits, 0, cells, 0f);
        float[][] d = distal.values;
        for (int j = 0; j < count; j++) {
            Vectors.axpy(logits, values[j], d[active[j]], cells);
        }
    }

    @Override
    public float backpropagate(int cell, float[] dLogits) {
        return Vectors.dot(distal.values[cell], dLogits, cells);
    }

    @Override
    public void accumulate(int[] active, float[] values, int count, float[] dLogits) {
        for (int j = 0; j < count; j++) {
            int cell = active[j];
            if (contributions == next.length) {
                grow();
            }
            if (head[cell] < 0) {
                touched[touchedCount++] = cell;
            }
            next[contributions] = head[cell];
            coefficient[contributions] = values[j];
            vector[contributions] = dLogits;
            head[cell] = contributions++;
        }
    }

    @Override
    public void applyGradients(int streams) {
        for (int t = 0; t < touchedCount; t++) {
            int cell = touched[t];
            Arrays.fill(gradient, 0f);
            for (int c = head[cell]; c >= 0; c = next[c]) {
                Vectors.axpy(gradient, coefficient[c], vector[c], cells);
            }
            if (streams > 1) {
                Vectors.divide(gradient, streams, cells);
            }
            distal.updateRow(cell, gradient);
            head[cell] = -1;
        }
        touchedCount = 0;
        contributions = 0;
    }

    private void grow() {
        int size = 2 * next.length;
        next = Arrays.copyOf(next, size);
        coefficient = Arrays.copyOf(coefficient, size);
        vector = Arrays.copyOf(vector, size);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(distal);
    }
}
