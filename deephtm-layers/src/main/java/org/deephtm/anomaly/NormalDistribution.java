package org.deephtm.anomaly;

import java.io.Serializable;

/**
 * The normal distribution that {@link AnomalyLikelihood} fits to recent averaged anomaly scores,
 * and its two-sided tail probability (the Q function):
 * <pre>
 *   x' = x                 if x &gt;= mean
 *   x' = 2 mean - x        if x &lt;  mean    (the Gaussian is symmetric: mirror onto the upper tail)
 *   tail(x) = Q((x' - mean) / stdev) = 1/2 erfc((x' - mean) / (stdev sqrt 2))
 * </pre>
 * {@code tail} is 1/2 at the mean and falls towards 0 in both directions: the chance of a sample at
 * least as far from the mean as {@code x}, on its side.
 *
 * <p>nupic divides by 1.4142 instead of {@code sqrt 2}; the relative difference in the argument is
 * below 3e-5, far below the estimate's own noise, so this class uses the exact constant.
 * {@code erfc} is computed as the regularised upper incomplete gamma function
 * {@code erfc(z) = Q(1/2, z^2)} (series below {@code z^2 = 1.5}, Lentz's continued fraction above),
 * accurate to about 1e-15 relative; Java's standard library has no {@code erfc}.
 *
 * @param mean     the mean of the averaged anomaly scores
 * @param variance their variance (population variance, as numpy's {@code var})
 * @param stdev    {@code sqrt(variance)}
 */
public record NormalDistribution(double mean, double variance, double stdev) implements Serializable {

    /** nupic's lower bound on the mean: a blip after a long run of near-zero scores is not red. */
    public static final double MIN_MEAN = 0.03;
    /** nupic's lower bound on the variance, against rounding errors and constant scores. */
    public static final double MIN_VARIANCE = 0.0003;

    /** The very broad distribution nupic uses when there is too little data: everything is likely. */
    public static final NormalDistribution NULL = new NormalDistribution(0.5, 1e6, 1e3);

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 1000;

    public NormalDistribution {
        if (!(variance >= 0)) {
            throw new IllegalArgumentException("variance must be >= 0, got " + variance);
        }
    }

    /**
     * Fits the samples {@code [from, to)}.
     *
     * @param lowerBounds raise the mean to at least {@link #MIN_MEAN} and the variance to at least
     *                    {@link #MIN_VARIANCE}, as nupic does for anomaly scores (not for metric values)
     */
    public static NormalDistribution estimate(double[] samples, int from, int to, boolean lowerBounds) {
        if (from < 0 || to > samples.length || from >= to) {
            throw new IllegalArgumentException("need a non-empty range of samples, got [" + from + ", " + to
                    + ") of " + samples.length);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i];
        }
        double mean = sum / (to - from);
        double squares = 0;
        for (int i = from; i < to; i++) {
            squares += (samples[i] - mean) * (samples[i] - mean);
        }
        double variance = squares / (to - from);
        if (lowerBounds) {
            mean = Math.max(mean, MIN_MEAN);
            variance = Math.max(variance, MIN_VARIANCE);
        }
        return new NormalDistribution(mean, variance, Math.sqrt(variance));
    }

    /** The probability of a sample at least as far from the mean as {@code x}, on its side; 1/2 at the mean. */
    public double tailProbability(double x) {
        double upper = x < mean ? 2 * mean - x : x;
        if (stdev == 0) {
            return upper == mean ? 0.5 : 0.0;
        }
        double z = (upper - mean) / stdev;
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** The complementary error function {@code erfc(z) = 2/sqrt(pi) * integral_z^inf exp(-t^2) dt}. */
    public static double erfc(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (z < 0) {
            return 2 - erfc(-z);
        }
        double x = z * z;
        if (x == 0) {
            return 1;
        }
        return x < 1.5 ? 1 - lowerGammaHalf(x) : upperGammaHalf(x);
    }

    /** P(1/2, x), the regularised lower incomplete gamma function, by its series. */
    private static double lowerGammaHalf(double x) {
        double a = 0.5;
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
            term *= x / (a + n);
            sum += term;
        }
        return sum * Math.exp(-x + a * Math.log(x) - LOG_SQRT_PI);
    }

    /** Q(1/2, x), the regularised upper incomplete gamma function, by Lentz's continued fraction. */
    private static double upperGammaHalf(double x) {
        double a = 0.5;
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - LOG_SQRT_PI) * h;
    }
}
