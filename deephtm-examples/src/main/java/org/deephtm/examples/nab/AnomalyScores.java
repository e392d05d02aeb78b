package org.deephtm.examples.nab;

import org.deephtm.anomaly.AnomalyDetector;

import java.time.LocalDateTime;
import java.util.function.LongConsumer;

/**
 * A detector's scores for every row of a series ({@link AnomalyDetector.Score}, row by row).
 *
 * @param raw             the network's raw anomaly score per row
 * @param likelihood      the anomaly likelihood per row, 0.5 during the likelihood's probation
 * @param errorLikelihood the prediction error's likelihood per row, NaN when the detector does not score it
 * @param finalScore      the score NAB thresholds, in [0, 1]
 */
public record AnomalyScores(double[] raw, double[] likelihood, double[] errorLikelihood, double[] finalScore) {

    /** Room for {@code rows} rows' scores, to {@link #put} one at a time. */
    static AnomalyScores of(int rows) {
        return new AnomalyScores(new double[rows], new double[rows], new double[rows], new double[rows]);
    }

    /** Row {@code t}'s scores. */
    void put(int t, AnomalyDetector.Score score) {
        raw[t] = score.raw();
        likelihood[t] = score.likelihood();
        errorLikelihood[t] = score.errorLikelihood();
        finalScore[t] = score.finalScore();
    }

    /**
     * A fresh detector's scores of {@code values} (at {@code times}, null without the time of day),
     * with NAB's probationary period for a file of that many rows.
     *
     * @param progress told the number of rows done, now and then
     */
    public static AnomalyScores detect(double[] values, LocalDateTime[] times, AnomalyDetector.Settings settings,
            LongConsumer progress) {
        AnomalyDetector detector = new AnomalyDetector(settings.withProbation(
                NabRules.probationaryLength(values.length)));
        AnomalyScores scores = of(values.length);
        for (int t = 0; t < values.length; t++) {
            scores.put(t, detector.handleRecord(times == null ? null : times[t], values[t]));
            if (t % 100 == 99) {
                progress.accept(t + 1);
            }
        }
        progress.accept(values.length);
        return scores;
    }
}
