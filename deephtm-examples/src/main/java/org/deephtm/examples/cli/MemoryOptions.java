package org.deephtm.examples.cli;

import org.bytedeco.javacpp.Pointer;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The sizes every seed network has, {@code --columns}, {@code --active-columns},
 * {@code --cells-per-column}, its memory's {@code --connectivity} and {@code --min-hit-rate}, and its
 * {@code --window}: each named after the
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

    @Option(names = "--connectivity", paramLabel = "dense|segments", converter = ConnectivityConverter.class,
            description = "How the memory's cells connect: dense (an N x N matrix, for small memories) or segments "
                    + "(HTM's dendritic segments, grown as HTM grows them) (default: the command's preset, "
                    + "segments for sequences and dense for the others).")
    TemporalMemory.Connectivity connectivity;

    @Option(names = "--min-hit-rate", paramLabel = "RATE",
            description = "Segments only: the share of a segment's recent visits its column must have followed for it "
                    + "to predict; 0 predicts from every matching segment. About 0.33 lets the memory reset its "
                    + "context where noise from a small set follows a sequence (default: ${DEFAULT-VALUE}).")
    double minHitRate;

    @Option(names = "--window", paramLabel = "W",
            description = "Steps per training pass; 1 learns every step (default: ${DEFAULT-VALUE}).")
    int window;

    MemoryOptions(SeedNetwork.Builder preset) {
        columns = preset.columns();
        activeColumns = preset.activeColumns();
        cellsPerColumn = preset.cellsPerColumn();
        connectivity = preset.connectivity();
        minHitRate = preset.minHitRate();
        window = preset.window();
    }

    /** The old name of {@code --cells-per-column} in frames, sequences and sweep, still read. */
    @Option(names = "--cells", hidden = true, paramLabel = "N")
    void cells(int cells) {
        this.cellsPerColumn = cells;
    }

    /** {@code network} with these sizes, once they are proven to fit in memory. */
    SeedNetwork.Builder applyTo(SeedNetwork.Builder network) {
        requireFits(columns, cellsPerColumn, connectivity);
        requireSegmentsForHitRate(minHitRate, connectivity);
        return network.columns(columns).activeColumns(activeColumns).cellsPerColumn(cellsPerColumn)
                .connectivity(connectivity).minHitRate(minHitRate).window(window);
    }

    /** Fails when {@code --min-hit-rate} is given to a memory without segments to count. */
    static void requireSegmentsForHitRate(double minHitRate, TemporalMemory.Connectivity connectivity) {
        if (minHitRate != 0 && connectivity != TemporalMemory.Connectivity.SEGMENTS) {
            throw new IllegalArgumentException("--min-hit-rate needs --connectivity segments: a dense memory has no "
                    + "segments to count, got --min-hit-rate " + minHitRate + " with --connectivity "
                    + connectivity.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Fails, before anything is allocated, when a temporal memory's weights cannot be learned online
     * in this JVM: the dense memory's {@code (columns x cellsPerColumn)^2} distal weights, the
     * segment memory's {@code cells x segmentsPerCell x synapsesPerSegment} synapses. The engine
     * keeps each weight and two Adam moments on the heap (12 bytes, and 4 more for a synapse's
     * presynaptic cell), DL4J the parameters, gradients and moments off it (16 bytes a weight, 20 a
     * synapse).
     */
    private static void requireFits(int columns, int cellsPerColumn, TemporalMemory.Connectivity connectivity) {
        long cells = (long) columns * cellsPerColumn;
        boolean segments = connectivity == TemporalMemory.Connectivity.SEGMENTS;
        TemporalMemory defaults = new TemporalMemory.Builder().build();
        double weights = segments ? (double) cells * defaults.getSegmentsPerCell() * defaults.getSynapsesPerSegment()
                : (double) cells * cells;
        double heap = (segments ? 16 : 12) * weights;
        double offHeap = (segments ? 20 : 16) * weights;
        long maxHeap = Runtime.getRuntime().maxMemory();
        long maxOffHeap = Pointer.maxBytes();
        if (heap > USABLE * maxHeap || offHeap > USABLE * maxOffHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a temporal memory of %,d columns x %d "
                    + "cells has %,.0f %s: learning them online takes about %.1f GB of heap and %.1f GB off it, more "
                    + "than this JVM may use (%.1f GB and %.1f GB); use fewer --columns or --cells-per-column%s, or "
                    + "give Java more memory (DEEPHTM_JAVA_OPTS=\"%s\")", columns, cellsPerColumn, weights,
                    segments ? "synapse slots" : "distal weights", heap / 1e9, offHeap / 1e9, maxHeap / 1e9,
                    maxOffHeap / 1e9, segments ? "" : ", or --connectivity segments", javaOptions(heap, offHeap)));
        }
    }

    /** The share of a memory limit the weights may take; the rest is for everything else. */
    private static final double USABLE = 0.8;

    /**
     * The smallest Java options under which {@code heap} and {@code offHeap} bytes fit: JavaCPP's
     * off-heap limit is the heap's size unless {@code org.bytedeco.javacpp.maxbytes} sets it.
     */
    static String javaOptions(double heap, double offHeap) {
        long heapGiB = gibibytes(heap / USABLE);
        long offHeapGiB = gibibytes(offHeap / USABLE);
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null
                && System.getProperty("org.bytedeco.javacpp.maxBytes") == null) {
            return "-Xmx" + Math.max(heapGiB, offHeapGiB) + "g";
        }
        return "-Xmx" + heapGiB + "g -Dorg.bytedeco.javacpp.maxbytes=" + offHeapGiB + "g";
    }

    /** Whole GiB, rounded up: what -Xmx...g counts. */
    private static long gibibytes(double bytes) {
        return (long) Math.ceil(bytes / (1L << 30));
    }

    static final class ConnectivityConverter implements ITypeConverter<TemporalMemory.Connectivity> {
        @Override
        public TemporalMemory.Connectivity convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "dense" -> TemporalMemory.Connectivity.DENSE;
                case "segments" -> TemporalMemory.Connectivity.SEGMENTS;
                default -> throw new IllegalArgumentException("unknown connectivity '" + value
                        + "': use dense or segments");
            };
        }
    }
}
