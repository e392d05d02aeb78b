package org.deephtm.anomaly;

import java.io.Serializable;

/**
 * HTM's anomaly likelihood: how unusual the recent raw anomaly scores are, given the scores seen
 * before. Raw scores are noisy (a busy stream always has some unpredicted columns); the likelihood
 * flags a change in their level rather than any single high score.
 * <pre>
 *   a_t = mean(s_{t-W+1}, ..., s_t)                  short-term average of raw scores, W = averagingWindow
 *   N(mu, sigma^2) fitted to the a's of the last historicWindowSize steps (minus the learning period),
 *                  refitted every reestimationPeriod steps, with mu &gt;= 0.03 and sigma^2 &gt;= 0.0003
 *   q_t = tail(a_t) = Q(|a_t - mu| / sigma)          Gaussian tail probability, see NormalDistribution
 *   q_t := 0.001   if q_t &lt;= 1e-5 and q_{t-1} &lt;= 1e-5   (only the first of consecutive red values stays red)
 *   L_t = 1 - q_t                                    the anomaly likelihood, in [0.5, 1]
 *   L_t = 0.5      for the first learningPeriod + estimationSamples steps
 *
 *   final score = log(1.0000000001 - L_t) / log(1 - 0.9999999999)     logLikelihood(L_t), in [0.03, 1]
 * </pre>
 * The log transform spreads the interesting range (likelihoods of 0.999, 0.99999...) over [0, 1]:
 * 0.5 maps to 0.03, 0.999 to 0.30, 0.99999 to 0.50, 1 to 1. It is the score NAB's Numenta detector
 * reports. Both tails count: an average well below the usual one is also unusual (L near 1). On a
 * stationary stream the likelihood is spread evenly over [0.5, 1) ({@code Q(|Z|)} of a Gaussian
 * {@code Z} is uniform on (0, 1/2]), so a likelihood of 0.999 happens once in 500 steps by chance.
 *
 * <p>One more rule of nupic's: when the metric values themselves are flat (variance of the values
 * in the estimation range below 1.5e-5), the broad {@link NormalDistribution#NULL} is used and
 * nothing is anomalous. It needs the values, so it applies only through
 * {@link #anomalyProbability(double, double)}.
 *
 * <p>Parameters, with the defaults of nupic's {@code anomaly_likelihood.py} ({@code AnomalyLikelihood}
 * and {@code estimateAnomalyLikelihoods}), which htm.core's {@code AnomalyLikelihood.hpp} keeps:
 * <ul>
 *   <li>{@code learningPeriod} = 288, &gt;= 0: steps the model needs before its scores settle; they
 *       are left out of the first estimates.</li>
 *   <li>{@code estimationSamples} = 100, &gt;= 1: scores for the first estimate, after the learning
 *       period. Likelihoods are 0.5 for {@code learningPeriod + estimationSamples} steps.</li>
 *   <li>{@code historicWindowSize} = 8640 (a month of 5-minute data), &gt;= estimationSamples: the
 *       scores each estimate looks at.</li>
 *   <li>{@code reestimationPeriod} = 100, &gt;= 1: steps between estimates.</li>
 *   <li>{@code averagingWindow} = 10, &gt;= 1: the short-term average's width.</li>
 * </ul>
 * NAB's Numenta detector sets {@code learningPeriod = floor(p / 2)} and
 * {@code estimationSamples = p - floor(p / 2)}, p being NAB's probationary period of the file (15% of
 * its rows, at most 750), and keeps {@code reestimationPeriod = 100}.
 *
 * <p>This class keeps a running moving average and remembers only the last unfiltered tail
 * probability; nupic recomputes the averages from its history at each estimate. The results are the
 * same (the history's last {@code averagingWindow} scores are the moving average's), as long as
 * {@code historicWindowSize >= averagingWindow}.
 *
 * <pre>{@code
 * AnomalyLikelihood likelihood = AnomalyLikelihood.builder().learningPeriod(375).estimationSamples(375).build();
 * for (int t = 0; t < values.length; t++) {
 *     double p = likelihood.anomalyProbability(rawScores[t], values[t]);
 *     double score = AnomalyLikelihood.logLikelihood(p);
 * }
 * }</pre>
 */
