package org.deephtm.examples.cli;

import picocli.CommandLine.Option;

/** {@code --seed}, starting at the command's preset. */
final class SeedOption {

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the network's initial weights, and of the "
            + "data where the command makes its own (default: ${DEFAULT-VALUE}).")
    long seed;

    SeedOption(long preset) {
        seed = preset;
    }
}
