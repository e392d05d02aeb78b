package org.deephtm.examples.nab;

/**
 * The constants and functions of NAB's scoring rules (numenta/NAB, {@code nab/sweeper.py} and
 * {@code nab/util.py}); {@link NabScorer} says how they combine.
 */
public final class NabRules {

    /** Share of each file in the probationary period. */
    public static final double PROBATIONARY_PERCENT = 0.15;
    /** The probationary period is at most {@code PROBATIONARY_PERCENT * 5000} = 750 rows. */
    public static final int PROBATIONARY_CAP_ROWS = 5000;

    private NabRules() {
    }

    /** {@code min(floor(0.15 n), 0.15 * 5000)}: rows at the start of an n-row file that are not scored. */
    public static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(PROBATIONARY_PERCENT * rows), PROBATIONARY_PERCENT * PROBATIONARY_CAP_ROWS);
    }

    /**
     * NAB's scaled sigmoid {@code S(x) = 2 / (1 + exp(5x)) - 1}, and -1 for {@code x > 3}: about 0.987 at
     * x = -1 (a window's left edge), 0 at x = 0 (its right edge), about -0.987 at x = 1 (a window's
     * width past it).
     */
    public static double scaledSigmoid(double x) {
        if (x > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }
}
