package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HTM boosting: columns that win less often than the target density get their overlaps scaled up
 * before inhibition, so that every column gets to learn.
 *
 * <pre>
 *   beta = exp(boostStrength * (targetDensity - dutyCycle))
 *
 *   beta
 *    |*
 *    | *
 *    |  **
 *  1 +----***------------   dutyCycle == targetDensity
 *    |        ******
 *    +----------------- dutyCycle
 * </pre>
 *
 * The duty cycle is a running average of how often each column wins, updated from the winners of
 * the training examples (never by the optimiser).
 */
public final class Boost {

    private Boost() {
    }

    /**
     * @param dutyCycle [1, C], read without gradient
     * @return [1, C] boost factors
     */
    public static SDVariable factors(SameDiff sd, SDVariable dutyCycle, double targetDensity,
            double boostStrength) {
        return sd.math.exp(dutyCycle.rsub(targetDensity).mul(boostStrength));
    }

    /**
     * Moves the duty cycle towards the winners of {@code examples} new examples, as if they had
     * been seen one at a time (the form nupic.torch uses):
     * {@code d <- d + (winCounts - examples * d) / period}. For one example this is the moving
     * average {@code d <- d + (m - d) / period}.
     *
     * @param dutyCycle [1, C], updated in place
     * @param winCounts [1, C] how many of the examples each column won
     */
    public static void updateDutyCycle(INDArray dutyCycle, INDArray winCounts, long examples, int period) {
        long effectiveExamples = Math.min(examples, period);
        dutyCycle.muli(1.0 - (double) effectiveExamples / period)
                .addi(winCounts.mul((double) effectiveExamples / examples / period));
    }
}
