package org.deephtm.examples.network;

import org.deephtm.examples.csv.Timestamps;

import java.nio.file.Path;
import java.time.LocalDateTime;

/**
 * Where a saved stream stands: the rows it has learned and the timestamp of the last one, so that
 * {@code --resume} can say where it continues and refuse rows it has learned already.
 *
 * @param rows          rows learned since the stream's start
 * @param lastTimestamp the last of them's timestamp; null when the stream's files had none (or the
 *                      save predates this record)
 */
public record StreamPosition(long rows, LocalDateTime lastTimestamp) {

    /** "row 7001 (2014-07-25 07:20:00)". */
    public String describe() {
        return "row " + rows + (lastTimestamp == null ? "" : " (" + Timestamps.format(lastTimestamp) + ")");
    }

    /**
     * Refuses an input whose first row is not after the last row the save learned, when both have
     * timestamps: the stream would learn those rows twice.
     *
     * @param save  the file resumed
     * @param input the file to continue with
     * @param times its rows' timestamps, null when it has none
     */
    public void refuseLearnedRows(Path save, Path input, LocalDateTime[] times) {
        if (lastTimestamp == null || times == null || times.length == 0 || times[0].isAfter(lastTimestamp)) {
            return;
        }
        int first = 0;
        while (first < times.length && !times[first].isAfter(lastTimestamp)) {
            first++;
        }
        String where = first < times.length ? "; its rows after it start at line " + (first + 2)
                : "; it holds none";
        throw new IllegalArgumentException("--input " + input + " starts at " + Timestamps.format(times[0])
                + ", and " + save + " has learned the stream up to " + describe() + ": give the rows after "
                + Timestamps.format(lastTimestamp) + where);
    }
}
