package org.deephtm.examples.cli;

import org.deephtm.examples.bench.BenchExperiment;
import org.deephtm.examples.network.NetworkShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deephtm bench}: training speed of online learning: the engine, DL4J and an LSTM side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures training steps/s of online learning on a sine stream, side by side in one run: "
                + "the seed network on the online engine (with lazy-adam, sgd and adam), the same network through "
                + "DL4J, and an LSTM network of about the same parameter count through DL4J; (a) one update per "
                + "step, (b) one update per window of W steps, (c) many streams in one minibatch, (d) 2048 columns. "
                + "Prints ms/step, the bytes allocated per step, the prediction NRMSE and the ratios, and writes "
                + "the table as JSON.",
                "Benchmarks on a shared machine: set OMP_NUM_THREADS=1 and keep other work off the cores."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--engine-steps", paramLabel = "N",
            description = "Timed steps of each engine measurement (default: 10000).")
    Integer engineSteps;

    @Option(names = "--dl4j-steps", paramLabel = "N",
            description = "Timed steps of each DL4J measurement (default: 300).")
    Integer dl4jSteps;

    @Option(names = "--quick", description = "A short run (1000 engine steps, 40 DL4J steps, no row (d)), "
            + "unless other options say otherwise.")
    boolean quick;

    @Option(names = "--windows", split = ",", paramLabel = "W", description = "Windows of row (b) (default: 8,32).")
    List<Integer> windows;

    @Option(names = "--streams", paramLabel = "N", description = "Streams of row (c) (default: 64).")
    Integer streams;

    @Option(names = "--stream-window", paramLabel = "W", description = "Window of row (c) (default: 32).")
    Integer streamWindow;

    @Option(names = "--htm-cells", paramLabel = "K",
            description = "Cells per column of row (d), 2048 columns; 0 leaves it out (default: the most this "
                    + "JVM's heap holds, up to 32).")
    Integer htmCells;

    @Option(names = {"-o", "--output"}, defaultValue = "out/bench/bench.json", paramLabel = "FILE",
            description = "JSON file of the table; a PNG chart goes beside it (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        OutputPaths.file(output, "--output");
        BenchExperiment.Options base = quick ? BenchExperiment.Options.quick() : BenchExperiment.Options.defaults();
        BenchExperiment.Options o = new BenchExperiment.Options(or(engineSteps, base.engineSteps()),
                base.engineWarmup(), or(dl4jSteps, base.dl4jSteps()), base.dl4jWarmup(), or(windows, base.windows()),
                or(streams, base.streams()), or(streamWindow, base.streamWindow()), or(htmCells, base.htmCells()),
                base.htmSteps(), base.period(), base.seed());
        String environment = Environment.describe();
        System.out.println("environment: " + environment);
        BenchExperiment.Result r;
        try (Progress progress = Progress.start("bench", BenchExperiment.totalSteps(o), quiet)) {
            r = BenchExperiment.run(o, progress);
        }
        System.out.printf(Locale.ROOT, "seed: the forum thread's network, %s; default: %s; LSTM: the seed with one "
                + "LSTM of %d units in place of the SpatialPooler and TemporalMemory%n", NetworkShape.forum().describe(1, 1),
                NetworkShape.seed().describe(1, 1), r.lstmSize());
        System.out.printf(Locale.ROOT, "sine of period %d, next-step prediction, learning rate 1e-3; NRMSE over the "
                + "second half of the timed steps%n%n", o.period());
        String format = "%-38s %-24s %-9s %-9s %9s %7s %13s %9s %11s %7s %11s %9s%n";
        System.out.printf(Locale.ROOT, format, "row", "network", "machinery", "updater", "params", "steps", "speed",
                "ms/step", "bytes/step", "NRMSE", "engine/DL4J", "vs LSTM");
        for (BenchExperiment.Measurement m : r.measurements()) {
            System.out.printf(Locale.ROOT, format, m.job(), m.network(), m.machinery().label(), m.updater(),
                    String.format(Locale.ROOT, "%,d", m.parameters()), m.timedSteps(),
                    String.format(Locale.ROOT, "%,.1f", m.stepsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", m.msPerStep()),
                    String.format(Locale.ROOT, "%,.0f", m.bytesPerStep()),
                    String.format(Locale.ROOT, "%.3f", m.nrmse()), ratio(r.overDl4j(m)), ratio(r.overLstm(m)));
        }
        System.out.println("(speed: steps/s, example-steps/s for several streams)");
        Path json = BenchExperiment.writeJson(output, o, r, environment);
        String stem = output.getFileName().toString().replaceFirst("(?i)\\.json$", "");
        Path chart = BenchExperiment.writeChart(output.resolveSibling(stem + ".png"), r);
        System.out.println();
        System.out.println("wrote " + json.toAbsolutePath());
        System.out.println("      " + chart.toAbsolutePath());
        return 0;
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.1fx", value);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
