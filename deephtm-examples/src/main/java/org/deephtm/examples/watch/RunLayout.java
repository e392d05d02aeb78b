package org.deephtm.examples.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run reports at each step and how a watcher charts it: the run's title, the names of its
 * per-step values (in the order {@link RunWatch#stepped} gives them), and charts of lines, each
 * line a value or a moving statistic of values.
 *
 * @param title  one line on the run
 * @param fields the names of the values each step reports
 * @param charts the charts, in the order they are shown
 */
public record RunLayout(String title, List<String> fields, List<Chart> charts) {

    public RunLayout {
        fields = List.copyOf(fields);
        charts = List.copyOf(charts);
        for (Chart chart : charts) {
            for (Line line : chart.lines()) {
                for (String field : line.fields()) {
                    if (!fields.contains(field)) {
                        throw new IllegalArgumentException("chart '" + chart.title() + "' draws " + field
                                + ", which is not one of the run's fields " + fields);
                    }
                }
            }
        }
    }

    /** The index of a field in the values of a step. */
    public int field(String name) {
        int i = fields.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(name + " is not one of the run's fields " + fields);
        }
        return i;
    }

    /** Every line of every chart, in order: the series a step's point holds. */
    public List<Line> lines() {
        List<Line> all = new ArrayList<>();
        charts.forEach(c -> all.addAll(c.lines()));
        return all;
    }

    /**
     * A chart of lines sharing one y axis.
     *
     * @param span  how many of the last steps it shows; 0 for all a watcher keeps
     */
    public record Chart(String title, int span, List<Line> lines) {
        public Chart {
            lines = List.copyOf(lines);
            if (span < 0) {
                throw new IllegalArgumentException("a chart spans >= 1 steps, or 0 for all, got " + span);
            }
        }

        /** A chart of the whole run (as much of it as a watcher keeps). */
        public static Chart of(String title, Line... lines) {
            return new Chart(title, 0, List.of(lines));
        }

        /** A chart of the last {@code span} steps. */
        public static Chart recent(String title, int span, Line... lines) {
            return new Chart(title, span, List.of(lines));
        }
    }

    /** What a line draws. */
    public enum Kind {
        /** A field as it is. */
        VALUE,
        /** The root mean square of {@code fields[0] - fields[1]}, the last {@code window} steps where both exist. */
        MOVING_RMSE,
        /** The mean of {@code fields[0]} over its last {@code window} values (steps where it is NaN do not count). */
        MOVING_MEAN
    }

    /**
     * One line of a chart.
     *
     * @param label  its name in the legend
     * @param kind   what it draws
     * @param fields the fields it reads
     * @param window the steps or values a moving statistic spans; 0 for a value
     */
    public record Line(String label, Kind kind, List<String> fields, int window) {
        public Line {
            fields = List.copyOf(fields);
            int wanted = kind == Kind.MOVING_RMSE ? 2 : 1;
            if (fields.size() != wanted) {
                throw new IllegalArgumentException(kind + " reads " + wanted + " field(s), got " + fields);
            }
            if ((kind == Kind.VALUE) != (window == 0) || window < 0) {
                throw new IllegalArgumentException("a moving statistic spans a window of >= 1, a value none; got "
                        + kind + " over " + window);
            }
        }

        public static Line value(String field) {
            return new Line(field, Kind.VALUE, List.of(field), 0);
        }

        public static Line movingRmse(String label, String predicted, String truth, int window) {
            return new Line(label, Kind.MOVING_RMSE, List.of(predicted, truth), window);
        }

        public static Line movingMean(String label, String field, int window) {
            return new Line(label, Kind.MOVING_MEAN, List.of(field), window);
        }
    }
}
