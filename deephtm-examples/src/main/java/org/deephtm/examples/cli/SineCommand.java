package org.deephtm.examples.cli;

import org.deephtm.examples.network.NetworkShape;
import org.deephtm.examples.sine.SineExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deephtm sine}: the forum thread's experiment. */
@Command(name = "sine", mixinStandardHelpOptions = true,
        description = {"Online learning of a sine wave by the seed network (ScalarEncoder-SpatialPooler-TemporalMemory-"
                + "Dense); writes plots of prediction against truth and prints the error.",
                "The network is SeedNetwork's default: 64 buckets, 256 columns with 5 active, 5 cells per column, "
                        + "Dense 256 (the size options change it; --forum-thread runs the forum thread's network)."})
final class SineCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "10000", paramLabel = "N",
            description = "Stream length (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--period", defaultValue = "20", paramLabel = "P",
            description = "Steps per period of the wave (default: ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--window", defaultValue = "1", paramLabel = "W",
            description = "Steps per training pass; 1 learns every step (default: ${DEFAULT-VALUE}).")
    int window;

    @Mixin
    NetworkShapeOptions shape;

    @Mixin
    TrainingOptions training;

    @Option(names = "--seed", defaultValue = "12345", paramLabel = "N",
            description = "Network seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "out/sine", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        OutputPaths.folder(output, "--output");
        SineExperiment.Options options = new SineExperiment.Options(steps, period, window,
                shape.resolve(NetworkShape.seed()), training.resolve(), seed, output);
        SineExperiment.Result r;
        try (Progress progress = Progress.start("sine", steps, quiet)) {
            r = SineExperiment.run(options, progress);
        }
        System.out.printf("network: %s; %,d parameters%n", options.network().describe(1, 1), r.parameters());
        System.out.printf("NRMSE over the last %d steps: %.4f (predicting the last value: %.4f)%n", r.scoredSteps(),
                r.nrmse(), r.baselineNrmse());
        System.out.printf("mean anomaly score over the last period: %.3f%n", r.meanAnomaly());
        System.out.printf("speed: %.1f steps/s (window %d, %s, %s, 1 stream)%n", r.stepsPerSecond(), window,
                options.training().describe(), Environment.describe());
        System.out.println("steps ran on: " + r.path());
        System.out.println("plots:");
        r.plots().forEach(p -> System.out.println("  " + p.toAbsolutePath()));
        return 0;
    }
}
