package org.deephtm.examples.nab;

import org.deephtm.examples.csv.Timestamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made NAB files for the tests: rows five minutes apart from 2020-01-01 00:00. */
final class NabFiles {

    static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);

    private NabFiles() {
    }

    static LocalDateTime time(int row) {
        return START.plusMinutes(5L * row);
    }

    /** {@code rows} scores of 0, except {@code score} at each of {@code rowsAndScores}' (row, score) pairs. */
    static double[] scores(int rows, double... rowsAndScores) {
        double[] s = new double[rows];
        for (int i = 0; i < rowsAndScores.length; i += 2) {
            s[(int) rowsAndScores[i]] = rowsAndScores[i + 1];
        }
        return s;
    }

    /** Writes {@code <dir>/<category>/<detector>_<name>} with NAB's results columns (and labels from windows). */
    static Path writeResults(Path dir, String detector, String key, double[] scores, int[][] windowRows)
            throws IOException {
        String[] parts = key.split("/");
        Path file = dir.resolve(parts[0]).resolve(detector + "_" + parts[1]);
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value,anomaly_score,label");
        for (int i = 0; i < scores.length; i++) {
            int label = 0;
            for (int[] w : windowRows) {
                label |= i >= w[0] && i <= w[1] ? 1 : 0;
            }
            lines.add(Timestamps.format(time(i)) + "," + (10.0 + i) + "," + scores[i] + "," + label);
        }
        Files.write(file, lines);
        return file;
    }

    /** A labels entry: {@code "key": [["start", "end"], ...]} with NAB's microsecond timestamps. */
    static String labelsEntry(String key, int[][] windowRows) {
        StringBuilder json = new StringBuilder("\"" + key + "\": [");
        for (int w = 0; w < windowRows.length; w++) {
            json.append(w > 0 ? ", " : "").append("[\"").append(Timestamps.format(time(windowRows[w][0])))
                    .append(".000000\", \"").append(Timestamps.format(time(windowRows[w][1]))).append(".000000\"]");
        }
        return json.append("]").toString();
    }

    static Path writeLabels(Path file, String... entries) throws IOException {
        Files.writeString(file, "{\n" + String.join(",\n", entries) + "\n}\n");
        return file;
    }
}
