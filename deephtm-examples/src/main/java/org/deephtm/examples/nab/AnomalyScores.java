package org.deephtm.examples.nab;

import org.deephtm.anomaly.AnomalyLikelihood;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.function.LongConsumer;

/**
 * A detector's three scores per row, the way NAB's Numenta detector post-processes its raw HTM
 * scores ({@code nab/detectors/numenta/numenta_detector.py}):
 * <pre>
 *   likelihood_t = AnomalyLikelihood(learningPeriod = floor(p / 2), estimationSamples = p - floor(p / 2),
 *                                    reestimationPeriod = 100)(raw_t, x_t)
 *   final_t      = AnomalyLikelihood.logLikelihood(likelihood_t)
 *   final_t      = 1   if x_t is outside [min - tol (max - min), max + tol (max - min)]   (spatial rule)
 * </pre>
 * where p is NAB's probationary period of the file ({@link NabRules#probationaryLength}), min and
 * max are those of the values before step t, and tol is the detector's spatial tolerance (NAB's
 * 0.05). The final score is what NAB scores.
 *
 * @param raw        the network's raw anomaly score per row
 * @param likelihood the anomaly likelihood per row, 0.5 during the likelihood's probation
 * @param finalScore the score NAB thresholds, in [0, 1]
 */
public record AnomalyScores(double[] raw, double[] likelihood, double[] finalScore) {

    /**
     * Runs the DeepHTM detector over {@code values} (at {@code times}, null without the time of day)
     * and post-processes its raw scores.
     */
    public static AnomalyScores detect(double[] values, LocalDateTime[] times, DeepHtmDetector.Settings settings,
            LongConsumer progress) {
        double[] raw = new DeepHtmDetector(settings).rawScores(values, times, progress);
        return fromRaw(values, raw, settings.spatialTolerance());
    }

    /** The likelihood and final score of raw scores given for {@code values}. */
    public static AnomalyScores fromRaw(double[] values, double[] raw, double spatialTolerance) {
        if (values.length != raw.length) {
            throw new IllegalArgumentException(values.length + " values but " + raw.length + " raw scores");
        }
        Scorer scorer = new Scorer(NabRules.probationaryLength(values.length), spatialTolerance);
        double[] l = new double[values.length];
        double[] score = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            score[t] = scorer.score(raw[t], values[t]);
            l[t] = scorer.likelihood();
        }
        return new AnomalyScores(raw, l, score);
    }

    /** The post-processing of one stream, a row at a time; it saves with the stream and continues exactly. */
    static final class Scorer implements Serializable {

        private static final long serialVersionUID = 1L;

        private final AnomalyLikelihood likelihood;
        private final double spatialTolerance;
        private double min = Double.NaN;
        private double max = Double.NaN;
        private double lastLikelihood = Double.NaN;

        /** @param probation the stream's probationary length ({@link NabRules#probationaryLength}) */
        Scorer(int probation, double spatialTolerance) {
            int learningPeriod = probation / 2;
            this.likelihood = AnomalyLikelihood.builder().learningPeriod(learningPeriod)
                    .estimationSamples(Math.max(1, probation - learningPeriod)).reestimationPeriod(100).build();
            this.spatialTolerance = spatialTolerance;
        }

        /** The final score of a row with raw score {@code raw} and value {@code x}. */
        double score(double raw, double x) {
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

        /** The likelihood of the last row scored. */
        double likelihood() {
            return lastLikelihood;
        }

        /** The likelihood's probationary period, in rows. */
        int probation() {
            return likelihood.probationaryPeriod();
        }
    }
}
