package org.deephtm.examples.live;

import java.util.ArrayList;
import java.util.List;

/**
 * The last points of the run's charts, one per step: the step and the value of each line. The
 * run's thread appends (copying into rows made once); each open page reads from its own cursor,
 * so a page opened late gets the recent past, and a page that fell far behind skips to what the
 * history still holds.
 */
final class History {

    private final double[][] rows;
    private long total;

    /**
     * @param capacity points kept
     * @param lines    values per point, besides the step
     */
    History(int capacity, int lines) {
        rows = new double[capacity][lines + 1];
    }

    synchronized void append(long step, double[] values) {
        double[] row = rows[(int) (total % rows.length)];
        row[0] = step;
        System.arraycopy(values, 0, row, 1, row.length - 1);
        total++;
    }

    /** Points appended so far. */
    synchronized long total() {
        return total;
    }

    /**
     * Copies the points from {@code cursor} on (from the oldest kept, when the cursor is older)
     * into {@code into}; returns the cursor after them.
     */
    synchronized long copySince(long cursor, List<double[]> into) {
        for (long i = Math.max(cursor, total - rows.length); i < total; i++) {
            into.add(rows[(int) (i % rows.length)].clone());
        }
        return total;
    }

    /** All points kept, oldest first. */
    List<double[]> all() {
        List<double[]> points = new ArrayList<>();
        copySince(0, points);
        return points;
    }
}
