package org.deephtm.examples.network;

import org.deephtm.networks.SeedNetwork;

/**
 * The sizes of the seed network's layers, as the commands let a user choose them:
 * <pre>
 *   x_t -> Dense encoderSize ReLU x2 -> SpatialPooler columns, activeColumns winners
 *       -> TemporalMemory cellsPerColumn cells per column -> Dense decoderSize ReLU -> output
 * </pre>
 *
 * @param encoderSize    units of each of the two Dense encoder layers
 * @param columns        spatial pooler columns
 * @param activeColumns  columns active per step
 * @param cellsPerColumn temporal memory cells per column
 * @param decoderSize    units of the Dense decoder layer
 */
public record NetworkShape(int encoderSize, int columns, int activeColumns, int cellsPerColumn, int decoderSize) {

    public NetworkShape {
        if (encoderSize < 1 || decoderSize < 1) {
            throw new IllegalArgumentException("encoder and decoder sizes must be >= 1, got " + encoderSize
                    + " and " + decoderSize);
        }
        if (activeColumns < 1 || activeColumns >= columns) {
            throw new IllegalArgumentException("active columns (" + activeColumns + ") must be in [1, columns ("
                    + columns + "))");
        }
        if (cellsPerColumn < 1) {
            throw new IllegalArgumentException("cells per column must be >= 1, got " + cellsPerColumn);
        }
    }

    /** The forum thread's network: Dense 256, 256 columns with 5 active, 5 cells each, Dense 256. */
    public static NetworkShape seed() {
        return new NetworkShape(256, 256, 5, 5, 256);
    }

    /** A {@link SeedNetwork} builder with these sizes, open to the other options. */
    public SeedNetwork.Builder builder() {
        return SeedNetwork.builder().encoderSize(encoderSize).columns(columns).activeColumns(activeColumns)
                .cellsPerColumn(cellsPerColumn).decoderSize(decoderSize);
    }

    /** "Dense 1-256-256, SpatialPooler 256 columns/5 active, TemporalMemory 5 cells per column, Dense 256-1". */
    public String describe(int inputs, int outputs) {
        return "Dense " + inputs + "-" + encoderSize + "-" + encoderSize + ", SpatialPooler " + columns + " columns/"
                + activeColumns + " active, TemporalMemory " + cellsPerColumn + " cells per column, Dense "
                + decoderSize + "-" + outputs;
    }
}
