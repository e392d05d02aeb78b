package org.deephtm.examples.predict;

import org.deephtm.examples.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
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
     * timestamps), one line per row; the prediction is empty where none was made (NaN).
     *
     * @param timestamps the timestamps as written in the input, or null
     */
    public static Path writeCsv(Path file, String[] timestamps, double[] values, double[] prediction,
            double[] anomaly) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println((timestamps == null ? "index" : "timestamp") + ",value,prediction,anomaly_score");
            for (int t = 0; t < values.length; t++) {
                String key = timestamps == null ? Integer.toString(t) : field(timestamps[t]);
                String predicted = Double.isNaN(prediction[t]) ? ""
                        : new BigDecimal(prediction[t]).round(new MathContext(7)).stripTrailingZeros().toPlainString();
                out.println(key + "," + BigDecimal.valueOf(values[t]).stripTrailingZeros().toPlainString() + ","
                        + predicted + "," + String.format(Locale.ROOT, "%.6f", anomaly[t]));
            }
        }
        return file;
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
        XYChart chart = new XYChartBuilder().width(1200).height(500).title(title).xAxisTitle("row")
                .yAxisTitle("value").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 1.0);
        chart.setYAxisGroupTitle(0, "value");
        chart.setYAxisGroupTitle(1, "anomaly score");
        XYSeries score = chart.addSeries("anomaly score", x, anomaly);
        score.setYAxisGroup(1);
        style(score, new Color(200, 30, 30, 110));
        style(chart.addSeries("value", x, values), new Color(40, 80, 160));
        style(chart.addSeries("prediction", x, prediction), new Color(240, 140, 0));
        return Plots.write(chart, file);
    }

    private static void style(XYSeries series, Color color) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(1f);
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    private static String field(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
