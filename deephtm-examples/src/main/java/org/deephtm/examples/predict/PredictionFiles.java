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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
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
     * Draws rows {@code from} to {@code to} (exclusive) as {@link #panels} and writes them, one
     * above the other, as a PNG.
     */
    public static Path plot(Path file, String title, LocalDateTime[] times, double[] values, double[] prediction,
            double[] anomaly, int from, int to) throws IOException {
        return Plots.writeStacked(panels(title, times, values, prediction, anomaly, from, to), file);
    }

    /**
     * Two charts over the same x: the series and the prediction above, the anomaly score (0 to 1)
     * below, so that the score, which swings between 0 and 1 from row to row, never covers the
     * series. The x axis is the rows' timestamps when there are any, else the row numbers.
     *
     * @param times the rows' timestamps, null when the file has none
     */
    public static List<XYChart> panels(String title, LocalDateTime[] times, double[] values, double[] prediction,
            double[] anomaly, int from, int to) {
        List<?> x = times == null ? rowNumbers(from, to) : dates(times, from, to);
        String xTitle = times == null ? "row" : "time";
        XYChart series = Plots.panel(title, xTitle, "value", 420);
        Plots.line(series.addSeries("value", x, list(values, from, to)), new Color(40, 80, 160));
        Plots.line(series.addSeries("prediction", x, list(prediction, from, to)), new Color(240, 140, 0));
        XYChart score = Plots.panel(null, xTitle, "anomaly score", 220);
        score.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        Plots.line(score.addSeries("anomaly score", x, list(anomaly, from, to)), new Color(200, 30, 30));
        return List.of(series, score);
    }

    private static List<Double> rowNumbers(int from, int to) {
        List<Double> x = new ArrayList<>(to - from);
        for (int t = from; t < to; t++) {
            x.add((double) t);
        }
        return x;
    }

    /** The timestamps as dates at UTC, which the charts' time zone is, so that they print as in the file. */
    private static List<Date> dates(LocalDateTime[] times, int from, int to) {
        List<Date> x = new ArrayList<>(to - from);
        for (int t = from; t < to; t++) {
            x.add(Date.from(times[t].toInstant(ZoneOffset.UTC)));
        }
        return x;
    }

    private static List<Double> list(double[] values, int from, int to) {
        return Arrays.stream(values, from, to).boxed().toList();
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    private static String field(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
