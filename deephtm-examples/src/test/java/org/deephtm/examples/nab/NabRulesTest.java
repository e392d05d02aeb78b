package org.deephtm.examples.nab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NabRulesTest {

    @Test
    void theProbationaryPeriodIsFifteenPercentOfTheFile() {
        assertEquals(6, NabRules.probationaryLength(40));
        assertEquals(604, NabRules.probationaryLength(4032));
    }

    @Test
    void theProbationaryPeriodIsAtMost750Rows() {
        assertEquals(750, NabRules.probationaryLength(5000));
        assertEquals(750, NabRules.probationaryLength(22695));
    }

    @Test
    void theScaledSigmoidRunsFromAlmostOneAtTheWindowStartToMinusOneFarAfterIt() {
        assertEquals(Math.tanh(2.5), NabRules.scaledSigmoid(-1), 1e-15); // 0.98661
        assertEquals(0.0, NabRules.scaledSigmoid(0), 1e-15);
        assertEquals(-Math.tanh(2.5), NabRules.scaledSigmoid(1), 1e-15);
        assertEquals(-Math.tanh(7.5), NabRules.scaledSigmoid(3), 1e-15);
        assertEquals(-1.0, NabRules.scaledSigmoid(3.01), 0);
    }
}
