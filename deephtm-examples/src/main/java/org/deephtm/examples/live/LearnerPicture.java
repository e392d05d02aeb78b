package org.deephtm.examples.live;

import org.deephtm.engine.MemoryView;
import org.deephtm.engine.SparseRow;
import org.deephtm.examples.watch.MemoryPicture;

import java.util.List;

/** The online engine's memory ({@link MemoryView}, stream 0) as the live view draws it. */
final class LearnerPicture implements MemoryPicture {

    private final MemoryView view;

    LearnerPicture(MemoryView view) {
        this.view = view;
    }

    @Override
    public int columns() {
        return view.columns();
    }

    @Override
    public int cellsPerColumn() {
        return view.cellsPerColumn();
    }

    @Override
    public double predictionThreshold() {
        return view.predictionThreshold();
    }

    @Override
    public int[] activeColumns() {
        return view.activeColumns(0).indices();
    }

    @Override
    public int[] predictedColumns() {
        return view.predictedColumns(0).indices();
    }

    @Override
    public int[] nextPredictedColumns() {
        SparseRow cells = view.nextPredictedCells(0);
        int k = view.cellsPerColumn();
        int[] columns = new int[cells.size()];
        int n = 0;
        for (int i = 0; i < cells.size(); i++) {
            int c = cells.index(i) / k;
            if (n == 0 || columns[n - 1] != c) {
                columns[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(columns, n);
    }

    @Override
    public int[] activeCells() {
        return view.activeCells(0).indices();
    }

    @Override
    public float activity(int cell) {
        SparseRow active = view.activeCells(0);
        for (int i = 0; i < active.size(); i++) {
            if (active.index(i) == cell) {
                return active.value(i);
            }
        }
        return 0f;
    }

    @Override
    public float strength(int cell) {
        return view.strength(0, cell);
    }

    @Override
    public float nextStrength(int cell) {
        return view.nextStrength(0, cell);
    }

    @Override
    public boolean hasSegments() {
        return view.hasSegments();
    }

    @Override
    public List<MemoryView.Segment> segments(int cell) {
        return view.segments(cell);
    }
}
