package org.deephtm.examples.cli;

import org.bytedeco.javacpp.Pointer;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The sizes every seed network has, {@code --columns}, {@code --active-columns},
 * {@code --cells-per-column}, and its {@code --window}: each named after the
 * {@link SeedNetwork.Builder} option it sets, each starting at the command's preset (what
 * {@code --help} shows). The builder checks them, with messages naming them.
 */
final class MemoryOptions {

    @Option(names = "--columns", paramLabel = "N", description = "Spatial pooler columns (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--active-columns", paramLabel = "K",
            description = "Columns active per step (default: ${DEFAULT-VALUE}).")
    int activeColumns;

    @Option(names = "--cells-per-column", paramLabel = "N",
            description = "Temporal memory cells per column (default: ${DEFAULT-VALUE}).")
    int cellsPerColumn;

    @Option(names = "--window", paramLabel = "W",
            description = "Steps per training pass; 1 learns every step (default: ${DEFAULT-VALUE}).")
    int window;

    MemoryOptions(SeedNetwork.Builder preset) {
        columns = preset.columns();
        activeColumns = preset.activeColumns();
        cellsPerColumn = preset.cellsPerColumn();
        window = preset.window();
    }

    /** The old name of {@code --cells-per-column} in frames, sequences and sweep, still read. */
    @Option(names = "--cells", hidden = true, paramLabel = "N")
    void cells(int cells) {
        this.cellsPerColumn = cells;
    }

    /** {@code network} with these sizes, once they are proven to fit in memory. */
    SeedNetwork.Builder applyTo(SeedNetwork.Builder network) {
        requireFits(columns, cellsPerColumn);
        return network.columns(columns).activeColumns(activeColumns).cellsPerColumn(cellsPerColumn).window(window);
    }

    /**
     * Fails, before anything is allocated, when a temporal memory's distal matrix ({@code (columns
     * x cellsPerColumn)^2} weights) cannot be learned online in this JVM: the engine keeps the
     * weights and two Adam moments on the heap (12 bytes a weight), DL4J the parameters, gradients
     * and moments off it (16 bytes a weight).
     */
    private static void requireFits(int columns, int cellsPerColumn) {
        long cells = (long) columns * cellsPerColumn;
        double weights = (double) cells * cells;
        double heap = 12 * weights;
        double offHeap = 16 * weights;
        long maxHeap = Runtime.getRuntime().maxMemory();
        long maxOffHeap = Pointer.maxBytes();
        if (heap > 0.8 * maxHeap || offHeap > 0.8 * maxOffHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a temporal memory of %,d columns x %d "
                    + "cells has %,.0f distal weights: learning them online takes about %.1f GB of heap and %.1f GB "
                    + "off it, more than this JVM may use (%.1f GB and %.1f GB); use fewer --columns or "
                    + "--cells-per-column, or give Java more memory (DEEPHTM_JAVA_OPTS=-Xmx8g)", columns,
                    cellsPerColumn, weights, heap / 1e9, offHeap / 1e9, maxHeap / 1e9, maxOffHeap / 1e9));
        }
    }
}
