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
    void factorsFavourColumnsBelowTheTargetDensity() {
        SameDiff sd = SameDiff.create();
        SDVariable duty = sd.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.1, 0.5}}));
        INDArray beta = Boost.factors(sd, duty, 0.1, 2.0).eval();
        assertEquals(Math.exp(2.0 * 0.1), beta.getDouble(0), 1e-12);
        assertEquals(1.0, beta.getDouble(1), 1e-12);
        assertEquals(Math.exp(2.0 * -0.4), beta.getDouble(2), 1e-12);
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
