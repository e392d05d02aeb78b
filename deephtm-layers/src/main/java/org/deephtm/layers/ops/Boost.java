package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HTM boosting: columns that win less often than the target density are favoured in the
 * competition, so that every column gets to win and learn.
 *
 * <pre>
 *   lift    = boostStrength * (targetDensity - dutyCycle)          per column
 *   boosted = overlap + lift * spread(overlap)                     spread: the row's standard deviation
 *
 *   lift
 *    |*
 *    | **
 *  0 +---****-------------   dutyCycle == targetDensity
 *    |       *****
 *    |            ******
 *    +--------------------- dutyCycle
 * </pre>
 *
 * HTM multiplies overlaps by {@code exp(lift)}, which assumes overlaps are non-negative (they
 * count connected active inputs) and on a fixed scale. Learned overlaps are signed, and their
 * scale grows as the weights learn: multiplying a negative overlap by a large factor pushes a
 * starved column further down, and a fixed additive lift is outgrown by the weights. Adding the
 * lift in units of the row's spread of overlaps moves every starved column up whatever its sign,
 * and keeps {@code boostStrength} meaningful at any scale: a column is lifted (or held down) by
 * {@code lift} standard deviations. The boosted overlaps are differentiable through the spread
 * too (it matters in SOFT mode, where they reach the output). The duty cycle is a running average
 * of how often each column wins, updated from the winners of the training examples (never by the
 * optimiser).
 */
public final class Boost {

    /** Added to the spread, so that a row of equal overlaps boosts nothing instead of dividing by 0. */
    public static final double MIN_SPREAD = 1e-12;

    private Boost() {
    }

    /**
     * @param overlap   [b, C]
     * @param dutyCycle [1, C], read without gradient
     * @return [b, C] the boosted overlaps
     */
    public static SDVariable apply(SameDiff sd, SDVariable overlap, SDVariable dutyCycle, double targetDensity,
            double boostStrength) {
        return overlap.add(lift(dutyCycle, targetDensity, boostStrength).mul(spread(sd, overlap)));
    }

    /**
     * The gradient of the overlaps given that of the boosted overlaps:
     * {@code do_j = dob_j + sum_c(dob_c lift_c) (o_j - mean(o)) / (C spread)}, the second term from the
     * spread's dependence on the overlaps.
     */
    public static SDVariable applyBackward(SameDiff sd, SDVariable dBoosted, SDVariable overlap, SDVariable dutyCycle,
            double targetDensity, double boostStrength) {
        SDVariable liftWeighted = dBoosted.mul(lift(dutyCycle, targetDensity, boostStrength)).sum(true, 1);
        SDVariable centred = overlap.sub(overlap.mean(true, 1));
        SDVariable columns = sd.onesLike(overlap).sum(true, 1);
        return dBoosted.add(centred.mul(liftWeighted).div(spread(sd, overlap).mul(columns)));
    }

    private static SDVariable lift(SDVariable dutyCycle, double targetDensity, double boostStrength) {
        return dutyCycle.rsub(targetDensity).mul(boostStrength);
    }

    /** The row's population standard deviation, [b, 1], kept away from 0. */
    private static SDVariable spread(SameDiff sd, SDVariable overlap) {
        return sd.standardDeviation(overlap, false, true, 1).add(MIN_SPREAD);
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
