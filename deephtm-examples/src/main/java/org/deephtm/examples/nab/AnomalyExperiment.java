package org.deephtm.examples.nab;

import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.csv.AtomicFiles;
import org.deephtm.examples.csv.CsvTable;
import org.deephtm.examples.csv.TimestampColumn;
import org.deephtm.examples.csv.Timestamps;
import org.deephtm.examples.network.Checkpoints;
import org.deephtm.examples.network.StreamPosition;
import org.deephtm.examples.network.StreamStopped;
import org.deephtm.examples.plot.Plots;
import org.deephtm.examples.predict.PredictExperiment;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Anomaly detection on one series: the DeepHTM detector ({@link AnomalyDetector}) learns the stream
 * online and scores each row as NAB's Numenta detector does (raw score, likelihood, final score).
 *
 * <p>What you will see: during the first rows (NAB's probationary period, 15% of the file, at most
 * 750 rows, shaded grey) the likelihood stays at 0.5 and the final score at 0.03 while the network
 * learns, except 1.0 where the spatial rule sees a value beyond the range so far; after
 * it, the final score stays low where the series repeats what it did before and rises towards 1
 * where it changes: a jump, a flat stretch, a new rhythm. The plot draws the series, the final
 * score and the labelled windows, if any.
 */
public final class AnomalyExperiment {

    /**
     * @param input           a CSV file with a header line
     * @param column          the column of the values
     * @param timestamps      the column of the timestamps and their form
     * @param windows         a JSON file of label windows (NAB's combined_windows.json, or a list of
     *                        [start, end] pairs), null for none
     * @param outputDir       where the CSV and PNG go
     * @param settings        the detector (its probationary period is the next option's)
     * @param checkpoints     saving the stream, and resuming one an earlier run saved
     * @param probation       rows of the probationary period; null for NAB's rule (15 % of the
     *                        file, at most 750 rows, 2 at least), which a stream split over files cannot use
     */
    public record Options(Path input, String column, TimestampColumn timestamps, Path windows, Path outputDir,
                          AnomalyDetector.Settings settings, Checkpoints checkpoints, Integer probation) {
        public Options {
            if (timestamps == null) {
                timestamps = TimestampColumn.DEFAULT;
            }
            if (checkpoints == null) {
                checkpoints = Checkpoints.none();
            }
            if (probation != null && probation < 2) {
                throw new IllegalArgumentException("--probation must be >= 2 rows (the likelihood learns from the "
                        + "first half and estimates from the second), got " + probation);
            }
        }
    }

    /**
     * @param rows          rows scored
     * @param probation     rows of the probationary period
     * @param peakRow       the row (0-based) with the highest final score after the probationary period, -1
     *                      when the period covers the file
     * @param peakScore     that score, NaN when there is none
     * @param rowsPerSecond detector speed, wall clock
     * @param csv           per row: timestamp, value, raw_score, likelihood, anomaly_score (the final score)
     * @param plot          the PNG
     */
    public record Result(int rows, int probation, int peakRow, double peakScore, double rowsPerSecond, Path csv,
                         Path plot) {
    }

    /**
     * The series to score.
     *
     * @param values     the values column
     * @param timestamps the timestamps, null when the file has none
     * @param windows    the label windows (empty for none)
     * @param resumed    where the stream {@code --resume} continues stands, null for a fresh stream
     * @param warnings   what the file has that the run takes as it is (rows out of time order)
     */
    public record Input(double[] values, LocalDateTime[] timestamps, List<Window> windows, StreamPosition resumed,
                        List<String> warnings) {
    }

    private AnomalyExperiment() {
    }

    /** Reads the series, its timestamps and its label windows. */
    public static Input load(Options o) throws IOException {
        CsvTable table = CsvTable.read(o.input());
        double[] values = table.numbers(o.column(), PredictExperiment.LARGEST_VALUE);
        LocalDateTime[] times = o.timestamps().read(table);
        String order = times == null ? null : table.orderWarning(times);
        if (o.settings().timeOfDay() && times == null) {
            throw new IllegalArgumentException("--time-of-day needs timestamps: " + o.timestamps().whyNone(table));
        }
        List<Window> windows = List.of();
        if (o.windows() != null) {
            if (times == null) {
                throw new IllegalArgumentException("--windows needs timestamps: " + o.timestamps().whyNone(table));
            }
            windows = Labels.readFor(o.windows(), o.input().getFileName().toString());
            for (Window w : windows) {
                if (w.end().isBefore(times[0]) || w.start().isAfter(times[times.length - 1])) {
                    throw new IllegalArgumentException(o.windows() + ": window " + Timestamps.format(w.start())
                            + " to " + Timestamps.format(w.end()) + " lies outside " + o.input() + " ("
                            + Timestamps.format(times[0]) + " to " + Timestamps.format(times[times.length - 1])
                            + "): give the windows of this file");
                }
            }
        }
        StreamPosition resumed = null;
        if (o.checkpoints().resume() != null) {
            AnomalyDetector.Position saved = AnomalyDetector.position(o.checkpoints().resume());
            resumed = new StreamPosition(saved.records(), saved.lastTimestamp());
            resumed.refuseLearnedRows(o.checkpoints().resume(), o.input(), times);
        }
        return new Input(values, times, windows, resumed, order == null ? List.of() : List.of(order));
    }

