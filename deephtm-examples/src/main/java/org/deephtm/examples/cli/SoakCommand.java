package org.deephtm.examples.cli;

import org.deephtm.examples.soak.SoakExperiment;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deephtm soak}: a long online stream watched for drift, leaks and slow-down. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Streams a sine with noise and a change of pattern in every block through the seed network "
                + "on the online engine, learning every step, and reports per block: next-step NRMSE, the anomaly "
                + "score on the learned pattern, non-finite values, heap, native and resident memory, steps/s."})
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "1000000", paramLabel = "N",
            description = "Stream length (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--block", defaultValue = "100000", paramLabel = "N",
            description = "Steps per report (default: ${DEFAULT-VALUE}).")
    int block;

    @Mixin
    SeedOption seed = new SeedOption(SeedNetwork.builder().seed());

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/soak");

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        SoakExperiment.Options o = new SoakExperiment.Options(steps, block, seed.seed, output.folder());
        SoakExperiment.Result r;
        try (Progress progress = quiet.progress("soak", steps)) {
            r = SoakExperiment.run(o, progress);
        }
        System.out.printf(Locale.ROOT, "%12s %8s %11s %9s %10s %9s %10s %12s %9s%n", "steps", "NRMSE",
                "last value", "anomaly",
                "non-finite", "heap MB", "native MB", "resident MB", "steps/s");
        for (SoakExperiment.Block b : r.blocks()) {
            System.out.printf(Locale.ROOT, "%,12d %8.4f %11.4f %9.4f %10d %9.1f %10.1f %12.1f %9.0f%n",
                    b.endStep(), b.nrmse(), b.lastValueNrmse(), b.learnedAnomaly(), b.nonFinite(), b.heapBytes() / 1e6, b.nativeBytes() / 1e6,
                    b.residentBytes() / 1e6, b.stepsPerSecond());
        }
        System.out.printf(Locale.ROOT, "non-finite values: %d; last block's NRMSE / second block's: %.3f%n",
                r.nonFinite(), r.lastOverSecondNrmse());
        System.out.println("speed: " + Environment.describe());
        System.out.println("wrote:");
        System.out.println("  " + r.csv().toAbsolutePath());
        System.out.println("  " + r.plot().toAbsolutePath());
        return 0;
    }
}
