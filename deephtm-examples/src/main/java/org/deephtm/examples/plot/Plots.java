package org.deephtm.examples.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** PNG line charts with XChart, the way every experiment here draws them. */
public final class Plots {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;

    private Plots() {
    }

    /**
     * Draws several series over shared x values and writes the chart as a PNG.
     *
     * @param file   the PNG to write (its folder is created)
     * @param series legend name to y values, same length as {@code x}; NaN values are gaps
     * @return {@code file}
     */
    public static Path lines(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        series.forEach((name, y) -> {
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
        });
        return write(chart, file);
    }

    /**
     * A wide chart of a series by row on the left axis beside a score from 0 to 1 on the right axis
     * (y-axis group 1), legend below: how {@code predict} and {@code anomaly} draw a series.
     */
    public static XYChart seriesAndScore(String title, String scoreTitle) {
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
        chart.setYAxisGroupTitle(1, scoreTitle);
        return chart;
    }

    /** Styles {@code series} as a thin line of {@code color} without markers. */
    public static XYSeries line(XYSeries series, Color color) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(1f);
        return series;
    }

    /** Writes a chart built elsewhere (extra styling, a second axis...) as a PNG. */
    public static Path write(XYChart chart, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String name = file.getFileName().toString();
        String stem = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart, parent.resolve(stem).toString(), BitmapEncoder.BitmapFormat.PNG);
        return parent.resolve(stem + ".png");
    }
}
