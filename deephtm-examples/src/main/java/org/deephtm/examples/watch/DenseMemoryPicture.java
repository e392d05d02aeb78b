package org.deephtm.examples.watch;

import org.deephtm.engine.MemoryView;

import java.util.Arrays;
import java.util.List;

/**
 * A memory picture from dense rows: its input (the active columns), every cell's strength of
 * prediction for this step and for the next, as a network without the online engine gives them
 * (the activations of the spatial pooler and of a PREDICTIVE temporal memory). Its active cells
 * are not shown (such an output holds predictions, not activity), and it has no segments.
 */
public final class DenseMemoryPicture implements MemoryPicture {

    private final int cellsPerColumn;
    private final double threshold;
    private final float[] columnInput;
    private final float[] strength;
    private final float[] nextStrength;

    /**
     * @param cellsPerColumn the memory's cells per column
     * @param threshold      the strength from which a cell counts as predicted
     * @param columnInput    the memory's input at this step, per column (non-zero: active)
     * @param strength       every cell's strength of prediction for this step (zeros at a sequence's start)
     * @param nextStrength   every cell's strength of prediction for the next step
     */
    public DenseMemoryPicture(int cellsPerColumn, double threshold, float[] columnInput, float[] strength,
            float[] nextStrength) {
        int cells = columnInput.length * cellsPerColumn;
        if (strength.length != cells || nextStrength.length != cells) {
            throw new IllegalArgumentException(columnInput.length + " columns of " + cellsPerColumn + " cells need "
                    + cells + " strengths, got " + strength.length + " and " + nextStrength.length);
        }
        this.cellsPerColumn = cellsPerColumn;
        this.threshold = threshold;
        this.columnInput = columnInput.clone();
        this.strength = strength.clone();
        this.nextStrength = nextStrength.clone();
    }

    @Override
    public int columns() {
        return columnInput.length;
    }

    @Override
    public int cellsPerColumn() {
        return cellsPerColumn;
    }

    @Override
    public double predictionThreshold() {
        return threshold;
    }

    @Override
    public int[] activeColumns() {
        int[] active = new int[columnInput.length];
        int n = 0;
        for (int c = 0; c < columnInput.length; c++) {
            if (columnInput[c] != 0) {
                active[n++] = c;
            }
        }
        return Arrays.copyOf(active, n);
    }

    @Override
    public int[] predictedColumns() {
        return predicted(strength);
    }

    @Override
    public int[] nextPredictedColumns() {
        return predicted(nextStrength);
    }

    @Override
    public int[] activeCells() {
        return new int[0];
    }

    @Override
    public float activity(int cell) {
        return Float.NaN;
    }

    @Override
    public float strength(int cell) {
        return strength[cell];
    }

    @Override
    public float nextStrength(int cell) {
        return nextStrength[cell];
    }

    @Override
    public boolean hasSegments() {
        return false;
    }

    @Override
    public List<MemoryView.Segment> segments(int cell) {
        return List.of();
    }

    private int[] predicted(float[] s) {
        int[] columns = new int[columnInput.length];
        int n = 0;
        for (int c = 0; c < columnInput.length; c++) {
            for (int k = 0; k < cellsPerColumn; k++) {
                if (s[c * cellsPerColumn + k] >= threshold) {
                    columns[n++] = c;
                    break;
                }
            }
        }
        return Arrays.copyOf(columns, n);
    }
}
