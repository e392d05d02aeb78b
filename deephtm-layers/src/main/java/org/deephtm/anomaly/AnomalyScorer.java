package org.deephtm.anomaly;

import java.io.Serializable;

/**
 * A detector's final score from its raw scores, a row at a time, the way NAB's Numenta detector
 * post-processes its raw HTM scores ({@code nab/detectors/numenta/numenta_detector.py}):
 * <pre>
 *   likelihood_t = AnomalyLikelihood(learningPeriod = floor(p / 2), estimationSamples = p - floor(p / 2),
 *                                    reestimationPeriod = 100)(raw_t, x_t)
 *   final_t      = AnomalyLikelihood.logLikelihood(likelihood_t)
 *   final_t      = 1   if x_t is outside [min - tol (max - min), max + tol (max - min)]   (spatial rule)
 * </pre>
 * where p is the probationary period (NAB's: 15% of the file, at most 750 rows), min and max are
 * those of the values before row t, and tol is the spatial tolerance (NAB's 0.05; 0 turns the rule
 * off). It saves with a stream and continues exactly.
 *
 * <pre>{@code
 * AnomalyScorer scorer = new AnomalyScorer(750, 0.05);
 * double score = scorer.score(rawScore, value);   // and scorer.likelihood()
 * }</pre>
 */
public final class AnomalyScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rows between two estimates of the raw scores' distribution, as NAB's Numenta detector has it. */
    public static final int REESTIMATION_PERIOD = 100;

    private final AnomalyLikelihood likelihood;
    private final double spatialTolerance;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double lastLikelihood = Double.NaN;

    /**
     * @param probation        rows of the probationary period, &gt;= 0: the likelihood learns from the
     *                         first half and makes its first estimate from the second (from one row at least)
     * @param spatialTolerance the spatial rule's share of the range seen, &gt;= 0 (0: no spatial rule)
     */
    public AnomalyScorer(int probation, double spatialTolerance) {
        requireValid(probation, spatialTolerance);
        int learningPeriod = probation / 2;
        this.likelihood = AnomalyLikelihood.builder().learningPeriod(learningPeriod)
                .estimationSamples(Math.max(1, probation - learningPeriod)).reestimationPeriod(REESTIMATION_PERIOD)
                .build();
        this.spatialTolerance = spatialTolerance;
    }

    /** Fails, naming the value, unless {@code probation >= 0} and {@code spatialTolerance >= 0}. */
    static void requireValid(int probation, double spatialTolerance) {
        if (probation < 0) {
            throw new IllegalArgumentException("probation must be >= 0 rows, got " + probation);
        }
        if (!(spatialTolerance >= 0) || Double.isInfinite(spatialTolerance)) {
            throw new IllegalArgumentException("spatialTolerance must be >= 0 (0: no spatial rule), got "
                    + spatialTolerance);
        }
    }

    /** The final score of a row with raw score {@code raw} and value {@code x}, in [0, 1]. */
    public double score(double raw, double x) {
        boolean spatial = false;
        if (spatialTolerance > 0 && max > min) {
            double tolerance = (max - min) * spatialTolerance;
            spatial = x > max + tolerance || x < min - tolerance;
        }
        min = Double.isNaN(min) ? x : Math.min(min, x);
        max = Double.isNaN(max) ? x : Math.max(max, x);
        lastLikelihood = likelihood.anomalyProbability(raw, x);
        return spatial ? 1.0 : AnomalyLikelihood.logLikelihood(lastLikelihood);
    }

    /** The likelihood of the last row scored, NaN before the first. */
    public double likelihood() {
        return lastLikelihood;
    }

    /** The probationary period, in rows (at least 1): the likelihood is 0.5 until it ends. */
    public int probation() {
        return likelihood.probationaryPeriod();
    }
}
