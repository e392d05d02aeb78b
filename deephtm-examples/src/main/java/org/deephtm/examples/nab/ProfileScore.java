package org.deephtm.examples.nab;

import java.util.List;

/**
 * A detector's NAB score on a corpus under one profile.
 *
 * @param profile    the application profile
 * @param threshold  the anomaly-score threshold: the one that maximises {@code score} (above every
 *                   score when making no detection is best), unless one was given
 * @param score      the raw score: the sum of the files' scores at {@code threshold}
 * @param nullScore  the null detector's raw score (no detections)
 * @param perfect    the perfect detector's raw score: tpWeight times the number of windows
 * @param files      each file's score, in corpus order
 */
public record ProfileScore(Profile profile, double threshold, double score, double nullScore, double perfect,
                           List<FileScore> files) {

    /** {@code 100 (score - null) / (perfect - null)}: 0 for the null detector, 100 for the perfect one. */
    public double normalized() {
        return 100 * (score - nullScore) / (perfect - nullScore);
    }
}