    /** Scores {@code in} with nobody watching. */
    public static Result run(Options o, Input in, LongConsumer progress) throws IOException {
        return run(o, in, progress, RunWatch.NONE);
    }

    /** What a watcher is shown at each row: the value and its prediction, the three scores. */
    public static RunLayout layout(Options o) {
        return new RunLayout("anomaly: " + o.input().getFileName() + ", " + o.column(),
                List.of("value", "prediction", "raw score", "likelihood", "error likelihood", "final score"),
                List.of(RunLayout.Chart.recent("The series and the prediction for each row", 500,
                                RunLayout.Line.value("value"), RunLayout.Line.value("prediction")),
                        RunLayout.Chart.of("Anomaly: the memory's raw score, its likelihood, the prediction "
                                        + "error's likelihood, the final score",
                                RunLayout.Line.value("raw score"), RunLayout.Line.value("likelihood"),
                                RunLayout.Line.value("error likelihood"), RunLayout.Line.value("final score")),
                        RunLayout.Chart.of("Running error", RunLayout.Line.movingRmse("RMSE of the last 100 rows",
                                "prediction", "value", 100))));
    }

    /**
     * Scores {@code in} (from {@link #load}) and writes the CSV and the plot.
     *
     * @param progress told the number of rows done, now and then
     * @param watch    shown each row ({@link #layout}) and the detector's memory
     */
    public static Result run(Options o, Input in, LongConsumer progress, RunWatch watch) throws IOException {
        return run(o, in, progress, watch, () -> false);
    }

    /**
     * Scores {@code in} as {@link #run(Options, Input, LongConsumer, RunWatch)} does, checking
     * {@code stop} before each row: once it answers true the run saves the rows learned (with a save
     * file) and throws {@link StreamStopped}, writing nothing else.
     */
    public static Result run(Options o, Input in, LongConsumer progress, RunWatch watch, BooleanSupplier stop)
            throws IOException {
        // 1. The series (see load): values, timestamps, label windows.
        double[] values = in.values();
        LocalDateTime[] times = in.timestamps();
        List<Window> windows = in.windows();

        // 2. Detection: online learning, raw score, likelihood, final score; from a saved stream with --resume.
        AnomalyDetector detector = detector(o.settings(), o.probation(), o.checkpoints().resume(), values.length);
        long rowsBefore = detector.records();
        watch.begin(layout(o));
        watch.memoryListener().ifPresent(detector::addListener);
        progress.accept(0); // the timed loop starts: a progress bar's clock starts with it
        long start = System.nanoTime();
        AnomalyScores scores = score(detector, times, values, o.checkpoints(), progress, watch, stop);
        double seconds = (System.nanoTime() - start) / 1e9;

        // 3. The peak after the probationary period (what is left of it, for a resumed stream), if any row follows it.
        int probation = (int) Math.min(values.length, Math.max(0, detector.probation() - rowsBefore));
        int peak = -1;
        for (int t = probation; t < values.length; t++) {
            if (peak < 0 || scores.finalScore()[t] > scores.finalScore()[peak]) {
                peak = t;
            }
        }

        // 4. The CSV and the plot.
        String stem = o.input().getFileName().toString().replaceFirst("\\.csv$", "");
        Path csv = writeCsv(o.outputDir().resolve(stem + "_anomaly.csv"), times, rowsBefore, values, scores);
        Path plot = plot(o.outputDir().resolve(stem + "_anomaly.png"), stem, times, values, scores, windows, probation);
        return new Result(values.length, probation, peak, peak < 0 ? Double.NaN : scores.finalScore()[peak],
                values.length / seconds, csv, plot);
    }

    /**
     * NAB's probationary period for a file of {@code rows} rows, and 2 rows at least: the likelihood
     * learns from the first half and estimates from the second (what {@code --probation} requires).
     */
    static int defaultProbation(int rows) {
        return Math.max(2, NabRules.probationaryLength(rows));
    }

    /**
     * The detector of a run over {@code rows} rows: the stream {@code resume} saved, or a fresh one
     * whose probationary period is {@code probation} rows (null for NAB's rule, 15 % of the rows, at
     * most 750 and 2 at least). A resumed stream keeps its period, and a stream saved before the
     * prediction error was scored goes on without it.
     *
     * @param resume a file {@link AnomalyDetector#save} wrote, null to start afresh
     */
    public static AnomalyDetector detector(AnomalyDetector.Settings settings, Integer probation, Path resume,
            int rows) throws IOException {
        if (resume == null) {
            return new AnomalyDetector(settings.withProbation(probation != null ? probation
                    : defaultProbation(rows)));
        }
        AnomalyDetector detector = AnomalyDetector.restore(resume, settings.engine());
        if (detector.timeOfDay() != settings.timeOfDay()) {
            throw new IllegalArgumentException(resume + " was saved " + (detector.timeOfDay() ? "with" : "without")
                    + " --time-of-day; give the same to continue its stream");
        }
        if (detector.predictionError() && !settings.predictionError()) {
            throw new IllegalArgumentException(resume + " was saved scoring the prediction error; leave out "
                    + "--no-prediction-error to continue its stream");
        }
        return detector;
    }

