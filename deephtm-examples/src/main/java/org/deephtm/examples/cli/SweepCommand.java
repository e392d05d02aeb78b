package org.deephtm.examples.cli;

import org.deephtm.examples.metrics.Errors;
import org.deephtm.examples.nab.DeepHtmDetector;
import org.deephtm.examples.nab.NabBenchmark;
import org.deephtm.examples.nab.NabSweep;
import org.deephtm.examples.nab.Profiles;
import org.deephtm.examples.network.Checkpoints;
import org.deephtm.examples.network.NetworkShape;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.predict.PredictExperiment;
import org.deephtm.examples.sequences.HighOrderSweep;
import org.deephtm.examples.sine.SineSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deephtm sweep}: the sweeps behind the defaults, as markdown tables. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Reruns a sweep behind DeepHTM's defaults and prints its table (markdown, also written to "
                + "the output file).",
        subcommands = {SweepCommand.Sine.class, SweepCommand.HighOrder.class, SweepCommand.Forecast.class,
                SweepCommand.Nab.class})
final class SweepCommand {

    @Command(name = "sine", mixinStandardHelpOptions = true,
            description = "The seed experiment for SeedNetwork's defaults, the forum thread's network and the "
                    + "defaults with one setting changed at a time, over periods and seeds.")
    static final class Sine implements Callable<Integer> {

        @Option(names = "--steps", defaultValue = "10000", paramLabel = "N", description = "Steps per run "
                + "(default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--periods", split = ",", defaultValue = "13,20,25,30", paramLabel = "P,...",
                description = "Periods (default: ${DEFAULT-VALUE}).")
        List<Integer> periods;

        @Option(names = "--seeds", split = ",", defaultValue = "1,2,12345", paramLabel = "S,...",
                description = "Seeds (default: ${DEFAULT-VALUE}).")
        List<Long> seeds;

