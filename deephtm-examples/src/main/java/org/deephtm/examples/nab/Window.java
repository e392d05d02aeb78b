package org.deephtm.examples.nab;

import org.deephtm.examples.csv.Timestamps;

import java.time.LocalDateTime;

/**
 * A labelled anomaly window of a data file, both ends included. NAB centres a window on each
 * labelled anomaly, 10% of the file's length divided among its anomalies; detecting anywhere in it
 * counts, earlier counts more.
 */
public record Window(LocalDateTime start, LocalDateTime end) {

    public Window {
        if (start == null || end == null) {
            throw new IllegalArgumentException("a window needs a start and an end, got [" + start + ", " + end + "]");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("window ends (" + end + ") before it starts (" + start + ")");
        }
    }

    @Override
    public String toString() {
        return "[" + Timestamps.format(start) + ", " + Timestamps.format(end) + "]";
    }
}