public final class AnomalyLikelihood implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The likelihood reported until the first estimate: neither expected nor anomalous. */
    public static final double NEUTRAL = 0.5;

    /** Tail probabilities at or below this are "red" (a likelihood of 0.99999 or more). */
    static final double RED_TAIL = 1.0 - 0.99999;
    /** What a red tail probability following another red one is raised to (a likelihood of 0.999). */
    static final double YELLOW_TAIL = 1.0 - 0.999;
    /** Metric values varying less than this make nupic report nothing as anomalous. */
    static final double FLAT_METRIC_VARIANCE = 1.5e-5;

    private final int learningPeriod;
    private final int estimationSamples;
    private final int historicWindowSize;
    private final int reestimationPeriod;
    private final int averagingWindow;

    private final SlidingWindow historicScores;
    private final SlidingWindow historicValues;
    private final SlidingWindow movingAverage;
    private NormalDistribution distribution;
    private double previousTail = Double.NaN;
    private long iteration;

    private AnomalyLikelihood(Builder b) {
        this.learningPeriod = b.learningPeriod;
        this.estimationSamples = b.estimationSamples;
        this.historicWindowSize = b.historicWindowSize;
        this.reestimationPeriod = b.reestimationPeriod;
        this.averagingWindow = b.averagingWindow;
        this.historicScores = new SlidingWindow(historicWindowSize);
        this.historicValues = new SlidingWindow(historicWindowSize);
        this.movingAverage = new SlidingWindow(averagingWindow);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The likelihood of {@code anomalyScore}, without nupic's flat-metric rule. */
    public double anomalyProbability(double anomalyScore) {
        return anomalyProbability(anomalyScore, Double.NaN);
    }

    /**
     * Feeds one step and returns its anomaly likelihood {@code L_t}, in [0.5, 1]; call once per step, in order.
     *
     * @param anomalyScore the raw anomaly score of this step, finite (HTM's are in [0, 1])
     * @param value        the metric value of this step, for the flat-metric rule; NaN to skip it
     */
    public double anomalyProbability(double anomalyScore, double value) {
        if (!Double.isFinite(anomalyScore)) {
            throw new IllegalArgumentException("anomalyScore must be finite, got " + anomalyScore
                    + " at step " + iteration);
        }
        double likelihood = NEUTRAL;
        if (iteration >= probationaryPeriod()) {
            if (distribution == null || iteration % reestimationPeriod == 0) {
                estimate();
            }
            movingAverage.add(anomalyScore);
            double tail = distribution.tailProbability(movingAverage.average());
            double filtered = tail <= RED_TAIL && previousTail <= RED_TAIL ? YELLOW_TAIL : tail;
            previousTail = tail;
            likelihood = 1.0 - filtered;
        } else {
            movingAverage.add(anomalyScore);
        }
        historicScores.add(anomalyScore);
        historicValues.add(value);
        iteration++;
        return likelihood;
    }

    /**
     * The log-scale score of a likelihood, {@code log(1.0000000001 - L) / log(1 - 0.9999999999)}:
     * 0 for {@code L = 0}, 1 for {@code L = 1}, 0.5 for {@code L = 0.99999}.
     */
    public static double logLikelihood(double likelihood) {
        return Math.log(1.0000000001 - likelihood) / Math.log(1.0 - 0.9999999999);
    }

    /** Fits the distribution to the history, as nupic's {@code estimateAnomalyLikelihoods}. */
    private void estimate() {
        int n = historicScores.size();
        double[] averages = new double[n];
        SlidingWindow average = new SlidingWindow(averagingWindow);
        for (int i = 0; i < n; i++) {
            average.add(historicScores.get(i));
            averages[i] = average.average();
        }
        int skip = skipRecords();
        if (n <= skip) {
            distribution = NormalDistribution.NULL;
        } else {
            distribution = NormalDistribution.estimate(averages, skip, n, true);
            if (metricIsFlat(skip)) {
                distribution = NormalDistribution.NULL;
            }
        }
        previousTail = distribution.tailProbability(averages[n - 1]);
    }

    /** The learning period's steps still in the history (nupic's {@code _calcSkipRecords}). */
    private int skipRecords() {
        long shiftedOut = Math.max(0, iteration - historicWindowSize);
        return (int) Math.min(iteration, Math.max(0, learningPeriod - shiftedOut));
    }

    private boolean metricIsFlat(int skip) {
        double[] values = historicValues.toArray();
        for (int i = skip; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return false;
            }
        }
        return NormalDistribution.estimate(values, skip, values.length, false).variance() < FLAT_METRIC_VARIANCE;
    }

    /** Steps reported as {@link #NEUTRAL}: {@code learningPeriod + estimationSamples}. */
    public int probationaryPeriod() {
        return learningPeriod + estimationSamples;
    }

    public int learningPeriod() {
        return learningPeriod;
    }

    public int estimationSamples() {
        return estimationSamples;
    }

    public int historicWindowSize() {
        return historicWindowSize;
    }

    public int reestimationPeriod() {
        return reestimationPeriod;
    }

    public int averagingWindow() {
        return averagingWindow;
    }

    /** The distribution of the last estimate, null before the first. */
    public NormalDistribution distribution() {
        return distribution;
    }

    @Override
    public String toString() {
        return "AnomalyLikelihood(learningPeriod=" + learningPeriod + ", estimationSamples=" + estimationSamples
                + ", historicWindowSize=" + historicWindowSize + ", reestimationPeriod=" + reestimationPeriod
                + ", averagingWindow=" + averagingWindow + ")";
    }

    /** Options of {@link AnomalyLikelihood}; defaults are nupic's. */
    public static final class Builder {
        private int learningPeriod = 288;
        private int estimationSamples = 100;
        private int historicWindowSize = 8640;
        private int reestimationPeriod = 100;
        private int averagingWindow = 10;

        public Builder learningPeriod(int learningPeriod) {
            this.learningPeriod = learningPeriod;
            return this;
        }

        public Builder estimationSamples(int estimationSamples) {
            this.estimationSamples = estimationSamples;
            return this;
        }

        public Builder historicWindowSize(int historicWindowSize) {
            this.historicWindowSize = historicWindowSize;
            return this;
        }

        public Builder reestimationPeriod(int reestimationPeriod) {
            this.reestimationPeriod = reestimationPeriod;
            return this;
        }

        public Builder averagingWindow(int averagingWindow) {
            this.averagingWindow = averagingWindow;
            return this;
        }

        public AnomalyLikelihood build() {
            validate();
            return new AnomalyLikelihood(this);
        }

        private void validate() {
            if (learningPeriod < 0) {
                throw new IllegalArgumentException("learningPeriod must be >= 0, got " + learningPeriod);
            }
            if (estimationSamples < 1) {
                throw new IllegalArgumentException("estimationSamples must be >= 1, got " + estimationSamples);
            }
            if (historicWindowSize < estimationSamples) {
                throw new IllegalArgumentException("historicWindowSize (" + historicWindowSize
                        + ") must be >= estimationSamples (" + estimationSamples + ")");
            }
            if (reestimationPeriod < 1) {
                throw new IllegalArgumentException("reestimationPeriod must be >= 1, got " + reestimationPeriod);
            }
            if (averagingWindow < 1) {
                throw new IllegalArgumentException("averagingWindow must be >= 1, got " + averagingWindow);
            }
        }
    }
}
