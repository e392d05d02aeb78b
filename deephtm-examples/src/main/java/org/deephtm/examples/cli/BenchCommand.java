package org.deephtm.examples.cli;

import org.deephtm.examples.bench.BenchExperiment;
import org.deephtm.examples.network.NetworkShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deephtm bench}: training speed of online learning, DeepHTM against an LSTM. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures training steps/s of online learning on a sine stream: (a) one update per step, "
                + "(b) one update per window of W steps, (c) many streams in one minibatch (example-steps/s); "
                + "each for the seed network and for an LSTM network of about the same parameter count, with "
                + "the ratio and the prediction NRMSE each reached. Prints the table and writes it as JSON.",
                "Benchmarks on a shared machine: set OMP_NUM_THREADS=1 and keep other work off the cores."})
final class BenchCommand implements Callable<Integer> {

    private static final BenchExperiment.Options DEFAULTS = BenchExperiment.Options.defaults();

    @Option(names = "--steps", paramLabel = "N",
            description = "Timed steps per measurement of rows (a) and (b) (default: 1500).")
    Integer steps;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps before them (default: 200).")
    Integer warmup;

    @Option(names = "--stream-steps", paramLabel = "N",
            description = "Timed steps of row (c), each a step of every stream (default: 320).")
    Integer streamSteps;

    @Option(names = "--quick", description = "A short run: 96 timed steps after 64 of warm-up, 64 for row (c), "
            + "unless other options say otherwise.")
    boolean quick;

    @Option(names = "--windows", split = ",", paramLabel = "W", description = "Windows of row (b) (default: 8,32).")
    List<Integer> windows;

    @Option(names = "--streams", paramLabel = "N", description = "Streams of row (c) (default: 64).")
    Integer streams;

    @Option(names = "--stream-window", paramLabel = "W", description = "Window of row (c) (default: 32).")
    Integer streamWindow;

    @Option(names = {"-o", "--output"}, defaultValue = "out/bench/bench.json", paramLabel = "FILE",
            description = "JSON file of the table (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        BenchExperiment.Options base = quick ? BenchExperiment.Options.quick() : DEFAULTS;
        BenchExperiment.Options o = new BenchExperiment.Options(or(steps, base.steps()), or(warmup, base.warmup()),
                or(windows, base.windows()), or(streams, base.streams()), or(streamWindow, base.streamWindow()),
                or(streamSteps, base.streamSteps()), base.period(), base.seed());
        String environment = Environment.describe();
        System.out.println("environment: " + environment);
        BenchExperiment.Result r;
        try (Progress progress = Progress.start("bench", BenchExperiment.totalSteps(o), quiet)) {
            r = BenchExperiment.run(o, progress);
        }
        System.out.printf(Locale.ROOT, "DeepHTM: the seed network, %,d parameters (%s)%n", r.deephtmParameters(),
                NetworkShape.seed().describe(1, 1));
        System.out.printf(Locale.ROOT, "LSTM:    %,d parameters (Dense 1-256-256, LSTM %d, Dense 256-1)%n",
                r.lstmParameters(), r.lstmSize());
        System.out.printf(Locale.ROOT, "sine of period %d, next-step prediction, Adam 1e-3; %d timed steps after %d "
                + "of warm-up (row (c): %d after %d); NRMSE over the second half of the timed steps%n%n", o.period(),
                o.steps(), o.warmup(), o.streamSteps(), 2 * o.streamWindow());
        String format = "%-28s %-16s %10s %7s %10s %7s %13s%n";
        System.out.printf(Locale.ROOT, format, "row", "unit", "DeepHTM", "NRMSE", "LSTM", "NRMSE", "DeepHTM/LSTM");
        for (BenchExperiment.Row row : r.rows()) {
            System.out.printf(Locale.ROOT, format, row.name(), row.unit(),
                    String.format(Locale.ROOT, "%.1f", row.deephtm().stepsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", row.deephtm().nrmse()),
                    String.format(Locale.ROOT, "%.1f", row.lstm().stepsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", row.lstm().nrmse()),
                    String.format(Locale.ROOT, "%.2f", row.ratio()));
        }
        System.out.printf("%nwhere a step goes (ms per step of every stream; training = step - prediction):%n");
        String split = "%-28s %9s %11s %9s %9s %11s %9s%n";
        System.out.printf(Locale.ROOT, split, "row", "DeepHTM", "prediction", "training", "LSTM", "prediction",
                "training");
        for (BenchExperiment.Row row : r.rows()) {
            BenchExperiment.Measurement d = row.deephtm();
            BenchExperiment.Measurement l = row.lstm();
            System.out.printf(Locale.ROOT, split, row.name(), millis(d.stepMillis()), millis(d.predictMillis()),
                    millis(d.stepMillis() - d.predictMillis()), millis(l.stepMillis()), millis(l.predictMillis()),
                    millis(l.stepMillis() - l.predictMillis()));
        }
        Path json = BenchExperiment.writeJson(output, o, r, environment);
        System.out.println();
        System.out.println("wrote " + json.toAbsolutePath());
        return 0;
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
