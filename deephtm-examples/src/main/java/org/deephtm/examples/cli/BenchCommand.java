package org.deephtm.examples.cli;

import org.deephtm.examples.bench.BenchExperiment;
import org.deephtm.examples.bench.StepCalls;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deephtm bench}: training speed of online learning: the engine, DL4J and an LSTM side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures training steps/s of online learning on a sine stream, side by side in one run: "
                + "the seed network on the online engine (with lazy-adam, sgd and adam), the same network through "
                + "DL4J, and an LSTM network of about the same parameter count through DL4J; (a) one update per "
                + "step, (b) one update per window of W steps, (c) many streams in one minibatch, (d) 2048 columns, "
                + "(e) 2048 columns x 32 cells with segments (and htm.java's temporal memory beside it with "
                + "--htm-java). Prints ms/step, the bytes allocated per step, the prediction NRMSE, the mean raw "
                + "anomaly score and the ratios, and writes the table as JSON.",
                "Benchmarks on a shared machine: set OMP_NUM_THREADS=1 and keep other work off the cores."})
final class BenchCommand implements Callable<Integer> {

    private static final BenchExperiment.Options DEFAULTS = BenchExperiment.Options.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--engine-steps", paramLabel = "N",
            description = "Timed steps of each engine measurement (default: ${DEFAULT-VALUE}).")
    int engineSteps = DEFAULTS.engineSteps();

    @Option(names = "--dl4j-steps", paramLabel = "N",
            description = "Timed steps of each DL4J measurement (default: ${DEFAULT-VALUE}).")
    int dl4jSteps = DEFAULTS.dl4jSteps();

    @Option(names = "--quick", description = "A short run (1000 engine steps, 40 DL4J steps, no rows (d) and (e)), "
            + "unless other options say otherwise.")
    boolean quick;

    @Option(names = "--windows", split = ",", paramLabel = "W", description = "Windows of row (b) (default: "
            + "${DEFAULT-VALUE}).")
    List<Integer> windows = new ArrayList<>(DEFAULTS.windows());

    @Option(names = "--streams", paramLabel = "N", description = "Streams of row (c) (default: ${DEFAULT-VALUE}).")
    int streams = DEFAULTS.streams();

    @Option(names = "--stream-window", paramLabel = "W", description = "Window of row (c) (default: ${DEFAULT-VALUE}).")
    int streamWindow = DEFAULTS.streamWindow();

    @Option(names = "--htm-cells", paramLabel = "K",
            description = "Cells per column of row (d), 2048 columns; 0 leaves it out (default: the most this "
                    + "JVM's heap holds, up to 32: ${DEFAULT-VALUE}).")
    int htmCells = DEFAULTS.htmCells();

    @Option(names = "--step-calls", description = "Only compare OnlineLearner's step(float[], float[]) with "
            + "step(INDArray, INDArray) on the default seed network (the engine), in turns over 7 rounds of 2,000 "
            + "steps, and print the median steps/s of each.")
    boolean stepCalls;

    @Option(names = "--segment-steps", paramLabel = "N",
            description = "Timed steps of row (e), the segment memory at 2048 columns x 32 cells; 0 leaves it out "
                    + "(default: ${DEFAULT-VALUE}).")
    int segmentSteps = DEFAULTS.segmentSteps();

    @Option(names = "--htm-java", description = "Row (e) also times htm.java's temporal memory (2048 x 32, the "
            + "parameters of HTM's sequence experiments) on the active columns of DeepHTM's run of the row. Needs a "
            + "build with the htm-java profile: mvn -B -q -Phtm-java -DskipTests package -pl deephtm-examples -am.")
    boolean htmJava;

    @Mixin
    OutputFileOption output = new OutputFileOption("out/bench/bench.json");

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        if (stepCalls) {
            return printStepCalls();
        }
        Path file = output.file();
        BenchExperiment.Options base = quick ? BenchExperiment.Options.quick() : DEFAULTS;
        BenchExperiment.Options o = new BenchExperiment.Options(given("--engine-steps", engineSteps,
                base.engineSteps()), base.engineWarmup(), given("--dl4j-steps", dl4jSteps, base.dl4jSteps()),
                base.dl4jWarmup(), given("--windows", windows, base.windows()), given("--streams", streams,
                base.streams()), given("--stream-window", streamWindow, base.streamWindow()), given("--htm-cells",
                htmCells, base.htmCells()), base.htmSteps(), given("--segment-steps", segmentSteps, base.segmentSteps()),
                htmJava, base.period(), base.seed());
        String environment = Environment.describe();
        System.out.println("environment: " + environment);
        BenchExperiment.Result r;
        try (Progress progress = quiet.progress("bench", BenchExperiment.totalSteps(o))) {
            r = BenchExperiment.run(o, progress);
        }
        System.out.printf(Locale.ROOT, "seed: the forum thread's network, %s; default: %s; LSTM: the seed with one "
                + "LSTM of %d units in place of the SpatialPooler and TemporalMemory%n",
                SeedNetwork.forumThread().describe(), SeedNetwork.builder().describe(), r.lstmSize());
        System.out.printf(Locale.ROOT, "sine of period %d, next-step prediction, learning rate %s; NRMSE over the "
                + "second half of the timed steps%n%n", o.period(), SeedNetwork.LEARNING_RATE);
        String format = "%-38s %-24s %-9s %-9s %9s %7s %13s %9s %11s %7s %7s %11s %9s%n";
        System.out.printf(Locale.ROOT, format, "row", "network", "machinery", "updater", "params", "steps", "speed",
                "ms/step", "bytes/step", "NRMSE", "anomaly", "engine/DL4J", "vs LSTM");
        for (BenchExperiment.Measurement m : r.measurements()) {
            System.out.printf(Locale.ROOT, format, m.job(), m.network(), m.machinery().label(), m.updater(),
                    String.format(Locale.ROOT, "%,d", m.parameters()), m.timedSteps(),
                    String.format(Locale.ROOT, "%,.1f", m.stepsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", m.msPerStep()),
                    String.format(Locale.ROOT, "%,.0f", m.bytesPerStep()),
                    decimal(m.nrmse()), decimal(m.anomaly()), ratio(r.overDl4j(m)), ratio(r.overLstm(m)));
        }
        System.out.println("(speed: steps/s, example-steps/s for several streams; params of htm.java: its synapses)");
        double overHtmJava = r.engineOverHtmJava();
        if (!Double.isNaN(overHtmJava)) {
            System.out.printf(Locale.ROOT, "row (e): DeepHTM's whole network on the engine (encoder, pooler, memory, "
                    + "decoder, gradient) runs %.2f times as many steps/s as htm.java's temporal memory alone%n",
                    overHtmJava);
        }
        Path json = BenchExperiment.writeJson(file, o, r, environment);
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.json$", "");
        Path chart = BenchExperiment.writeChart(file.resolveSibling(stem + ".png"), r);
        System.out.println();
        System.out.println("wrote " + json.toAbsolutePath());
        System.out.println("      " + chart.toAbsolutePath());
        return 0;
    }

    private static int printStepCalls() {
        System.out.println("environment: " + Environment.describe());
        List<StepCalls.Speed> speeds = StepCalls.run(7, 2_000, 1_000);
        double base = speeds.get(0).microsPerStep();
        System.out.printf(Locale.ROOT, "%-56s %10s %8s %12s%n", "call (default seed network, online engine)",
                "steps/s", "us/step", "us over [0]");
        for (StepCalls.Speed s : speeds) {
            System.out.printf(Locale.ROOT, "%-56s %,10.0f %8.1f %12.1f%n", s.call(), s.stepsPerSecond(),
                    s.microsPerStep(), s.microsPerStep() - base);
        }
        return 0;
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.1fx", value);
    }

    /** The option's value when the command line gives it, else {@code preset}'s (--quick's or the defaults'). */
    private <T> T given(String option, T value, T preset) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? value : preset;
    }
}
