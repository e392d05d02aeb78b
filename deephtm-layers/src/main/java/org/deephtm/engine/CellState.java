package org.deephtm.engine;

import java.util.Arrays;

/**
 * The temporal memory's state for each stream: its active cells, as a list of (cell, value)
 * pairs, and (for the SEGMENTS memory, whose segments grow towards them) its winner cells. At
 * most {@code activeColumns x cellsPerColumn} cells are active, so a list is what the next step
 * reads, not all N cells.
 */
final class CellState {

    final int[][] cells;
    final float[][] values;
    final int[] count;
    final int[][] winners;
    final int[] winnerCount;

    CellState(int streams, int capacity) {
        cells = new int[streams][capacity];
        values = new float[streams][capacity];
        count = new int[streams];
        winners = new int[streams][capacity];
        winnerCount = new int[streams];
    }

    int streams() {
        return count.length;
    }

    void clear() {
        Arrays.fill(count, 0);
        Arrays.fill(winnerCount, 0);
    }

    void copyFrom(CellState other) {
        for (int b = 0; b < count.length; b++) {
            set(b, other.cells[b], other.values[b], other.count[b]);
            setWinners(b, other.winners[b], other.winnerCount[b]);
        }
    }

    void set(int stream, int[] cellList, float[] valueList, int n) {
        System.arraycopy(cellList, 0, cells[stream], 0, n);
        System.arraycopy(valueList, 0, values[stream], 0, n);
        count[stream] = n;
    }

    void setWinners(int stream, int[] cellList, int n) {
        System.arraycopy(cellList, 0, winners[stream], 0, n);
        winnerCount[stream] = n;
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
            count[b] = nonZeros(dense[b], cells[b], values[b]);
        }
    }

    /** The winners as 0/1 rows {@code [streams, N]}. */
    void winnersToDense(float[][] dense) {
        for (int b = 0; b < count.length; b++) {
            Arrays.fill(dense[b], 0f);
            for (int j = 0; j < winnerCount[b]; j++) {
                dense[b][winners[b][j]] = 1f;
            }
        }
    }

    /** Reads the winners' 0/1 rows (their non-zero entries), or none when {@code dense} is null. */
    void winnersFromDense(float[][] dense) {
        for (int b = 0; b < count.length; b++) {
            int n = 0;
            if (dense != null) {
                for (int c = 0; c < dense[b].length; c++) {
                    if (dense[b][c] != 0) {
                        winners[b][n++] = c;
                    }
                }
            }
            winnerCount[b] = n;
        }
    }

    private static int nonZeros(float[] dense, int[] cellList, float[] valueList) {
        int n = 0;
        for (int c = 0; c < dense.length; c++) {
            if (dense[c] != 0) {
                cellList[n] = c;
                valueList[n++] = dense[c];
            }
        }
        return n;
    }
}
