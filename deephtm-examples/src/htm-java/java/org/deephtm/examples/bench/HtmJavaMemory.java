package org.deephtm.examples.bench;

import org.numenta.nupic.Parameters;
import org.numenta.nupic.Parameters.KEY;
import org.numenta.nupic.algorithms.Anomaly;
import org.numenta.nupic.algorithms.TemporalMemory;
import org.numenta.nupic.model.ComputeCycle;
import org.numenta.nupic.model.Connections;
import org.numenta.nupic.util.MersenneTwister;

/**
 * htm.java's {@code TemporalMemory} with the parameters of HTM's sequence experiments (Cui, Ahmad
 * and Hawkins 2016: activation and match thresholds 15, 32 new synapses, permanences 0.21 initial,
 * 0.5 connected, 0.1 up and down, 0.02 for a wrong prediction, 128 segments per cell and synapses
 * per segment). Compiled only by the {@code htm-java} profile.
 */
public final class HtmJavaMemory implements ReferenceMemory {

    private final Connections connections = new Connections();
    private final TemporalMemory memory = new TemporalMemory();
    private final int columns;
    private final int cellsPerColumn;
    private int[] predictedColumns = new int[0];
    private double anomaly = Double.NaN;

    public HtmJavaMemory(int columns, int cellsPerColumn, long seed) {
        this.columns = columns;
        this.cellsPerColumn = cellsPerColumn;
        Parameters p = Parameters.getTemporalDefaultParameters();
        p.set(KEY.COLUMN_DIMENSIONS, new int[] {columns});
        p.set(KEY.CELLS_PER_COLUMN, cellsPerColumn);
        p.set(KEY.ACTIVATION_THRESHOLD, 15);
        p.set(KEY.MIN_THRESHOLD, 15);
        p.set(KEY.MAX_NEW_SYNAPSE_COUNT, 32);
        p.set(KEY.INITIAL_PERMANENCE, 0.21);
        p.set(KEY.CONNECTED_PERMANENCE, 0.5);
        p.set(KEY.PERMANENCE_INCREMENT, 0.1);
        p.set(KEY.PERMANENCE_DECREMENT, 0.1);
        p.set(KEY.PREDICTED_SEGMENT_DECREMENT, 0.02);
        p.set(KEY.MAX_SEGMENTS_PER_CELL, 128);
        p.set(KEY.MAX_SYNAPSES_PER_SEGMENT, 128);
        p.set(KEY.SEED, (int) seed);
        p.set(KEY.RANDOM, new MersenneTwister((int) seed));
        p.apply(connections);
        TemporalMemory.init(connections);
    }

    @Override
    public String describe() {
        return "htm.java 0.6.13 TemporalMemory, " + columns + " x " + cellsPerColumn + ", Cui et al.'s parameters";
    }

    @Override
    public void compute(int[] activeColumns) {
        ComputeCycle cycle = memory.compute(connections, activeColumns, true);
        anomaly = Anomaly.computeRawAnomalyScore(activeColumns, predictedColumns);
        predictedColumns = cycle.predictiveCells().stream().mapToInt(c -> c.getColumn().getIndex())
                .distinct().sorted().toArray();
    }

    @Override
    public double anomaly() {
        return anomaly;
    }

    @Override
    public long synapses() {
        return connections.numSynapses();
    }
}
