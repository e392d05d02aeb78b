package org.deephtm.examples.network;

import org.bytedeco.javacpp.Pointer;
import org.deephtm.networks.SeedNetwork;

import java.util.Locale;

/**
 * The seed network as the commands let a user choose it: the defaults ({@link SeedNetwork#builder()})
 * or the forum thread's network ({@link SeedNetwork#forumThread()}), and the layers' sizes.
 * <pre>
 *   default:       x_t -> ScalarEncoder buckets -> SpatialPooler columns, activeColumns winners (fixed)
 *                      -> TemporalMemory cellsPerColumn cells, ACTIVE -> Dense decoderSize ReLU -> output
 *   forum thread:  x_t -> Dense encoderSize ReLU x2 -> SpatialPooler (learning, boosting)
 *                      -> TemporalMemory, PREDICTIVE -> Dense decoderSize ReLU -> output
 * </pre>
 *
 * @param forumThread    the forum thread's network instead of the defaults
 * @param buckets        the scalar encoder's buckets per input (defaults only)
 * @param encoderSize    units of each of the two Dense encoder layers (forum thread only)
 * @param columns        spatial pooler columns
 * @param activeColumns  columns active per step
 * @param cellsPerColumn temporal memory cells per column
 * @param decoderSize    units of the Dense decoder layer
 */
public record NetworkShape(boolean forumThread, int buckets, int encoderSize, int columns, int activeColumns,
                           int cellsPerColumn, int decoderSize) {

    public NetworkShape {
        if (encoderSize < 1 || decoderSize < 1) {
            throw new IllegalArgumentException("encoder and decoder sizes must be >= 1, got " + encoderSize
                    + " and " + decoderSize);
        }
        if (buckets < 2) {
            throw new IllegalArgumentException("buckets must be >= 2, got " + buckets);
        }
        if (activeColumns < 1 || activeColumns >= columns) {
            throw new IllegalArgumentException("active columns (" + activeColumns + ") must be in [1, columns ("
                    + columns + "))");
        }
        if (cellsPerColumn < 1) {
            throw new IllegalArgumentException("cells per column must be >= 1, got " + cellsPerColumn);
        }
    }

    /** The defaults: 64 buckets, 256 columns with 5 active, 5 cells each, Dense 256. */
    public static NetworkShape seed() {
        return new NetworkShape(false, 64, 256, 256, 5, 5, 256);
    }

    /** The forum thread's network: Dense 256 x2, 256 columns with 5 active, 5 cells each, Dense 256. */
    public static NetworkShape forum() {
        return new NetworkShape(true, 64, 256, 256, 5, 5, 256);
    }

    /** A {@link SeedNetwork} builder with these sizes, open to the other options. */
    public SeedNetwork.Builder builder() {
        SeedNetwork.Builder b = forumThread ? SeedNetwork.forumThread() : SeedNetwork.builder();
        return b.buckets(buckets).encoderSize(encoderSize).columns(columns).activeColumns(activeColumns)
                .cellsPerColumn(cellsPerColumn).decoderSize(decoderSize);
    }

    /**
     * Fails, before anything is allocated, when the temporal memory's distal matrix ({@code (columns
     * x cellsPerColumn)^2} weights) cannot be learned online in this JVM: the engine keeps the
     * weights and two Adam moments on the heap (12 bytes a weight), DL4J the parameters, gradients
     * and moments off it (16 bytes a weight).
     */
    public void requireFits() {
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
                    + "--cells-per-column, or give Java more memory (DEEPHTM_JAVA_OPTS=-Xmx8g)", columns, cellsPerColumn,
                    weights, heap / 1e9, offHeap / 1e9, maxHeap / 1e9, maxOffHeap / 1e9));
        }
    }

    /** "ScalarEncoder 1x64, SpatialPooler 256 columns/5 active, TemporalMemory 5 cells per column (active), Dense 256-1". */
    public String describe(int inputs, int outputs) {
        String encoder = forumThread ? "Dense " + inputs + "-" + encoderSize + "-" + encoderSize
                : "ScalarEncoder " + inputs + "x" + buckets;
        return encoder + ", SpatialPooler " + columns + " columns/" + activeColumns + " active"
                + (forumThread ? "" : " (fixed)") + ", TemporalMemory " + cellsPerColumn + " cells per column"
                + (forumThread ? " (predictive)" : " (active)") + ", Dense " + decoderSize + "-" + outputs;
    }
}
