package org.deephtm.examples.cli;

import org.deephtm.examples.network.NetworkShape;
import picocli.CommandLine.Option;

/** The network options that {@code sine} and {@code predict} share; unset ones keep the command's default. */
final class NetworkShapeOptions {

    @Option(names = "--forum-thread", description = "The forum thread's network instead of the defaults: a Dense "
            + "encoder, a spatial pooler that learns and boosts, the predicted cells to the decoder.")
    boolean forumThread;

    @Option(names = "--buckets", paramLabel = "N", description = "Scalar encoder buckets per input (default: 64).")
    Integer buckets;

    @Option(names = "--encoder-size", paramLabel = "N",
            description = "Units of each Dense encoder layer (--forum-thread; default: 256).")
    Integer encoderSize;

    @Option(names = "--columns", paramLabel = "N", description = "Spatial pooler columns (default: 256).")
    Integer columns;

    @Option(names = "--active-columns", paramLabel = "K", description = "Active columns per step (default: 5).")
    Integer activeColumns;

    @Option(names = "--cells-per-column", paramLabel = "N",
            description = "Temporal memory cells per column (default: 5).")
    Integer cellsPerColumn;

    @Option(names = "--decoder-size", paramLabel = "N", description = "Units of the Dense decoder layer (default: 256).")
    Integer decoderSize;

    NetworkShape resolve(NetworkShape defaults) {
        return new NetworkShape(forumThread || defaults.forumThread(), or(buckets, defaults.buckets()),
                or(encoderSize, defaults.encoderSize()), or(columns, defaults.columns()),
                or(activeColumns, defaults.activeColumns()), or(cellsPerColumn, defaults.cellsPerColumn()),
                or(decoderSize, defaults.decoderSize()));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