    /**
     * Scores {@code values} (at {@code times}, null for none) one row at a time, saving the
     * detector as {@code checkpoints} asks.
     *
     * @param progress told the number of rows done, now and then
     */
    public static AnomalyScores score(AnomalyDetector detector, LocalDateTime[] times, double[] values,
            Checkpoints checkpoints, LongConsumer progress) throws IOException {
        return score(detector, times, values, checkpoints, progress, RunWatch.NONE, () -> false);
    }

    /**
     * {@link #score} showing each row to {@code watch}: value, the prediction made the row before, the
     * scores; and checking {@code stop} before each row, to save the rows learned (with a save file)
     * and throw {@link StreamStopped}.
     */
    static AnomalyScores score(AnomalyDetector detector, LocalDateTime[] times, double[] values,
            Checkpoints checkpoints, LongConsumer progress, RunWatch watch, BooleanSupplier stop) throws IOException {
        long rowsBefore = detector.records();
        AnomalyScores scores = AnomalyScores.of(values.length);
        double[] watched = new double[6];
        for (int t = 0; t < values.length; t++) {
            if (stop.getAsBoolean()) {
                if (checkpoints.saveAtStop(t)) {
                    detector.save(checkpoints.save());
                }
                throw checkpoints.stopped(t, values.length, rowsBefore,
                        times == null || t == 0 ? null : Timestamps.format(times[t - 1]));
            }
            watched[1] = detector.prediction(); // made at the row before
            AnomalyDetector.Score score = detector.handleRecord(times == null ? null : times[t], values[t]);
            scores.put(t, score);
            watched[0] = values[t];
            watched[2] = score.raw();
            watched[3] = score.likelihood();
            watched[4] = score.errorLikelihood();
            watched[5] = score.finalScore();
            watch.stepped(rowsBefore + t, watched);
            if (checkpoints.saveAfter(t + 1, t == values.length - 1)) {
                detector.save(checkpoints.save());
            }
            if (t % 100 == 99) {
                progress.accept(t + 1);
            }
        }
        progress.accept(values.length);
        return scores;
    }

    private static Path writeCsv(Path file, LocalDateTime[] times, long firstRow, double[] values,
            AnomalyScores scores) throws IOException {
        return AtomicFiles.write(file, out -> {
            out.println((times == null ? "row" : "timestamp") + ",value,raw_score,likelihood,error_likelihood,"
                    + "anomaly_score");
            for (int t = 0; t < values.length; t++) {
                out.println((times == null ? Long.toString(firstRow + t) : Timestamps.format(times[t])) + ","
                        + values[t] + "," + number(scores.raw()[t]) + "," + number(scores.likelihood()[t]) + ","
                        + number(scores.errorLikelihood()[t]) + "," + number(scores.finalScore()[t]));
            }
        });
    }

    /**
     * The series (left axis), the final score, the label windows and the probationary period (right
     * axis, 0 to 1), by row: the period's scores are the likelihood's 0.5 (0.03) and the spatial
     * rule's 1.0, not detections.
     */
    private static Path plot(Path file, String name, LocalDateTime[] times, double[] values, AnomalyScores scores,
            List<Window> windows, int probation) throws IOException {
        double[] x = new double[values.length];
        double[] inWindow = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            x[t] = t;
            for (Window w : windows) {
                if (!times[t].isBefore(w.start()) && !times[t].isAfter(w.end())) {
                    inWindow[t] = 1;
                }
            }
        }
        String span = times == null ? "" : ", " + Timestamps.format(times[0]) + " to "
                + Timestamps.format(times[times.length - 1]);
        XYChart chart = Plots.seriesAndScore(name + span, "score");
        if (!windows.isEmpty()) {
            XYSeries band = chart.addSeries("label windows", x, inWindow);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            band.setYAxisGroup(1);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(255, 200, 0, 70));
            band.setLineColor(new Color(255, 200, 0, 70));
        }
        if (probation > 0) {
            double[] inProbation = new double[values.length];
            java.util.Arrays.fill(inProbation, 0, probation, 1.0);
            XYSeries band = chart.addSeries("probationary period (scores not detections)", x, inProbation);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            band.setYAxisGroup(1);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(128, 128, 128, 50));
            band.setLineColor(new Color(128, 128, 128, 50));
        }
        Plots.line(chart.addSeries("value", x, values), new Color(40, 80, 160));
        Plots.line(chart.addSeries("final anomaly score", x, scores.finalScore()), new Color(200, 30, 30))
                .setYAxisGroup(1);
        return Plots.write(chart, file);
    }

    /** Six decimals; empty for a score the detector does not compute (NaN). */
    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
