package org.deephtm.layers.ops;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BoostTest {

    @Test
    void liftsColumnsBelowTheTargetDensityInUnitsOfTheRowsSpread() {
        SameDiff sd = SameDiff.create();
        // overlaps -1, -1, 2: mean 0, population standard deviation sqrt(2)
        SDVariable overlap = sd.constant(Nd4j.createFromArray(new double[][] {{-1.0, -1.0, 2.0}}));
        SDVariable duty = sd.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.5, 0.1}}));
        INDArray boosted = Boost.apply(sd, overlap, duty, 0.1, 2.0).eval();
        double spread = Math.sqrt(2);
        assertEquals(-1.0 + 0.2 * spread, boosted.getDouble(0), 1e-12, "a starved column moves up, even below zero");
        assertEquals(-1.0 - 0.8 * spread, boosted.getDouble(1), 1e-12, "a column winning too often moves down");
        assertEquals(2.0, boosted.getDouble(2), 1e-12, "a column at the target density keeps its overlap");
    }

    @Test
    void theLiftScalesWithTheOverlaps() {
        SameDiff sd = SameDiff.create();
        SDVariable duty = sd.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.3}}));
        INDArray small = Boost.apply(sd, sd.constant(Nd4j.createFromArray(new double[][] {{1.0, 2.0}})), duty, 0.1, 5)
                .eval();
        INDArray large = Boost.apply(sd, sd.constant(Nd4j.createFromArray(new double[][] {{10.0, 20.0}})), duty, 0.1,
                5).eval();
        assertEquals(small.mul(10), large);
    }

    @Test
    void aBatchMovesTheDutyCycleAsItsExamplesWouldOneAtATimeOnAverage() {
        INDArray duty = Nd4j.createFromArray(new double[][] {{0.2, 0.0, 1.0}});
        INDArray counts = Nd4j.createFromArray(new double[][] {{3, 0, 4}});
        Boost.updateDutyCycle(duty, counts, 4, 100);
        // d <- d + (counts - n d) / period
        assertEquals(0.2 + (3 - 0.8) / 100, duty.getDouble(0), 1e-12);
        assertEquals(0.0, duty.getDouble(1), 1e-12);
        assertEquals(1.0, duty.getDouble(2), 1e-12);
    }

    @Test
    void aSingleExampleIsTheMovingAverage() {
        INDArray duty = Nd4j.createFromArray(new double[][] {{0.5}});
        Boost.updateDutyCycle(duty, Nd4j.createFromArray(new double[][] {{1}}), 1, 10);
        assertEquals(0.5 + (1 - 0.5) / 10, duty.getDouble(0), 1e-12);
    }

    @Test
    void aBatchLongerThanThePeriodReplacesTheDutyCycleByItsMean() {
        INDArray duty = Nd4j.createFromArray(new double[][] {{0.9}});
        Boost.updateDutyCycle(duty, Nd4j.createFromArray(new double[][] {{5}}), 20, 10);
        assertEquals(0.25, duty.getDouble(0), 1e-12);
    }
}
