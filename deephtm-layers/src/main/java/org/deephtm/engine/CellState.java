package org.deephtm.engine;

import java.util.Arrays;

/**
 * The temporal memory's state for each stream: its active cells, as a list of (cell, value)
 * pairs. At most {@code activeColumns x cellsPerColumn} cells are active, so a list is what the
 * next step reads (the rows of the distal weights of those cells), not all N cells.
 */
final class CellState {

    final int[][] cells;
    final float[][] values;
    final int[] count;

    CellState(int streams, int capacity) {
        cells = new int[streams][capacity];
        values = new float[streams][capacity];
        count = new int[streams];
    }

    int streams() {
        return count.length;
    }

    void clear() {
        Arrays.fill(count, 0);
    }

    void copyFrom(CellState other) {
        for (int b = 0; b < count.length; b++) {
            set(b, other.cells[b], other.values[b], other.count[b]);
        }
    }

    void set(int stream, int[] cellList, float[] valueList, int n) {
        System.arraycopy(cellList, 0, cells[stream], 0, n);
        System.arraycopy(valueList, 0, values[stream], 0, n);
        count[stream] = n;
    }

    /** The dense form: {@code dense[b][n]} for every stream. */
    void toDense(float[][] dense) {
        for (int b = 0; b < count.length; b++) {
            Arrays.fill(dense[b], 0f);
            for (int j = 0; j < count[b]; j++) {
                dense[b][cells[b][j]] = values[b][j];
            }
        }
    }

    /** Reads the dense form (its non-zero entries). */
    void fromDense(float[][] dense) {
        for (int b = 0; b < count.length; b++) {
            int n = 0;
            for (int c = 0; c < dense[b].length; c++) {
                if (dense[b][c] != 0) {
                    cells[b][n] = c;
                    values[b][n++] = dense[b][c];
                }
            }
            count[b] = n;
        }
    }
}
