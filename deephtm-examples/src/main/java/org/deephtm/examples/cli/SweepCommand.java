package org.deephtm.examples.cli;

import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.nab.NabBenchmark;
import org.deephtm.examples.nab.NabSweep;
import org.deephtm.examples.nab.Profiles;
import org.deephtm.examples.predict.ForecastSweep;
import org.deephtm.examples.predict.ForecastTarget;
import org.deephtm.examples.sequences.HighOrderSweep;
import org.deephtm.examples.sine.SineSweep;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

        private static final SineSweep.Options DEFAULTS = SineSweep.Options.defaults();

        @Option(names = "--steps", paramLabel = "N", description = "Steps per run (default: ${DEFAULT-VALUE}).")
        int steps = DEFAULTS.steps();

        @Option(names = "--periods", split = ",", paramLabel = "P,...", description = "Periods (default: "
                + "${DEFAULT-VALUE}).")
        List<Integer> periods = new ArrayList<>(DEFAULTS.periods());

        @Option(names = "--seeds", split = ",", paramLabel = "S,...",
                description = "Seeds (default: ${DEFAULT-VALUE}).")
        List<Long> seeds = new ArrayList<>(DEFAULTS.seeds());

        @Mixin
        OutputFileOption output = new OutputFileOption("out/sweep/sine.md");

        @Mixin
        QuietOption quiet;

        @Override
        public Integer call() throws Exception {
            output.file();
            SineSweep.Options o = new SineSweep.Options(steps, periods, seeds);
            List<SineSweep.Variant> variants = SineSweep.variants();
            List<SineSweep.Row> rows;
            try (Progress progress = quiet.progress("sweep sine", (long) variants.size() * periods.size()
                    * seeds.size())) {
                rows = SineSweep.run(o, variants, progress);
            }
            return output.print(SineSweep.table(o, rows, Environment.describe()));
        }
    }

    @Command(name = "high-order", mixinStandardHelpOptions = true,
            description = "The high-order task (pairs of sequences sharing their middles) over sizes, cells per "
                    + "column, pairs, middle lengths and seeds (each seed its own symbol set), trained on whole "
                    + "sequences and online.")
    static final class HighOrder implements Callable<Integer> {

        private static final HighOrderSweep.Grid DEFAULTS = HighOrderSweep.Grid.defaults();

        @Option(names = "--seeds", split = ",", paramLabel = "S,...",
                description = "Seeds (default: ${DEFAULT-VALUE}).")
        List<Long> seeds = new ArrayList<>(DEFAULTS.seeds());

        @Option(names = "--cells-per-column", split = ",", paramLabel = "K,...",
                description = "Cells per column (default: ${DEFAULT-VALUE}).")
        List<Integer> cells = new ArrayList<>(DEFAULTS.cells());

        @Option(names = "--middles", split = ",", paramLabel = "M,...",
                description = "Lengths of the shared middles (default: ${DEFAULT-VALUE}).")
        List<Integer> middles = new ArrayList<>(DEFAULTS.middles());

        @Option(names = "--connectivity", paramLabel = "dense|segments",
                converter = MemoryOptions.ConnectivityConverter.class,
                description = "The memory: dense (an N x N matrix, online window 8) or segments (HTM's dendritic "
                        + "segments, the sequence task's network, learning every step) (default: dense).")
        TemporalMemory.Connectivity connectivity = DEFAULTS.connectivity();

        @Option(names = "--sizes", split = ",", paramLabel = "C/A,...", converter = SizeConverter.class,
                description = "Sizes as columns/active columns (default: 64/3,96/4,128/5 dense, 2048/40 segments).")
        List<int[]> sizes;

        @Option(names = "--min-hit-rate", paramLabel = "RATE",
                description = "Segments only: the share of a segment's recent visits its column must have followed "
                        + "for it to predict; 0 predicts from every matching segment (default: 0.33 segments).")
        Double minHitRate;

        @Mixin
        OutputFileOption output = new OutputFileOption("out/sweep/high-order.md");

        @Mixin
        QuietOption quiet;

        /** The old name of {@code --cells-per-column}, still read. */
        @Option(names = "--cells", split = ",", hidden = true, paramLabel = "K,...")
        void oldCells(List<Integer> k) {
            cells = k;
        }

        HighOrderSweep.Grid grid() {
            if (minHitRate != null) {
                MemoryOptions.requireSegmentsForHitRate(minHitRate, connectivity);
            }
            HighOrderSweep.Grid grid = new HighOrderSweep.Grid(DEFAULTS.trainings(), DEFAULTS.connectivity(),
                    DEFAULTS.sizes(), cells, DEFAULTS.pairs(), middles, seeds, DEFAULTS.window(),
                    DEFAULTS.sequencesPerPair(), DEFAULTS.minHitRate()).with(connectivity);
            if (sizes != null) {
                grid = grid.withSizes(sizes);
            }
            return minHitRate == null ? grid : grid.withMinHitRate(minHitRate);
        }

        @Override
        public Integer call() throws Exception {
            output.file();
            HighOrderSweep.Grid grid = grid();
            List<HighOrderSweep.Run> runs;
            try (Progress progress = quiet.progress("sweep high-order", grid.tasks().size())) {
                runs = HighOrderSweep.run(grid, progress);
            }
            return output.print(HighOrderSweep.table(grid, runs));
        }
    }

    /** "2048/40" as {columns, active columns}. */
    static final class SizeConverter implements ITypeConverter<int[]> {
        @Override
        public int[] convert(String value) {
            String[] parts = value.split("/");
            try {
                if (parts.length == 2) {
                    return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException("a size is COLUMNS/ACTIVE, for example 2048/40, got '" + value + "'");
        }
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = {"Forecasting real series: predict on each file, --horizons rows ahead, DeepHTM (the "
                    + "defaults of predict, changed by the same network options) beside the last value and an "
                    + "online DL4J LSTM of equal size, scored on the same rows: from 15%% of each file on (NAB's "
                    + "probationary period), NRMSE and MAPE.",
                    "The files are paths under --data, NAB's data folder by default."})
    static final class Forecast implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "The folder the --files lie under (NAB's data folder).")
        Path data;

        @Option(names = "--files", split = ",", paramLabel = "PATH,...",
                description = "Series under --data, each a CSV with a 'value' column (default: ${DEFAULT-VALUE}).")
        List<String> files = new ArrayList<>(ForecastSweep.FILES);

        @Option(names = "--horizons", split = ",", defaultValue = "1,5", paramLabel = "H,...",
                description = "Rows ahead (default: ${DEFAULT-VALUE}).")
        List<Integer> horizons;

        @Option(names = "--lstm", defaultValue = "8", paramLabel = "W",
                description = "The LSTM's training window in rows; 0 runs no LSTM (default: ${DEFAULT-VALUE}).")
        int lstmWindow;

        @Option(names = "--time-features", description = "Give DeepHTM and the LSTM time of day and day of week.")
        boolean timeFeatures;

        @Option(names = "--predict", split = ",", defaultValue = "blend", paramLabel = "value|change|blend,...",
                converter = PredictCommand.PredictConverter.class,
                description = "What DeepHTM's network predicts, one row per kind: value, change (from the current "
                        + "value), blend (both, blended online) or several side by side; the LSTM predicts the value "
                        + "(default: ${DEFAULT-VALUE}).")
        List<ForecastTarget.Kind> predict;

        @Mixin
        NetworkOptions network = new NetworkOptions(SeedNetwork.builder());

        @Mixin
        OutputFileOption output = new OutputFileOption("out/sweep/forecast.md");

        @Mixin
        QuietOption quiet;

        @Override
        public Integer call() throws Exception {
            ForecastSweep.Options o = new ForecastSweep.Options(data, files, horizons, lstmWindow, timeFeatures,
                    output.runsFolder(), predict, network.resolve());
            List<ForecastSweep.Run> runs = ForecastSweep.load(o,
                    w -> spec.commandLine().getErr().println("sweep forecast: warning: " + w));
            String table;
            try (Progress progress = quiet.progress("sweep forecast", ForecastSweep.rows(o, runs))) {
                table = ForecastSweep.run(o, runs, Environment.describe(), progress);
            }
            return output.print(table);
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

        @Mixin
        OutputFileOption output = new OutputFileOption("out/sweep/nab.md");

        @Mixin
        QuietOption quiet;

        @Override
        public Integer call() throws Exception {
            Path runs = output.runsFolder();
            List<NabSweep.Variant> variants = NabSweep.variants();
            NabBenchmark.Corpus corpus = NabBenchmark.load(new NabBenchmark.Options(data, labels, Profiles.nab(),
                    List.of(), runs, false, AnomalyDetector.Settings.defaults()));
            List<NabSweep.Row> rows;
            try (Progress progress = quiet.progress("sweep nab", corpus.rows() * variants.size())) {
                rows = NabSweep.run(data, labels, corpus, variants, runs, progress);
            }
            return output.print(NabSweep.table(rows, Environment.describe()));
        }
    }
}
