package org.deephtm.spark;

import org.apache.spark.sql.Row;
import org.deephtm.examples.csv.CsvTable;
import org.deephtm.examples.csv.Timestamps;
import org.deephtm.examples.predict.PredictExperiment;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * One series' rows of a batch, parsed and in stream order: the rows of {@link SeriesInput#SCHEMA}
 * that Spark grouped under one series, sorted by position (file order) or by timestamp then
 * position (a long table), whatever order the shuffle delivered them in. Timestamps and numbers
 * follow the command line's rules ({@link Timestamps#parse}, {@link CsvTable#number}).
 *
 * @param series     the series id
 * @param timestamps the timestamps as written
 * @param times      the same, read
 * @param values     the values
 */
public record OrderedSeries(String series, String[] timestamps, LocalDateTime[] times, double[] values) {

    public int rows() {
        return values.length;
    }

    /** The earliest timestamp (the first row's, unless a file has rows out of time order). */
    public LocalDateTime first() {
        LocalDateTime first = times[0];
        for (LocalDateTime t : times) {
            first = t.isBefore(first) ? t : first;
        }
        return first;
    }

    /** The latest timestamp. */
    public LocalDateTime last() {
        LocalDateTime last = times[0];
        for (LocalDateTime t : times) {
            last = t.isAfter(last) ? t : last;
        }
        return last;
    }

    /**
     * The group's rows, read and ordered.
     *
     * @param columns names the columns in errors
     * @throws IllegalArgumentException naming the series and the row for an empty id, a missing or
     *                                  unreadable timestamp, or a value that is not a finite number
     */
    public static OrderedSeries of(String series, Iterator<Row> rows, SeriesInput.Order order, Columns columns) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("a row has no series id in column " + columns.series()
                    + ": give every row its series");
        }
        List<Parsed> parsed = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            long position = row.getLong(1);
            String text = row.isNullAt(2) ? "" : row.getString(2).strip();
            String where = "series " + series + ", row " + (parsed.size() + 1) + " read";
            LocalDateTime time;
            try {
                time = Timestamps.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage() + " in column " + columns.timestamp());
            }
            String value = row.isNullAt(3) ? "" : row.getString(3).strip();
            where = "series " + series + " at " + text;
            parsed.add(new Parsed(position, text, time, CsvTable.number(value, columns.value(),
                    PredictExperiment.LARGEST_VALUE, where)));
        }
        parsed.sort(order == SeriesInput.Order.FILE ? Comparator.comparingLong(Parsed::position)
                : Comparator.comparing(Parsed::time).thenComparingLong(Parsed::position));
        String[] timestamps = new String[parsed.size()];
        LocalDateTime[] times = new LocalDateTime[parsed.size()];
        double[] values = new double[parsed.size()];
        for (int r = 0; r < parsed.size(); r++) {
            timestamps[r] = parsed.get(r).text();
            times[r] = parsed.get(r).time();
            values[r] = parsed.get(r).value();
        }
        return new OrderedSeries(series, timestamps, times, values);
    }

    private record Parsed(long position, String text, LocalDateTime time, double value) {
    }
}
