package org.deephtm.examples.live;

import org.deephtm.engine.MemoryView;
import org.deephtm.examples.watch.MemoryPicture;
import org.deephtm.examples.watch.PictureSource;

import java.util.Arrays;
import java.util.List;

/**
 * What the page draws besides the charts, copied on the run's thread at one step so that the
 * server's threads can send it while the run goes on: the memory's columns told apart (correctly
 * predicted, bursting, wrongly predicted, predicted for the next step), its active cells, the
 * focused column's cells and the focused cell's segments; or why there is no memory to draw; and
 * a frame beside its prediction.
 *
 * @param step        the step it shows
 * @param memory      the memory, null when there is none to draw
 * @param unavailable why there is no memory to draw, null when there is
 * @param frame       a frame and its prediction, null for runs without frames
 */
record Sample(long step, Memory memory, String unavailable, PictureSource.FramePair frame) {

    /**
     * @param correct  active columns that were predicted
     * @param bursting active columns that were not
     * @param wrong    predicted columns that stayed inactive
     * @param next     columns predicted for the next step
     */
    record Memory(int columns, int cellsPerColumn, double threshold, boolean segments, int[] correct,
                  int[] bursting, int[] wrong, int[] next, int[] activeCells, Cells focus, Cell cell) {
    }

    /** The focused column's cells: each cell's activity, its strength for this step and for the next. */
    record Cells(int column, int[] cells, float[] activity, float[] strength, float[] next) {
    }

    /** The focused cell and its segments. */
    record Cell(int cell, List<MemoryView.Segment> segments) {
    }

    static Sample of(long step, MemoryPicture picture, String unavailable, PictureSource.FramePair frame, Focus focus) {
        return new Sample(step, picture == null ? null : memory(picture, focus), unavailable, frame);
    }

    private static Memory memory(MemoryPicture m, Focus focus) {
        int[] active = m.activeColumns();
        int[] predicted = m.predictedColumns();
        Cells cells = null;
        Cell cell = null;
        if (focus.hasColumn() && focus.column() < m.columns()) {
            int k = m.cellsPerColumn();
            int[] ids = new int[k];
            float[] activity = new float[k];
            float[] strength = new float[k];
            float[] next = new float[k];
            for (int i = 0; i < k; i++) {
                ids[i] = focus.column() * k + i;
                activity[i] = m.activity(ids[i]);
                strength[i] = m.strength(ids[i]);
                next[i] = m.nextStrength(ids[i]);
            }
            cells = new Cells(focus.column(), ids, activity, strength, next);
            if (focus.hasCell() && focus.cell() / k == focus.column()) {
                cell = new Cell(focus.cell(), m.segments(focus.cell()));
            }
        }
        return new Memory(m.columns(), m.cellsPerColumn(), m.predictionThreshold(), m.hasSegments(),
                in(active, predicted), notIn(active, predicted), notIn(predicted, active),
                m.nextPredictedColumns(), m.activeCells(), cells, cell);
    }

    /** The entries of ascending {@code a} that are in ascending {@code b}. */
    private static int[] in(int[] a, int[] b) {
        return Arrays.stream(a).filter(x -> Arrays.binarySearch(b, x) >= 0).toArray();
    }

    /** The entries of ascending {@code a} that are not in ascending {@code b}. */
    private static int[] notIn(int[] a, int[] b) {
        return Arrays.stream(a).filter(x -> Arrays.binarySearch(b, x) < 0).toArray();
    }
}
