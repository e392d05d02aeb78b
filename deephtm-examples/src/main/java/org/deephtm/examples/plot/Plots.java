package org.deephtm.examples.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TimeZone;

/** PNG charts with XChart, the way every experiment here draws them. */
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
        chart.getStyler().setXAxisTickMarkSpacingHint(120); // room for five-digit steps
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // long names leave the plot its width
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
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

    /**
     * One of several wide charts to be drawn one above the other over the same x
     * ({@link #writeStacked}), legend below, times (if x holds dates) at UTC as given.
     *
     * @param title  the chart's title, null for none (a lower panel)
     * @param height its height in pixels
     */
    public static XYChart panel(String title, String xTitle, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(1200).height(height).title(title == null ? "" : title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartTitleVisible(title != null);
        chart.getStyler().setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
        return chart;
    }

    /** Writes {@code charts} one above the other as one PNG. */
    public static Path writeStacked(List<XYChart> charts, Path file) throws IOException {
        int width = 0;
        int height = 0;
        for (XYChart chart : charts) {
            width = Math.max(width, chart.getWidth());
            height += chart.getHeight();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int y = 0;
        for (XYChart chart : charts) {
            g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, y, null);
            y += chart.getHeight();
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** Styles {@code series} as a thin line of {@code color} without markers. */
    public static XYSeries line(XYSeries series, Color color) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(1f);
        return series;
    }

    /**
     * Points on a logarithmic axis, one column per category, one marker series per series (NaN: no
     * point), for values that differ by orders of magnitude; the categories are listed in the x
     * axis title as "1: name, 2: ...".
     */
    public static Path logPoints(Path file, String title, String yLabel, List<String> categories,
            Map<String, double[]> series) throws IOException {
        StringBuilder legend = new StringBuilder();
        for (int i = 0; i < categories.size(); i++) {
            legend.append(i == 0 ? "" : "   ").append(i + 1).append(": ").append(categories.get(i));
        }
        XYChart chart = new XYChartBuilder().width(WIDTH + 300).height(HEIGHT + 60).title(title)
                .xAxisTitle(legend.toString()).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(12);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(categories.size() + 0.5);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(11f));
        series.forEach((name, values) -> {
            List<Double> x = new java.util.ArrayList<>();
            List<Double> y = new java.util.ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isNaN(values[i])) {
                    x.add(i + 1.0);
                    y.add(values[i]);
                }
            }
            chart.addSeries(name, x, y);
        });
        return write(chart, file);
    }

    /** Writes a chart built elsewhere (extra styling, a second axis...) as a PNG. */
    public static Path write(Chart<?, ?> chart, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String name = file.getFileName().toString();
        String stem = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart, parent.resolve(stem).toString(), BitmapEncoder.BitmapFormat.PNG);
        return parent.resolve(stem + ".png");
    }
}
