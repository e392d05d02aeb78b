package org.deephtm.layers.ops;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PotentialPoolTest {

    @Test
    void everyColumnConnectsToTheSameNumberOfInputs() {
        Nd4j.getRandom().setSeed(3);
        INDArray pool = PotentialPool.sample(40, 25, 0.3);
        assertEquals(40, pool.size(0));
        assertEquals(25, pool.size(1));
        assertEquals(Nd4j.valueArrayOf(new long[] {25}, 12.0).castTo(pool.dataType()), pool.sum(0));
        assertEquals(0.0, pool.mul(pool.rsub(1)).sumNumber().doubleValue(), 0.0, "entries are 0 or 1");
    }

    @Test
    void columnsDrawDifferentPools() {
        Nd4j.getRandom().setSeed(3);
        INDArray pool = PotentialPool.sample(40, 2, 0.5);
        assertNotEquals(pool.getColumn(0), pool.getColumn(1));
    }

    @Test
    void aTinyFractionStillConnectsOneInput() {
        assertEquals(Nd4j.ones(3).castTo(Nd4j.defaultFloatingPointType()),
                PotentialPool.sample(10, 3, 0.01).sum(0).castTo(Nd4j.defaultFloatingPointType()));
    }
}
