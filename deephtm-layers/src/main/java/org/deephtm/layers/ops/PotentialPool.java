package org.deephtm.layers.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HTM's potential pool: each column may connect to a fixed random subset of the inputs.
 * Drawn once, from ND4J's random generator (which DL4J seeds from the network's seed at init).
 */
public final class PotentialPool {

    private PotentialPool() {
    }

    /**
     * @return [nIn, columns] mask with exactly max(1, round(potentialPct * nIn)) ones per column
     */
    public static INDArray sample(long nIn, long columns, double potentialPct) {
        long connected = Math.max(1, Math.round(potentialPct * nIn));
        // One random key per (column, input); a column connects to the inputs with its largest keys.
        INDArray keys = Nd4j.rand(DataType.DOUBLE, columns, nIn);
        INDArray threshold = Nd4j.exec(new NthLargest(keys, connected - 1))[0].reshape(columns, 1);
        return keys.subiColumnVector(threshold).gte(0).castTo(DataType.DOUBLE).transpose().dup('c');
    }
}
