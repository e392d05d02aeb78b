package org.deephtm.examples.cli;

import org.deephtm.examples.sine.SineExperiment;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deephtm sine}: the forum thread's experiment. */
@Command(name = "sine", mixinStandardHelpOptions = true,
        description = {"Online learning of a sine wave by the seed network (ScalarEncoder-SpatialPooler-TemporalMemory-"
                + "Dense); writes plots of prediction against truth and prints the error.",
                "The network is SeedNetwork's default (the size options change it; --forum-thread runs the forum "
                        + "thread's network)."})
final class SineCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "10000", paramLabel = "N",
            description = "Stream length (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--period", defaultValue = "20", paramLabel = "P",
            description = "Steps per period of the wave (default: ${DEFAULT-VALUE}).")
    int period;

    @Mixin
    NetworkOptions network = new NetworkOptions(SeedNetwork.builder());

    @Mixin
    TrainingOptions training = new TrainingOptions(SeedNetwork.builder());

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/sine");

    @Mixin
    LiveOptions live = new LiveOptions(30);

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        SineExperiment.Options options = new SineExperiment.Options(steps, period, network.resolve(),
                training.resolve(), output.folder());
        SineExperiment.Result r;
        try (LiveOptions.Watching watching = live.start("sine", System.out, System.err)) {
            try (Progress progress = quiet.progress("sine", steps)) {
                r = SineExperiment.run(options, progress, watching.watch());
            }
            report(options, r);
            watching.end(String.format(Locale.ROOT, "NRMSE %.4f over the last %d steps (the last value: %.4f)",
                    r.nrmse(), r.scoredSteps(), r.baselineNrmse()));
        }
        return 0;
    }

    private static void report(SineExperiment.Options options, SineExperiment.Result r) {
        System.out.printf("network: %s; %,d parameters%n", r.network(), r.parameters());
        System.out.printf("NRMSE over the last %d steps: %.4f (predicting the last value: %.4f)%n", r.scoredSteps(),
                r.nrmse(), r.baselineNrmse());
        System.out.printf("mean anomaly score over the last period: %.3f%n", r.meanAnomaly());
        System.out.printf("speed: %.1f steps/s (window %d, %s, %s, 1 stream)%n", r.stepsPerSecond(),
                options.network().window(), options.training().describe(), Environment.describe());
        System.out.println("steps ran on: " + r.path());
        System.out.println("plots:");
        r.plots().forEach(p -> System.out.println("  " + p.toAbsolutePath()));
    }
}
