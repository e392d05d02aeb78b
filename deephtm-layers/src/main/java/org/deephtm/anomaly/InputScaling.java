package org.deephtm.anomaly;

import java.io.Serializable;

/** The running min-max rescaling to [-1, 1] of the values seen so far, the value included (0 while flat). */
final class InputScaling implements Serializable {

    private static final long serialVersionUID = 1L;

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    float scale(double value) {
        min = Math.min(min, value);
        max = Math.max(max, value);
        return (float) (max > min ? 2 * (value - min) / (max - min) - 1 : 0);
    }

    /** The width of the range seen so far, 0 while flat or before any value. */
    double range() {
        return max > min ? max - min : 0;
    }

    /** The value a scaled {@code x} stands for in the range seen so far (the one value while flat; NaN before any). */
    double unscale(float x) {
        return max > min ? min + (x + 1) / 2.0 * (max - min) : max == min ? min : Double.NaN;
    }
}
