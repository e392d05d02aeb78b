package org.deephtm.examples.predict;

import org.deephtm.examples.metrics.Errors;
import org.deephtm.examples.network.Checkpoints;
import org.deephtm.examples.network.Training;
import org.deephtm.networks.SeedNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Forecasting real series: {@link PredictExperiment} on each file, some rows ahead, DeepHTM (the
 * defaults of {@code deephtm predict}) beside the last value, the blend's autoregression alone
 * ({@link ChangeAutoregression}) and an online DL4J LSTM of equal size,
 * scored on the same rows: from 15% of each file on (NAB's probationary period), NRMSE and MAPE.
 * With several {@code predict} kinds, DeepHTM runs once per kind (side by side in one table) and the
 * LSTM, which always predicts the value, once per series and horizon, on the first kind's row.
 */
public final class ForecastSweep {

    /** NAB's series the sweep runs by default: a taxi count, a machine's temperature, traffic, CPU, tweets. */
    public static final List<String> FILES = List.of("realKnownCause/nyc_taxi.csv",
            "realKnownCause/machine_temperature_system_failure.csv", "realTraffic/speed_7578.csv",
            "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv", "realTweets/Twitter_volume_AAPL.csv");

    /** Where scoring starts, as a share of each file. */
    static final double SCORED_FROM = 0.15;

    /**
     * @param data         the folder the files lie under (NAB's data folder)
     * @param files        series under {@code data}, each a CSV with a 'value' column
     * @param horizons     rows ahead
     * @param lstmWindow   the LSTM's training window in rows; 0 runs no LSTM
     * @param timeFeatures give DeepHTM and the LSTM the time of day and day of week
     * @param runsDir      where each run's CSV and plot go
     * @param predict      what DeepHTM's network predicts, one row per kind ({@link ForecastTarget})
     * @param network      DeepHTM's network: predict's defaults, or what its network options make of them
     */
    public record Options(Path data, List<String> files, List<Integer> horizons, int lstmWindow, boolean timeFeatures,
                          Path runsDir, List<ForecastTarget.Kind> predict, SeedNetwork.Builder network) {
        public Options {
            network = network.copy();
            files = List.copyOf(files);
            horizons = List.copyOf(horizons);
            predict = List.copyOf(predict);
            if (files.isEmpty() || horizons.isEmpty() || predict.isEmpty()) {
                throw new IllegalArgumentException("give at least one file, one horizon and one --predict");
            }
            if (predict.stream().distinct().count() != predict.size()) {
                throw new IllegalArgumentException("--predict names a kind twice: " + predict);
            }
        }

        /** A copy of DeepHTM's network options. */
        @Override
        public SeedNetwork.Builder network() {
            return network.copy();
        }
    }

    /** One run of the sweep: a file at a horizon, read and checked. */
    public record Run(PredictExperiment.Options options, PredictExperiment.Input input) {
    }

    private ForecastSweep() {
    }

    /**
     * Every run, each file read and checked once (for the longest horizon) before any work.
     *
     * @param warnings told what a file has that the runs take as it is
     */
    public static List<Run> load(Options o, Consumer<String> warnings) throws IOException {
        List<Run> runs = new ArrayList<>();
        int longest = o.horizons().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (String file : o.files()) {
            PredictExperiment.Input in = PredictExperiment.load(options(o, file, longest, 0, o.predict().get(0), 0));
            in.warnings().forEach(warnings);
            for (int h : o.horizons()) {
                for (ForecastTarget.Kind predict : o.predict()) {
                    int lstm = predict == o.predict().get(0) ? o.lstmWindow() : 0;
                    runs.add(new Run(options(o, file, h, (int) (SCORED_FROM * in.rows()), predict, lstm), in));
                }
            }
        }
        return runs;
    }

    /** The rows every run streams (twice with an LSTM), for a progress bar. */
    public static long rows(Options o, List<Run> runs) {
        return runs.stream().mapToLong(ForecastSweep::rows).sum();
    }

    private static long rows(Run run) {
        return (run.options().lstmWindow() > 0 ? 2L : 1L) * run.input().rows();
    }

    /**
     * Runs them all and returns the table in markdown, under a line saying what ran.
     *
     * @param progress told the rows done over all runs (of {@link #rows})
     */
    public static String run(Options o, List<Run> runs, String environment, LongConsumer progress)
            throws IOException {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Forecasts of the column 'value', scored from 15%% of each file on; "
                + "DeepHTM: %s%s, predicting %s; LSTM: %s (%s)%n%n",
                o.network().describe(), o.timeFeatures() ? " with time features" : "",
                o.predict().stream().map(String::valueOf).collect(Collectors.joining(" and the "))
                        + (o.predict().contains(ForecastTarget.Kind.BLEND) ? " (the blend's network: 2 outputs)" : ""),
                o.lstmWindow() > 0 ? "Dense 256 x 2, LSTM of equal parameter count, Dense 256, Adam 1e-3, window "
                        + o.lstmWindow() : "none", environment));
        t.append("| series | rows | ahead | DeepHTM predicts | DeepHTM NRMSE | MAPE | last value NRMSE | MAPE "
                + "| autoregression NRMSE | MAPE | LSTM NRMSE | MAPE | DeepHTM rows/s | LSTM rows/s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder weights = new StringBuilder();
        // the autoregression alone does not depend on --predict: once per file and horizon
        Map<String, double[]> autoregressions = new HashMap<>();
        long done = 0;
        for (Run run : runs) {
            long before = done;
            PredictExperiment.Result r = PredictExperiment.run(run.options(), run.input(),
                    n -> progress.accept(before + n));
            done += rows(run);
            PredictExperiment.Lstm l = r.lstm();
            double[] autoregression = autoregressions.computeIfAbsent(
                    run.options().input() + " " + run.options().horizon(),
                    key -> ChangeAutoregression.forecasts(run.input().values(), run.options().horizon()));
            int from = r.rows() - r.scoredRows(); // scored on DeepHTM's rows
            t.append(String.format(Locale.ROOT,
                    "| %s | %,d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %,.0f | %s |%n",
                    o.data().relativize(run.options().input()), r.rows(), run.options().horizon(),
                    run.options().predict(),
                    Errors.format(r.nrmse()), Errors.format(r.mape()), Errors.format(r.baselineNrmse()),
                    Errors.format(r.baselineMape()),
                    Errors.format(Errors.nrmse(run.input().values(), autoregression, from)),
                    Errors.format(Errors.mape(run.input().values(), autoregression, from)),
                    l == null ? "-" : Errors.format(l.nrmse()),
                    l == null ? "-" : Errors.format(l.mape()), r.rowsPerSecond(),
                    l == null ? "-" : String.format(Locale.ROOT, "%,.0f", l.rowsPerSecond())));
            if (r.blendWeights() != null) {
                weights.append(String.format(Locale.ROOT, "| %s | %d |", o.data().relativize(run.options().input()),
                        run.options().horizon()));
                for (double w : r.blendWeights()) {
                    weights.append(String.format(Locale.ROOT, " %.2f |", w));
                }
                weights.append('\n');
            }
        }
        if (!weights.isEmpty()) {
            t.append("\nThe blend's weights after the last row:\n\n| series | ahead | ")
                    .append(String.join(" | ", ForecastBlend.EXPERTS)).append(" |\n|---|---|")
                    .append("---|".repeat(ForecastBlend.EXPERTS.size())).append('\n').append(weights);
        }
        return t.toString();
    }

    /** predict with the sweep's network on {@code file}, {@code horizon} rows ahead, from {@code scoreFrom}. */
    private static PredictExperiment.Options options(Options o, String file, int horizon, int scoreFrom,
            ForecastTarget.Kind predict, int lstmWindow) {
        Path input = o.data().resolve(file);
        String name = input.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        return new PredictExperiment.Options(input, "value", null, List.of(), o.timeFeatures(), horizon, scoreFrom,
                o.network(), Training.defaults(), o.runsDir().resolve(name + "_h" + horizon + "_" + predict),
                Checkpoints.none(), lstmWindow, predict);
    }
}