        @Option(names = {"-o", "--output"}, defaultValue = "out/sweep/sine.md", paramLabel = "FILE",
                description = "The table (default: ${DEFAULT-VALUE}).")
        Path output;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            OutputPaths.file(output, "--output");
            SineSweep.Options o = new SineSweep.Options(steps, periods, seeds);
            List<SineSweep.Variant> variants = SineSweep.variants();
            List<SineSweep.Row> rows;
            try (Progress progress = Progress.start("sweep sine", (long) variants.size() * periods.size()
                    * seeds.size(), quiet)) {
                rows = SineSweep.run(o, variants, progress);
            }
            StringBuilder t = new StringBuilder();
            t.append(String.format("Sine, %,d steps learning every step, periods %s, seeds %s (%s)%n%n", steps,
                    periods, seeds, Environment.describe()));
            t.append("| variant | NRMSE, last 1000 steps: mean | worst | NRMSE, steps 900-1000: mean | worst "
                    + "| anomaly, last 1000: mean | worst | steps/s |\n|---|---|---|---|---|---|---|---|\n");
            for (SineSweep.Row r : rows) {
                t.append(String.format("| %s | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f | %,.0f |%n",
                        r.variant().name(), r.meanNrmse(), r.worstNrmse(), r.meanEarlyNrmse(), r.worstEarlyNrmse(),
                        r.meanAnomaly(), r.worstAnomaly(), r.stepsPerSecond()));
            }
            return print(t, output);
        }
    }

    @Command(name = "high-order", mixinStandardHelpOptions = true,
            description = "The high-order task (pairs of sequences sharing their middles) over sizes, cells per "
                    + "column, pairs, middle lengths and seeds (each seed its own symbol set), trained on whole "
                    + "sequences and online.")
    static final class HighOrder implements Callable<Integer> {

        @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", paramLabel = "S,...",
                description = "Seeds (default: ${DEFAULT-VALUE}).")
        List<Long> seeds;

        @Option(names = "--cells", split = ",", defaultValue = "1,4,8", paramLabel = "K,...",
                description = "Cells per column (default: ${DEFAULT-VALUE}).")
        List<Integer> cells;

        @Option(names = "--middles", split = ",", defaultValue = "2,3", paramLabel = "M,...",
                description = "Lengths of the shared middles (default: ${DEFAULT-VALUE}).")
        List<Integer> middles;

        @Option(names = {"-o", "--output"}, defaultValue = "out/sweep/high-order.md", paramLabel = "FILE",
                description = "The table (default: ${DEFAULT-VALUE}).")
        Path output;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            OutputPaths.file(output, "--output");
            HighOrderSweep.Grid d = HighOrderSweep.Grid.defaults();
            HighOrderSweep.Grid grid = new HighOrderSweep.Grid(d.trainings(), d.sizes(), cells, d.pairs(), middles,
                    seeds, d.window(), d.sequencesPerPair());
            List<HighOrderSweep.Run> runs;
            try (Progress progress = Progress.start("sweep high-order", grid.tasks().size(), quiet)) {
                runs = HighOrderSweep.run(grid, progress);
            }
            StringBuilder t = new StringBuilder();
            t.append(String.format("High-order task: end-of-sequence accuracy over the last 200 sequences; sizes "
                    + "64/3, 96/4, 128/5 columns/active; pairs %s; seeds %s; online window %d; %d sequences per "
                    + "pair%n%n", d.pairs(), seeds, d.window(), d.sequencesPerPair()));
            t.append("| training | cells | middle | runs | mean | worst | runs >= 0.95 |\n|---|---|---|---|---|---|---|\n");
            Map<String, List<Double>> groups = new LinkedHashMap<>();
            for (HighOrderSweep.Run r : runs) {
                HighOrderSweep.Task k = r.task();
                groups.computeIfAbsent(k.training() + "|" + k.cellsPerColumn() + "|" + k.middle(),
                        key -> new ArrayList<>()).add(r.accuracy());
            }
            groups.forEach((key, accuracies) -> {
                String[] k = key.split("\\|");
                t.append(String.format("| %s | %s | %s | %d | %.3f | %.3f | %d |%n", k[0], k[1], k[2],
                        accuracies.size(), accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                        accuracies.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        accuracies.stream().filter(a -> a >= 0.95).count()));
            });
            t.append("\nEvery run:\n\n| run | accuracy |\n|---|---|\n");
            for (HighOrderSweep.Run r : runs) {
                t.append(String.format("| %s | %.3f |%n", r.task().describe(), r.accuracy()));
            }
            return print(t, output);
        }
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = {"Forecasting real series: predict on each file, --horizons rows ahead, DeepHTM (the "
                    + "defaults of predict) beside the last value and an online DL4J LSTM of equal size, scored on "
                    + "the same rows: from 15%% of each file on (NAB's probationary period), NRMSE and MAPE.",
                    "The files are paths under --data, NAB's data folder by default."})
    static final class Forecast implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "The folder the --files lie under (NAB's data folder).")
        Path data;

        @Option(names = "--files", split = ",", paramLabel = "PATH,...", defaultValue = "realKnownCause/nyc_taxi.csv,"
                + "realKnownCause/machine_temperature_system_failure.csv,realTraffic/speed_7578.csv,"
                + "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv,realTweets/Twitter_volume_AAPL.csv",
                description = "Series under --data, each a CSV with a 'value' column (default: ${DEFAULT-VALUE}).")
        List<String> files;

        @Option(names = "--horizons", split = ",", defaultValue = "1,5", paramLabel = "H,...",
                description = "Rows ahead (default: ${DEFAULT-VALUE}).")
        List<Integer> horizons;

        @Option(names = "--lstm", defaultValue = "8", paramLabel = "W",
                description = "The LSTM's training window in rows; 0 runs no LSTM (default: ${DEFAULT-VALUE}).")
        int lstmWindow;

        @Option(names = "--time-features", description = "Give DeepHTM and the LSTM time of day and day of week.")
        boolean timeFeatures;

        @Option(names = {"-o", "--output"}, defaultValue = "out/sweep/forecast.md", paramLabel = "FILE",
                description = "The table (default: ${DEFAULT-VALUE}); each run's CSV and plot go beside it.")
        Path output;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            Path runs = runsBeside(output);
            List<PredictExperiment.Options> all = new ArrayList<>();
            List<PredictExperiment.Input> inputs = new ArrayList<>();
            int longest = horizons.stream().mapToInt(Integer::intValue).max().orElseThrow();
            for (String file : files) {
                // Every file is read and checked (for the longest horizon) once, before the work.
                PredictExperiment.Input in = PredictExperiment.load(options(data.resolve(file), longest, 0, runs));
                in.warnings().forEach(w -> spec.commandLine().getErr().println("sweep forecast: warning: " + w));
                for (int h : horizons) {
                    all.add(options(data.resolve(file), h, (int) (0.15 * in.rows()), runs));
                    inputs.add(in);
                }
            }
            long total = inputs.stream().mapToLong(in -> (lstmWindow > 0 ? 2L : 1L) * in.rows()).sum();
            StringBuilder t = new StringBuilder();
            t.append(String.format("Forecasts of the column 'value', scored from 15%% of each file on; DeepHTM: "
                    + "predict's defaults%s; LSTM: %s (%s)%n%n", timeFeatures ? " with time features" : "",
                    lstmWindow > 0 ? "Dense 256 x 2, LSTM of equal parameter count, Dense 256, Adam 1e-3, window "
                            + lstmWindow : "none", Environment.describe()));
            t.append("| series | rows | ahead | DeepHTM NRMSE | MAPE | last value NRMSE | MAPE | LSTM NRMSE | MAPE "
                    + "| DeepHTM rows/s | LSTM rows/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
            try (Progress progress = Progress.start("sweep forecast", total, quiet)) {
                long[] done = {0};
                for (int i = 0; i < all.size(); i++) {
                    PredictExperiment.Options o = all.get(i);
                    PredictExperiment.Input in = inputs.get(i);
                    long before = done[0];
                    PredictExperiment.Result r = PredictExperiment.run(o, in, n -> progress.accept(before + n));
                    done[0] += (lstmWindow > 0 ? 2L : 1L) * in.rows();
                    PredictExperiment.Lstm l = r.lstm();
                    t.append(String.format(java.util.Locale.ROOT,
                            "| %s | %,d | %d | %s | %s | %s | %s | %s | %s | %,.0f | %s |%n",
                            data.relativize(o.input()), r.rows(), o.horizon(), Errors.format(r.nrmse()),
                            Errors.format(r.mape()), Errors.format(r.baselineNrmse()), Errors.format(r.baselineMape()),
                            l == null ? "-" : Errors.format(l.nrmse()), l == null ? "-" : Errors.format(l.mape()),
                            r.rowsPerSecond(),
                            l == null ? "-" : String.format(java.util.Locale.ROOT, "%,.0f", l.rowsPerSecond())));
                }
            }
            return print(t, output);
        }

        private PredictExperiment.Options options(Path file, int horizon, int scoreFrom, Path runs) {
            String name = file.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
            return new PredictExperiment.Options(file, "value", null, List.of(), timeFeatures, horizon, 1, scoreFrom,
                    NetworkShape.seed(), Training.defaults(), 12345, runs.resolve(name + "_h" + horizon),
                    Checkpoints.none(), lstmWindow);
        }
    }

    @Command(name = "nab", mixinStandardHelpOptions = true,
            description = "The Numenta Anomaly Benchmark's corpus under the detector's defaults and under one change "
                    + "at a time (one configuration for the corpus per row, NAB's rules and scoring).")
    static final class Nab implements Callable<Integer> {

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "NAB's data folder.")
        Path data;

        @Option(names = "--labels", required = true, paramLabel = "FILE",
                description = "NAB's labels/combined_windows.json.")
        Path labels;

        @Option(names = {"-o", "--output"}, defaultValue = "out/sweep/nab.md", paramLabel = "FILE",
                description = "The table (default: ${DEFAULT-VALUE}); each variant's results go beside it.")
        Path output;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            Path runs = runsBeside(output);
            List<NabSweep.Variant> variants = NabSweep.variants();
            NabBenchmark.Corpus corpus = NabBenchmark.load(new NabBenchmark.Options(data, labels, Profiles.nab(),
                    List.of(), runs, false, DeepHtmDetector.Settings.defaults()));
            List<NabSweep.Row> rows;
            try (Progress progress = Progress.start("sweep nab", corpus.rows() * variants.size(), quiet)) {
                rows = NabSweep.run(data, labels, corpus, variants, runs, progress);
            }
            StringBuilder t = new StringBuilder();
            t.append(String.format("NAB, the whole corpus per row, normalised scores (%s)%n%n",
                    Environment.describe()));
            t.append("| detector | standard | reward low FP | reward low FN | seconds |\n|---|---|---|---|---|\n");
            for (NabSweep.Row r : rows) {
                t.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.0f |%n",
                        r.variant().name(), r.scores().get(0).normalized(), r.scores().get(1).normalized(),
                        r.scores().get(2).normalized(), r.seconds()));
            }
            return print(t, output);
        }
    }

    /** Checks the table's path and makes the folder beside it, of the same name without .md, for the runs' files. */
    private static Path runsBeside(Path table) throws IOException {
        OutputPaths.file(table, "--output");
        return OutputPaths.folder(table.resolveSibling(table.getFileName().toString().replaceFirst("\\.md$", "")),
                "the runs' folder");
    }

    private static int print(StringBuilder table, Path output) throws IOException {
        System.out.print(table);
        Files.writeString(output, table);
        System.out.println("\ntable: " + output.toAbsolutePath());
        return 0;
    }
}
