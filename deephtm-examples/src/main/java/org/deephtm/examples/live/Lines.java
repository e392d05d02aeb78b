package org.deephtm.examples.live;

import org.deephtm.examples.watch.RunLayout;

import java.util.List;

/**
 * Turns a step's values into the values of the layout's lines: a field as it is, or a moving
 * statistic over its last values (each a ring of sums made once, so a step allocates nothing).
 */
final class Lines {

    private final Line[] lines;

    Lines(RunLayout layout) {
        List<RunLayout.Line> declared = layout.lines();
        lines = new Line[declared.size()];
        for (int i = 0; i < lines.length; i++) {
            RunLayout.Line d = declared.get(i);
            int a = layout.field(d.fields().get(0));
            lines[i] = switch (d.kind()) {
                case VALUE -> new Line(a, -1, 0, false);
                case MOVING_RMSE -> new Line(a, layout.field(d.fields().get(1)), d.window(), true);
                case MOVING_MEAN -> new Line(a, -1, d.window(), false);
            };
        }
    }

    int count() {
        return lines.length;
    }

    /** The lines' values at this step into {@code out}, from the step's fields {@code values}. */
    void compute(double[] values, double[] out) {
        for (int i = 0; i < lines.length; i++) {
            out[i] = lines[i].next(values);
        }
    }

    /**
     * One line: field {@code a} as it is (no window), the moving mean of its finite values, or the
     * moving root mean square of {@code a - b} over the steps where both are finite.
     */
    private static final class Line {
        private final int a;
        private final int b;
        private final boolean rmse;
        private final double[] kept;
        private int count;
        private int next;
        private double sum;

        Line(int a, int b, int window, boolean rmse) {
            this.a = a;
            this.b = b;
            this.rmse = rmse;
            this.kept = window == 0 ? null : new double[window];
        }

        double next(double[] values) {
            if (kept == null) {
                return values[a];
            }
            double v = rmse ? values[a] - values[b] : values[a];
            if (Double.isFinite(v)) {
                double term = rmse ? v * v : v;
                if (count == kept.length) {
                    sum -= kept[next];
                } else {
                    count++;
                }
                kept[next] = term;
                next = (next + 1) % kept.length;
                sum += term;
            }
            if (count == 0) {
                return Double.NaN;
            }
            double mean = Math.max(rmse ? 0 : Double.NEGATIVE_INFINITY, sum / count);
            return rmse ? Math.sqrt(mean) : mean;
        }
    }
}
