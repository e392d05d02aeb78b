package org.deephtm.examples.cli;

import org.deephtm.examples.network.NetworkShape;
import picocli.CommandLine.Option;

/** The network size options that {@code sine} and {@code predict} share; unset ones keep the command's default. */
final class NetworkShapeOptions {

    @Option(names = "--encoder-size", paramLabel = "N", description = "Units of each Dense encoder layer.")
    Integer encoderSize;

    @Option(names = "--columns", paramLabel = "N", description = "Spatial pooler columns.")
    Integer columns;

    @Option(names = "--active-columns", paramLabel = "K", description = "Active columns per step.")
    Integer activeColumns;

    @Option(names = "--cells-per-column", paramLabel = "N", description = "Temporal memory cells per column.")
    Integer cellsPerColumn;

    @Option(names = "--decoder-size", paramLabel = "N", description = "Units of the Dense decoder layer.")
    Integer decoderSize;

    NetworkShape resolve(NetworkShape defaults) {
        return new NetworkShape(or(encoderSize, defaults.encoderSize()), or(columns, defaults.columns()),
                or(activeColumns, defaults.activeColumns()), or(cellsPerColumn, defaults.cellsPerColumn()),
                or(decoderSize, defaults.decoderSize()));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
