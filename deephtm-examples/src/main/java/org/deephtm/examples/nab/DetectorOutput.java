package org.deephtm.examples.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * What a detector said about one data file, with the file's labelled windows: one anomaly score
 * per row, in [0, 1] for NAB.
 *
 * @param key        the data file relative to NAB's data folder, {@code "realKnownCause/nyc_taxi.csv"}
 * @param timestamps the rows' timestamps, in file order
 * @param scores     the detector's anomaly score of each row
 * @param windows    the file's anomaly windows, sorted; their ends must be timestamps of the file
 */
public record DetectorOutput(String key, LocalDateTime[] timestamps, double[] scores, List<Window> windows) {

    public DetectorOutput {
        if (timestamps.length != scores.length) {
            throw new IllegalArgumentException(key + ": " + timestamps.length + " timestamps but " + scores.length
                    + " scores");
        }
        if (timestamps.length == 0) {
            throw new IllegalArgumentException(key + ": no rows");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(key + " row " + (i + 1) + ": anomaly score " + scores[i]);
            }
        }
        windows = List.copyOf(windows);
    }

    /** The same file with every score replaced by {@code score}: NAB's null detector when 0.5. */
    public DetectorOutput constant(double score) {
        double[] same = new double[scores.length];
        java.util.Arrays.fill(same, score);
        return new DetectorOutput(key, timestamps, same, windows);
    }
}
