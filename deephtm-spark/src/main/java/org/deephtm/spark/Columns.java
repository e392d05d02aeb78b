package org.deephtm.spark;

import java.io.Serializable;

/**
 * The input's column names.
 *
 * @param series    the series id of a long table (ignored for a folder of one-series files)
 * @param timestamp the timestamps
 * @param value     the values
 */
public record Columns(String series, String timestamp, String value) implements Serializable {

    public Columns {
        if (series == null || timestamp == null || value == null) {
            throw new IllegalArgumentException("the series, timestamp and value columns must be named");
        }
    }

    /** NAB's and the long table's names: series, timestamp, value. */
    public static Columns defaults() {
        return new Columns("series", "timestamp", "value");
    }
}
