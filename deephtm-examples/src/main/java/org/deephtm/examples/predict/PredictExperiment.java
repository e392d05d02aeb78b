package org.deephtm.examples.predict;

import org.deephtm.examples.csv.CsvTable;
import org.deephtm.examples.csv.TimestampColumn;
import org.deephtm.examples.metrics.Errors;
import org.deephtm.examples.network.Checkpoints;
import org.deephtm.examples.network.LstmNetwork;
import org.deephtm.examples.network.StreamPosition;
import org.deephtm.examples.network.StreamStopped;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.networks.TimeFeatures;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Forecasting a user's time series: the seed network (Dense encoder, SpatialPooler,
 * TemporalMemory, Dense decoder) reads a CSV column row by row, learns online, and predicts the
 * value {@code horizon} rows ahead.
 * <pre>
 *   inputs at row t:  z(value_t), z(feature_t)...,  [time of day and day of week as sin/cos]
 *   target at row t:  z(value_{t+H}), z'(value_{t+H} - value_t) with --predict change, or both
 *                     with --predict blend (ForecastTarget), learned when row t+H arrives
 *   z: online standardisation from rows 0..t (OnlineScaling), no look-ahead
 * </pre>
 *
 * <p>What you will see: the first rows' predictions are poor (the network starts from random
 * weights and the scaling from no rows); as rows arrive the prediction follows the series, and on
 * a series with a rhythm the anomaly score falls where the rhythm repeats. The CSV has, per row,
 * the value, the prediction for that row made {@code horizon} rows earlier and the temporal
 * memory's anomaly score; the PNG draws them. NRMSE (RMSE / standard deviation of the truth) and
 * MAPE (sum |error| / sum |truth|) are taken from row {@code scoreFrom} on, next to the same
 * errors of the forecast "the value {@code horizon} rows earlier".
 *
 * <p>With {@code lstmWindow > 0}, a DL4J LSTM network with as many parameters
 * ({@link LstmNetwork}, its Dense layers as wide as DeepHTM's decoder) reads the same scaled rows
 * after it, learning online through
 * {@link OnlineLearner} in truncated-BPTT windows of that many rows, and is scored on the same rows.
 */
public final class PredictExperiment {

    /**
     * @param input           a CSV file with a header line
     * @param column          the column to predict
     * @param timestamps      the column of the timestamps and their form
     * @param features        extra input columns (numbers), may be empty
     * @param timeFeatures    add time of day and day of week from the timestamps as inputs
     * @param horizon         rows ahead to predict, &gt;= 1
     * @param scoreFrom       first row (0-based) of the scores
     * @param network         the seed network: sizes, window (rows per training pass, {@link OnlineLearner}'s
     *                        window) and seed; its inputs are the columns read
     * @param training        engine, optimizer and learning rate
     * @param outputDir       where the CSV and PNG go
     * @param checkpoints     saving the stream, and resuming one an earlier run saved
     * @param lstmWindow      &gt; 0: also run an online LSTM of equal size, trained in windows of that many rows
     * @param predict         what DeepHTM's network predicts: the value, its change from the current value, or
     *                        both, blended ({@link ForecastTarget}, {@link ForecastBlend}); the LSTM predicts the value
     */
    public record Options(Path input, String column, TimestampColumn timestamps, List<String> features,
                          boolean timeFeatures, int horizon, int scoreFrom, SeedNetwork.Builder network,
                          Training training, Path outputDir, Checkpoints checkpoints, int lstmWindow,
                          ForecastTarget.Kind predict) {

        public Options {
            if (timestamps == null) {
                timestamps = TimestampColumn.DEFAULT;
            }
            features = List.copyOf(features);
            if (predict == null) {
                throw new IllegalArgumentException("--predict must be value, change or blend, got null");
            }
            network = network.copy();
            if (checkpoints == null) {
                checkpoints = Checkpoints.none();
            }
            if (horizon < 1) {
                throw new IllegalArgumentException("--horizon must be >= 1, got " + horizon);
            }
            if (scoreFrom < 0) {
                throw new IllegalArgumentException("--score-from must be >= 0, got " + scoreFrom);
            }
            if (lstmWindow < 0) {
                throw new IllegalArgumentException("--lstm must be >= 1 (rows per training window), got " + lstmWindow);
            }
            if (lstmWindow > 0 && checkpoints.resume() != null) {
                throw new IllegalArgumentException("--lstm does not combine with --resume: the saved stream holds "
                        + "DeepHTM's network only; compare with the LSTM over the whole series in one run");
            }
            if (features.contains(column)) {
                throw new IllegalArgumentException("--features names " + column + ", the predicted column, which is "
                        + "always an input");
            }
        }

        /** A copy of the network's options. */
        @Override
        public SeedNetwork.Builder network() {
            return network.copy();
        }
    }

    /**
     * The series, read and checked.
     *
     * @param values      the predicted column
     * @param inputs      per row, the network's inputs before scaling: the value, the extra features,
     *                    then the time features (already in [-1, 1])
     * @param inputNames  the names of the inputs, in that order
     * @param timestamps  the timestamp column as written, null when there is none
     * @param times       the timestamps read, null when there are none
     * @param resumed     where the stream {@code --resume} continues stands, null for a fresh stream
     * @param warnings    what the file has that the run takes as it is (rows out of time order)
     */
    public record Input(double[] values, double[][] inputs, List<String> inputNames, String[] timestamps,
                        LocalDateTime[] times, StreamPosition resumed, List<String> warnings) {

        public int rows() {
            return values.length;
        }
    }

    /**
     * @param rows           rows streamed
     * @param scoreFrom      first scored row
     * @param scoredRows     rows with a prediction from {@code scoreFrom} on
     * @param nrmse          RMSE / standard deviation of the truth over the scored rows
     * @param mape           sum |error| / sum |truth| over the scored rows
     * @param baselineNrmse  NRMSE of the forecast "the value {@code horizon} rows earlier"
     * @param baselineMape   its MAPE
     * @param parameters     the network's parameter count
     * @param path           which machinery ran the steps ({@link OnlineLearner#path()})
     * @param rowsPerSecond  learning and prediction speed, wall clock
     * @param csv            the CSV written
     * @param plots          the PNGs written: all rows, and the last {@value #ZOOM} rows of a long series
     * @param lstm           the LSTM's scores on the same rows; null without {@code lstmWindow}
     * @param blendWeights   with {@code --predict blend}, the blend's weights after the last row
     *                       ({@link ForecastBlend#EXPERTS}); null otherwise
     */
    public record Result(int rows, int scoreFrom, int scoredRows, double nrmse, double mape, double baselineNrmse,
                         double baselineMape, long parameters, String path, double rowsPerSecond, Path csv,
                         List<Path> plots, Lstm lstm, double[] blendWeights) {
    }

    /**
     * The online LSTM's run beside DeepHTM's.
     *
     * @param units         its LSTM layer's size, chosen for an equal parameter count
     * @param parameters    its parameter count
     * @param window        rows per truncated-BPTT training pass
     * @param nrmse         on the same rows as DeepHTM's
     * @param mape          on the same rows
     * @param rowsPerSecond its speed (DL4J's machinery)
     */
    public record Lstm(int units, long parameters, int window, double nrmse, double mape, double rowsPerSecond) {
    }

    /**
     * Where a stream stands, saved next to the learner so that {@code --resume} continues it: the
     * inputs it reads, the rows seen, the scalings' statistics, the values of the last
     * {@code horizon} rows (the baseline's forecasts), the predictions already made for the
     * next {@code horizon} rows, the last row's timestamp, what the network predicts and the
     * change's statistics, and with {@code --predict blend} the blend's state. A stream saved before
     * {@code --predict} existed has null for the last three: it predicted the value.
     */
    record StreamState(List<String> inputNames, int horizon, long rows, OnlineScaling.State[] scalings,
                       double[] recentValues, double[] pendingPredictions, LocalDateTime lastTimestamp,
                       ForecastTarget.Kind predict, OnlineScaling.State changeScaling, ForecastBlend.State blend)
            implements Serializable {
        static final String KEY = "predict-stream";

        ForecastTarget.Kind predicted() {
            return predict == null ? ForecastTarget.Kind.VALUE : predict;
        }

        OnlineScaling.State changeStart() {
            return changeScaling == null ? OnlineScaling.State.START : changeScaling;
        }
    }

    /** The largest magnitude a value may have: far beyond any metric, far below what overflows the scaling. */
    public static final double LARGEST_VALUE = 1e30;

    /** Rows of the close-up plot of a long series' end. */
    public static final int ZOOM = 500;

    private PredictExperiment() {
    }

    /**
     * What the stream saved in {@code save} predicts, so that a resumed run without {@code --predict}
     * continues it as it was saved.
     */
    public static ForecastTarget.Kind savedPrediction(Path save) throws IOException {
        return OnlineLearner.attachment(save, StreamState.KEY, StreamState.class).predicted();
    }

    /** Reads and checks the series: columns, numbers, timestamps, enough rows for the horizon. */
    public static Input load(Options o) throws IOException {
        CsvTable table = CsvTable.read(o.input());
        double[] values = table.numbers(o.column(), LARGEST_VALUE);
        List<double[]> features = new ArrayList<>();
        for (String feature : o.features()) {
            features.add(table.numbers(feature, LARGEST_VALUE));
        }
        String timeColumn = o.timestamps().in(table);
        String[] timestamps = timeColumn == null ? null : table.texts(timeColumn);
        LocalDateTime[] times = timeColumn == null ? null : table.timestamps(timeColumn, o.timestamps().pattern());
        String order = times == null ? null : table.orderWarning(times);
        if (o.timeFeatures() && timestamps == null) {
            throw new IllegalArgumentException("--time-features needs timestamps: " + o.timestamps().whyNone(table));
        }
        return input(o, values, features, timestamps, times, order == null ? List.of() : List.of(order));
    }

    /**
     * Checks a series read elsewhere (a Spark job's) and lays out the network's inputs, as
     * {@link #load} does for a file: {@code o.input()} names the series in messages.
     *
     * @param features   the columns of {@code o.features()}, in that order
     * @param timestamps the timestamps as written, null for none
     * @param times      the same, read; null for none
     * @param warnings   what the run takes as it is (rows out of time order)
     * @throws IOException when {@code o.checkpoints().resume()} cannot be read
     */
    public static Input input(Options o, double[] values, List<double[]> features, String[] timestamps,
            LocalDateTime[] times, List<String> warnings) throws IOException {
        if (features.size() != o.features().size()) {
            throw new IllegalArgumentException(o.features().size() + " features named, " + features.size() + " given");
        }
        if (o.timeFeatures() && times == null) {
            throw new IllegalArgumentException("--time-features needs timestamps: " + o.input() + " has none");
        }
        List<String> names = new ArrayList<>(List.of(o.column()));
        names.addAll(o.features());
        List<double[]> columns = new ArrayList<>(List.of(values));
        columns.addAll(features);
        int rows = values.length;
        if (rows < o.horizon() + 2) {
            throw new IllegalArgumentException(o.input() + " has " + rows + " data rows, too few for --horizon "
                    + o.horizon() + ": need at least " + (o.horizon() + 2) + " (horizon + 2)");
        }
        if (Math.max(o.scoreFrom(), o.horizon()) > rows - 2) {
            throw new IllegalArgumentException("--score-from " + o.scoreFrom() + " leaves fewer than 2 predicted rows "
                    + "to score in " + rows + " rows (the first prediction is for row " + o.horizon() + ")");
        }
        int window = o.network().window();
        if (window > rows - o.horizon()) {
            throw new IllegalArgumentException("--window " + window + " is more than the " + (rows - o.horizon())
                    + " rows with a target in " + o.input() + ": no training pass would run; give --window <= "
                    + (rows - o.horizon()));
        }
        double[][] inputs = new double[rows][];
        int extra = o.timeFeatures() ? TimeFeatures.NAMES.length : 0;
        for (int t = 0; t < rows; t++) {
            inputs[t] = new double[columns.size() + extra];
            for (int c = 0; c < columns.size(); c++) {
                inputs[t][c] = columns.get(c)[t];
            }
            if (o.timeFeatures()) {
                System.arraycopy(TimeFeatures.of(times[t]), 0, inputs[t], columns.size(), extra);
            }
        }
        if (o.timeFeatures()) {
            names.addAll(List.of(TimeFeatures.NAMES));
        }
        StreamPosition resumed = null;
        if (o.checkpoints().resume() != null) {
            Path save = o.checkpoints().resume();
            StreamState state = OnlineLearner.attachment(save, StreamState.KEY, StreamState.class);
            resumed = new StreamPosition(state.rows(), state.lastTimestamp());
            resumed.refuseLearnedRows(save, o.input(), times);
        }
        return new Input(values, inputs, List.copyOf(names), timestamps, times, resumed, List.copyOf(warnings));
    }

    /**
     * What streaming the rows gave, row by row (the files and the scores are made from it).
     *
     * @param predicted     per row, the prediction made {@code horizon} rows earlier, in the series' units
     *                      (NaN where none was made: the first {@code horizon} rows of a fresh stream)
     * @param anomaly       per row, the temporal memory's anomaly score
     * @param earlier       per row, the value {@code horizon} rows earlier (NaN where unknown)
     * @param rowsBefore    the rows an earlier run streamed (a resumed stream), 0 for a fresh one
     * @param firstForecast the first row with a prediction: {@code horizon} for a fresh stream, 0 for a resumed one
     * @param parameters    the network's parameter count
     * @param path          which machinery ran the steps ({@link OnlineLearner#path()})
     * @param seconds       the rows' wall-clock time, saves included
     * @param blendWeights  with {@code --predict blend}, the blend's weights after the last row, in the order of
     *                      {@link ForecastBlend#EXPERTS}; null otherwise
     */
    public record Forecast(double[] predicted, double[] anomaly, double[] earlier, long rowsBefore, int firstForecast,
                           long parameters, String path, double seconds, double[] blendWeights) {
    }

    /** Streams {@code in} with nobody watching. */
    public static Result run(Options o, Input in, LongConsumer progress) throws IOException {
        return run(o, in, progress, RunWatch.NONE);
    }

    /** What a watcher is shown at each row: the value, the prediction made for it, the anomaly score. */
    public static RunLayout layout(Options o) {
        return new RunLayout("predict: " + o.input().getFileName() + ", " + o.column() + ", " + o.horizon()
                + " row(s) ahead", List.of("value", "prediction", "anomaly"),
                List.of(RunLayout.Chart.recent("The series and the prediction for each row", 500,
                                RunLayout.Line.value("value"), RunLayout.Line.value("prediction")),
                        RunLayout.Chart.recent("Anomaly score", 500, RunLayout.Line.value("anomaly"),
                                RunLayout.Line.movingMean("mean of the last 100", "anomaly", 100)),
                        RunLayout.Chart.of("Running error", RunLayout.Line.movingRmse("RMSE of the last 100 rows",
                                "prediction", "value", 100))));
    }

    /**
     * Streams {@code in} (from {@link #load}) through a fresh network and writes the CSV and PNG.
     *
     * @param progress told the number of rows done, now and then
     * @param watch    shown each row of DeepHTM's run ({@link #layout}) and its memory
     */
    public static Result run(Options o, Input in, LongConsumer progress, RunWatch watch) throws IOException {
        return run(o, in, progress, watch, () -> false);
    }

    /**
     * Streams {@code in} as {@link #run(Options, Input, LongConsumer, RunWatch)} does, checking
     * {@code stop} before each row: once it answers true the run saves the rows learned (with a save
     * file) and throws {@link StreamStopped}, writing nothing else.
     */
    public static Result run(Options o, Input in, LongConsumer progress, RunWatch watch, BooleanSupplier stop)
            throws IOException {
        int rows = in.rows();
        int h = o.horizon();

        // 1-2. The stream, from a fresh network or one an earlier run saved.
        Forecast f = forecast(o, in, progress, watch, stop);

        // 3. Errors from row scoreFrom on, and those of the value `horizon` rows earlier.
        double[] truth = in.values();
        int from = Math.max(o.scoreFrom(), f.firstForecast());
        double nrmse = Errors.nrmse(truth, f.predicted(), from);
        double mape = Errors.mape(truth, f.predicted(), from);
        double baselineNrmse = Errors.nrmse(truth, f.earlier(), from);
        double baselineMape = Errors.mape(truth, f.earlier(), from);

        // 4. The CSV (timestamp or row number, value, prediction, anomaly_score) and the plot.
        String stem = o.input().getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        Path csv = PredictionFiles.writeCsv(o.outputDir().resolve(stem + "_predictions.csv"), in.timestamps(),
                f.rowsBefore(), truth, f.predicted(), f.anomaly());
        String title = stem + ": " + o.column() + ", predicted " + h + " row(s) ahead";
        List<Path> plots = new ArrayList<>();
        plots.add(PredictionFiles.plot(o.outputDir().resolve(stem + "_predictions.png"), title, in.times(), truth,
                f.predicted(), f.anomaly(), 0, rows));
        if (rows > 2 * ZOOM) {
            plots.add(PredictionFiles.plot(o.outputDir().resolve(stem + "_predictions_last" + ZOOM + ".png"),
                    title + ", last " + ZOOM + " rows", in.times(), truth, f.predicted(), f.anomaly(), rows - ZOOM,
                    rows));
        }
        Lstm lstm = o.lstmWindow() > 0 ? runLstm(o, in, truth, from, f.parameters(), progress) : null;
        return new Result(rows, o.scoreFrom(), rows - from, nrmse, mape, baselineNrmse, baselineMape,
                f.parameters(), f.path(), rows / f.seconds(), csv, plots, lstm, f.blendWeights());
    }

    /**
     * Streams {@code in} one row at a time through a fresh network, or through the stream
     * {@code o.checkpoints().resume()} saved, saving it as the checkpoints ask: what
     * {@link #run} writes, without the files.
     *
     * @param progress told the number of rows done, now and then
     */
    public static Forecast forecast(Options o, Input in, LongConsumer progress) throws IOException {
        return forecast(o, in, progress, RunWatch.NONE, () -> false);
    }

    /**
     * {@link #forecast} showing each row to {@code watch} ({@link #layout}) and the memory, and
     * checking {@code stop} before each row, to save the rows learned (with a save file) and throw
     * {@link StreamStopped}.
     */
    static Forecast forecast(Options o, Input in, LongConsumer progress, RunWatch watch, BooleanSupplier stop)
            throws IOException {
        int rows = in.rows();
        int h = o.horizon();
        SeedNetwork.Builder network = o.training().configure(o.network().inputs(in.inputNames().size())
                .outputs(o.predict().outputs()));

        // 0. A fresh network, or the stream an earlier run saved.
        OnlineLearner learner;
        StreamState resumed = null;
        if (o.checkpoints().resume() != null) {
            Path file = o.checkpoints().resume();
            resumed = OnlineLearner.attachment(file, StreamState.KEY, StreamState.class);
            checkResumable(o, in, resumed, file);
            learner = OnlineLearner.restore(file, o.training().engine());
            if (learner.window() != network.window()) {
                throw new IllegalArgumentException(file + " was saved with --window " + learner.window()
                        + "; give the same to continue its stream");
            }
        } else {
            MultiLayerNetwork net = new MultiLayerNetwork(network.build());
            net.init();
            learner = new OnlineLearner(net, h, network.window(), o.training().engine());
        }
        long rowsBefore = resumed == null ? 0 : resumed.rows();
        watch.begin(layout(o));
        watch.memoryListener().ifPresent(learner::addListener);

        // 1. Online standardisation of the value and the extra features (see scale).
        OnlineScaling[] scalings = scalings(o, in, resumed);
        double[][] scaled = scale(o, in, scalings);

        // 2. The stream: each row is both an input and the target of the row `horizon` back, the value or its
        //    change over `horizon` rows (the value `horizon` rows earlier is also the baseline's forecast).
        double[] truth = in.values();
        double[] earlier = new double[rows];
        for (int t = 0; t < rows; t++) {
            earlier[t] = t >= h ? truth[t - h] : resumed == null ? Double.NaN : resumed.recentValues()[t];
        }
        ForecastTarget target = ForecastTarget.of(o.predict(), truth, earlier, scalings[0],
                resumed == null ? OnlineScaling.State.START : resumed.changeStart(),
                resumed == null ? null : resumed.blend());
        double[] prediction = new double[rows + h]; // prediction[t]: made at row t - horizon
        double[] anomaly = new double[rows];
        if (resumed == null) {
            Arrays.fill(prediction, 0, h, Double.NaN);
        } else {
            System.arraycopy(resumed.pendingPredictions(), 0, prediction, 0, h);
        }
        float[] x = new float[scaled[0].length]; // column 0 is the value
        float[] y = new float[o.predict().outputs()];
        double[] watched = new double[3];
        progress.accept(0); // the timed loop starts: a progress bar's clock starts with it
        long start = System.nanoTime();
        for (int t = 0; t < rows; t++) {
            if (stop.getAsBoolean()) {
                if (o.checkpoints().saveAtStop(t)) {
                    save(o, in, learner, scalings, target, rowsBefore + t, resumed, prediction, t - 1);
                }
                throw o.checkpoints().stopped(t, rows, rowsBefore,
                        in.timestamps() == null || t == 0 ? null : in.timestamps()[t - 1]);
            }
            prediction[t + h] = step(learner, scaled[t], x, y, target, t);
            anomaly[t] = learner.anomaly(0);
            watched[0] = truth[t];
            watched[1] = prediction[t];
            watched[2] = anomaly[t];
            watch.stepped(rowsBefore + t, watched);
            if (o.checkpoints().saveAfter(t + 1, t == rows - 1)) {
                save(o, in, learner, scalings, target, rowsBefore + t + 1, resumed, prediction, t);
            }
            if (t % 100 == 99) {
                progress.accept(t + 1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(rows);
        return new Forecast(Arrays.copyOf(prediction, rows), anomaly, earlier, rowsBefore, resumed == null ? h : 0,
                learner.network().numParams(), learner.path(), seconds, target.blendWeights());
    }

    /** The online standardisation of the value and the extra features, continuing a resumed stream's. */
    private static OnlineScaling[] scalings(Options o, Input in, StreamState resumed) {
        int scaledColumns = in.inputNames().size() - (o.timeFeatures() ? TimeFeatures.NAMES.length : 0);
        OnlineScaling[] scalings = new OnlineScaling[scaledColumns];
        for (int c = 0; c < scaledColumns; c++) {
            double[] column = new double[in.rows()];
            for (int t = 0; t < in.rows(); t++) {
                column[t] = in.inputs()[t][c];
            }
            scalings[c] = OnlineScaling.of(column, resumed == null ? OnlineScaling.State.START : resumed.scalings()[c]);
        }
        return scalings;
    }

    /**
     * The rows as the network reads them: the scaled columns divided by the clip (5 standard
     * deviations) so that they lie in [-1, 1], the scalar encoder's range; time features as they are.
     */
    private static double[][] scale(Options o, Input in, OnlineScaling[] scalings) {
        int columns = in.inputNames().size();
        double[][] scaled = new double[in.rows()][columns];
        for (int t = 0; t < in.rows(); t++) {
            for (int c = 0; c < columns; c++) {
                scaled[t][c] = c < scalings.length ? scalings[c].scaled(t) / OnlineScaling.LIMIT : in.inputs()[t][c];
            }
        }
        return scaled;
    }

    /** The same scaled rows through an online LSTM of about {@code parameters} parameters, scored from {@code from}. */
    private static Lstm runLstm(Options o, Input in, double[] truth, int from, long parameters,
            LongConsumer progress) {
        OnlineScaling[] scalings = scalings(o, in, null); // --lstm runs fresh streams only (see Options)
        double[][] scaled = scale(o, in, scalings);
        int rows = scaled.length;
        int columns = scaled[0].length;
        int h = o.horizon();
        double[] earlier = new double[rows];
        for (int t = 0; t < rows; t++) {
            earlier[t] = t >= h ? truth[t - h] : Double.NaN;
        }
        ForecastTarget target = ForecastTarget.of(ForecastTarget.Kind.VALUE, truth, earlier, scalings[0],
                OnlineScaling.State.START); // the LSTM predicts the value
        SeedNetwork.Builder htm = o.network();
        int width = htm.decoderSize(); // DeepHTM's decoder width for the LSTM's Dense layers
        LstmNetwork shape = new LstmNetwork(columns, width, width);
        int units = shape.sizeMatching(parameters);
        MultiLayerNetwork net = new MultiLayerNetwork(shape.configuration(units, o.lstmWindow(), htm.seed()));
        net.init();
        OnlineLearner learner = new OnlineLearner(net, h, o.lstmWindow(), OnlineLearner.Engine.DL4J);
        double[] prediction = new double[rows + h];
        Arrays.fill(prediction, 0, h, Double.NaN);
        float[] x = new float[columns];
        float[] y = new float[1];
        long start = System.nanoTime();
        for (int t = 0; t < rows; t++) {
            prediction[t + h] = step(learner, scaled[t], x, y, target, t);
            if (t % 100 == 99) {
                progress.accept(rows + t + 1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(2L * rows);
        double[] predicted = Arrays.copyOf(prediction, rows);
        return new Lstm(units, net.numParams(), o.lstmWindow(), Errors.nrmse(truth, predicted, from),
                Errors.mape(truth, predicted, from), rows / seconds);
    }

    /**
     * Row {@code t} (scaled) as the learner's input, with the target of the row {@code horizon}
     * back; returns the forecast made, in the series' units. {@code x} and {@code y} are reused
     * buffers.
     */
    private static double step(OnlineLearner learner, double[] row, float[] x, float[] y, ForecastTarget target,
            int t) {
        for (int c = 0; c < x.length; c++) {
            x[c] = (float) row[c];
        }
        target.targets(t, y);
        learner.step(x, y);
        return target.forecast(t, learner.prediction());
    }

    /** A save must continue with the same inputs and horizon, or its network would read other columns. */
    private static void checkResumable(Options o, Input in, StreamState saved, Path file) {
        if (!saved.inputNames().equals(in.inputNames())) {
            throw new IllegalArgumentException(file + " was saved reading the inputs " + saved.inputNames()
                    + ", this run reads " + in.inputNames() + ": give the same --column, --features and "
                    + "--time-features");
        }
        if (saved.horizon() != o.horizon()) {
            throw new IllegalArgumentException(file + " was saved with --horizon " + saved.horizon()
                    + "; give the same to continue its stream");
        }
        if (saved.predicted() != o.predict()) {
            throw new IllegalArgumentException(file + " was saved with --predict " + saved.predicted()
                    + "; give the same to continue its stream");
        }
    }

    /** Saves the learner and the stream's state after row {@code t} of this run. */
    private static void save(Options o, Input in, OnlineLearner learner, OnlineScaling[] scalings,
            ForecastTarget target, long rowsSeen, StreamState resumed, double[] prediction, int t) throws IOException {
        int h = o.horizon();
        OnlineScaling.State[] states = new OnlineScaling.State[scalings.length];
        for (int c = 0; c < scalings.length; c++) {
            states[c] = scalings[c].state(t);
        }
        double[] recent = new double[h];
        for (int i = 0; i < h; i++) {
            int row = t + 1 - h + i; // the last h rows, oldest first
            recent[i] = row >= 0 ? in.values()[row] : resumed == null ? Double.NaN : resumed.recentValues()[h + row];
        }
        double[] pending = Arrays.copyOfRange(prediction, t + 1, t + 1 + h);
        LocalDateTime last = in.times() == null ? null : in.times()[t];
        learner.save(o.checkpoints().save(), Map.of(StreamState.KEY,
                new StreamState(in.inputNames(), h, rowsSeen, states, recent, pending, last, target.kind(),
                        target.changeState(t), target.blendState())));
    }
}
