package org.deephtm.examples.predict;

import org.deephtm.examples.csv.AtomicFiles;
import org.deephtm.examples.plot.Plots;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What {@code predict} writes: the per-row CSV and the PNG of series, prediction and anomaly score. */
public final class PredictionFiles {

    private PredictionFiles() {
    }

    /**
     * Writes {@code timestamp,value,prediction,anomaly_score} (or {@code index,...} without
     * timestamps), one line per row; the prediction is empty where none was made (NaN). The file
     * appears whole or not at all (written beside it, then renamed).
     *
     * @param timestamps the timestamps as written in the input, or null
     * @param firstRow   the index of the first row (the rows an earlier, resumed run streamed)
     */
    public static Path writeCsv(Path file, String[] timestamps, long firstRow, double[] values, double[] prediction,
            double[] anomaly) throws IOException {
        return AtomicFiles.write(file, out -> {
            out.println((timestamps == null ? "index" : "timestamp") + ",value,prediction,anomaly_score");
            for (int t = 0; t < values.length; t++) {
                String key = timestamps == null ? Long.toString(firstRow + t) : field(timestamps[t]);
                String predicted = Double.isNaN(prediction[t]) ? ""
                        : new BigDecimal(prediction[t]).round(new MathContext(7)).stripTrailingZeros().toPlainString();
                out.println(key + "," + BigDecimal.valueOf(values[t]).stripTrailingZeros().toPlainString() + ","
                        + predicted + "," + String.format(Locale.ROOT, "%.6f", anomaly[t]));
            }
        });
    }

    /**
     * The series and the prediction (left axis) and the anomaly score (right axis, 0 to 1) of rows
     * {@code from} to {@code to} (exclusive).
     */
    public static Path plot(Path file, String title, double[] values, double[] prediction, double[] anomaly,
            int from, int to) throws IOException {
        double[] x = new double[to - from];
        for (int t = 0; t < x.length; t++) {
            x[t] = from + t;
        }
        values = Arrays.copyOfRange(values, from, to);
        prediction = Arrays.copyOfRange(prediction, from, to);
        anomaly = Arrays.copyOfRange(anomaly, from, to);
        XYChart chart = Plots.seriesAndScore(title, "anomaly score");
        Plots.line(chart.addSeries("anomaly score", x, anomaly), new Color(200, 30, 30, 110)).setYAxisGroup(1);
        Plots.line(chart.addSeries("value", x, values), new Color(40, 80, 160));
        Plots.line(chart.addSeries("prediction", x, prediction), new Color(240, 140, 0));
        return Plots.write(chart, file);
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    private static String field(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
