package org.deephtm.examples.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring, implemented from its rules (NAB v1.1, numenta/NAB
 * {@code nab/sweeper.py}, {@code nab/optimizer.py}, {@code nab/runner.py}). A detector gives each
 * row of each data file an anomaly score; labelled anomaly windows say where it should fire.
 * <ol>
 *   <li><b>Probationary period.</b> The first {@code p = min(floor(0.15 n), 750)} rows of an n-row
 *       file are not scored (the detector is still learning). A window that ends inside it is ignored.</li>
 *   <li><b>Sweep score of a row</b>, what a detection there is worth, with the scaled sigmoid
 *       {@code S(x) = 2 / (1 + e^(5x)) - 1} ({@code -1} for {@code x > 3}):
 *       <pre>
 *   inside window [l, r], w = r - l + 1 rows:   A_tp * S(-(r - i + 1) / w) / S(-1)
 *       A_tp at the window's first row, falling to about A_tp * 2.5 / w at its last
 *   after window [l, r], up to the next one:    A_fp * S((i - r) / (w - 1))
 *       about 0 just after the window, -A_fp a window's width later
 *   before the file's first window:             -A_fp
 *       </pre></li>
 *   <li><b>Score of a file at threshold t.</b> A row whose anomaly score is {@code >= t} is a
 *       detection. Each scored window adds the best sweep score of its detections (so its earliest
 *       detection), or {@code -A_fn} when it has none; each detection outside the windows adds its
 *       (negative) sweep score.
 *       <pre>
 *   score(t) = sum_windows max(-A_fn, max_{detections i in window} sweep(i)) + sum_{detections i outside} sweep(i)
 *       </pre></li>
 *   <li><b>Profiles.</b> {@code (A_tp, A_fp, A_fn)} is (1, 0.11, 1) for "standard", (1, 0.22, 1) for
 *       "reward_low_FP_rate", (1, 0.11, 2) for "reward_low_FN_rate" ({@link Profiles#nab()}).</li>
 *   <li><b>Threshold.</b> One threshold per profile for the whole corpus, the one maximising the
 *       corpus's total: every distinct anomaly score is tried, and "above every score" (no
 *       detection); ties go to the higher threshold.</li>
 *   <li><b>Normalisation.</b> {@code 100 (score - null) / (perfect - null)}, where {@code null} is
 *       the score of NAB's null detector (a constant score; its best threshold makes no detection,
 *       which costs {@code A_fn} per scored window) and {@code perfect = A_tp * windows}, a
 *       detection at the first row of every window.</li>
 * </ol>
 * Two details NAB leaves open: the sweep score after a one-row window divides by 1 instead of 0;
 * {@code perfect} counts the windows of the scored files (NAB counts the whole labels file, the
 * same number when the whole corpus is scored).
 *
 * <pre>{@code
 * List<DetectorOutput> files = ResultsFolder.read(Path.of("results/numenta"), labels).files();
 * for (Profile profile : Profiles.nab()) {
 *     ProfileScore s = NabScorer.score(files, profile);
 *     System.out.printf("%s %.1f%n", profile.name(), s.normalized());
 * }
 * }</pre>
 */
public final class NabScorer {

    /** NAB starts its threshold sweep here, above any score in [0, 1]: no detection. */
    static final double NO_DETECTION_THRESHOLD = 1.1;

    private NabScorer() {
    }

    /** Scores a detector on {@code files} under {@code profile}, optimising the threshold. */
    public static ProfileScore score(List<DetectorOutput> files, Profile profile) {
        return scoreSweeps(sweeps(files), profile);
    }

    /** Scores all profiles, sharing the per-file preparation. */
    public static List<ProfileScore> score(List<DetectorOutput> files, List<Profile> profiles) {
        List<FileSweep> sweeps = sweeps(files);
        List<ProfileScore> scores = new ArrayList<>();
        for (Profile profile : profiles) {
            scores.add(scoreSweeps(sweeps, profile));
        }
        return scores;
    }

    /** The corpus's raw score at a given threshold (no optimisation). */
    public static double scoreAt(List<DetectorOutput> files, Profile profile, double threshold) {
        return scoreSweeps(sweeps(files), profile, threshold).score();
    }

    /**
     * Scores {@code files} at a given threshold instead of the optimal one, e.g. the thresholds NAB
     * publishes in {@code config/thresholds.json}.
     */
    public static ProfileScore scoreAtThreshold(List<DetectorOutput> files, Profile profile, double threshold) {
        return scoreSweeps(sweeps(files), profile, threshold);
    }

    private static List<FileSweep> sweeps(List<DetectorOutput> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to score");
        }
        List<FileSweep> sweeps = new ArrayList<>();
        for (DetectorOutput file : files) {
            sweeps.add(new FileSweep(file));
        }
        return sweeps;
    }

    private static ProfileScore scoreSweeps(List<FileSweep> sweeps, Profile profile) {
        List<double[]> scores = new ArrayList<>();
        for (FileSweep sweep : sweeps) {
            scores.add(sweep.output.scores());
        }
        return scoreSweeps(sweeps, profile, bestThreshold(sweeps, scores, profile));
    }

    private static ProfileScore scoreSweeps(List<FileSweep> sweeps, Profile profile, double threshold) {
        List<double[]> scores = new ArrayList<>();
        List<double[]> nullScores = new ArrayList<>();
        int windows = 0;
        for (FileSweep sweep : sweeps) {
            scores.add(sweep.output.scores());
            double[] constant = new double[sweep.output.scores().length];
            Arrays.fill(constant, 0.5);
            nullScores.add(constant);
            windows += sweep.output.windows().size();
        }
        double nullScore = 0;
        double nullThreshold = bestThreshold(sweeps, nullScores, profile);
        List<FileScore> files = new ArrayList<>();
        double total = 0;
        for (int f = 0; f < sweeps.size(); f++) {
            FileScore file = fileScore(sweeps.get(f), scores.get(f), profile, threshold);
            files.add(file);
            total += file.score();
            nullScore += fileScore(sweeps.get(f), nullScores.get(f), profile, nullThreshold).score();
        }
        return new ProfileScore(profile, threshold, total, nullScore, profile.tpWeight() * windows, files);
    }

    /**
     * The threshold maximising the corpus score: lower the threshold through the distinct scores,
     * from the highest, updating the total as each row becomes a detection.
     */
    private static double bestThreshold(List<FileSweep> sweeps, List<double[]> scores, Profile profile) {
        int rows = 0;
        int windows = 0;
        for (FileSweep sweep : sweeps) {
            rows += sweep.output.scores().length - sweep.probation;
            windows += sweep.output.windows().size();
        }
        double[] rowScore = new double[rows];
        double[] rowSweep = new double[rows];
        int[] rowWindow = new int[rows];
        double[] windowValue = new double[windows];
        double total = 0;
        int r = 0;
        int windowOffset = 0;
        double highest = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < sweeps.size(); f++) {
            FileSweep sweep = sweeps.get(f);
            for (int w = 0; w < sweep.scorable.length; w++) {
                if (sweep.scorable[w]) {
                    windowValue[windowOffset + w] = -profile.fnWeight();
                    total -= profile.fnWeight();
                }
            }
            for (int i = sweep.probation; i < sweep.output.scores().length; i++, r++) {
                rowScore[r] = scores.get(f)[i];
                rowSweep[r] = sweep.sweepScore(i, profile);
                rowWindow[r] = sweep.window[i] < 0 ? -1 : windowOffset + sweep.window[i];
                highest = Math.max(highest, rowScore[r]);
            }
            windowOffset += sweep.scorable.length;
        }
        double bestThreshold = Math.max(NO_DETECTION_THRESHOLD, Math.nextUp(highest));
        double bestScore = total;
        Integer[] order = new Integer[rows];
        for (int k = 0; k < rows; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(rowScore[b], rowScore[a]));
        for (int k = 0; k < rows; ) {
            double threshold = rowScore[order[k]];
            for (; k < rows && rowScore[order[k]] == threshold; k++) {
                int row = order[k];
                int w = rowWindow[row];
                if (w < 0) {
                    total += rowSweep[row];
                } else if (rowSweep[row] > windowValue[w]) {
                    total += rowSweep[row] - windowValue[w];
                    windowValue[w] = rowSweep[row];
                }
            }
            if (total > bestScore) {
                bestScore = total;
                bestThreshold = threshold;
            }
        }
        return bestThreshold;
    }

    /** One file's score and counts at {@code threshold}. */
    private static FileScore fileScore(FileSweep sweep, double[] scores, Profile profile, double threshold) {
        int windowCount = sweep.scorable.length;
        double[] best = new double[windowCount];
        boolean[] detected = new boolean[windowCount];
        Arrays.fill(best, -profile.fnWeight());
        double falsePositives = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = sweep.probation; i < scores.length; i++) {
            int w = sweep.window[i];
            boolean positive = scores[i] >= threshold;
            if (w >= 0 && positive) {
                tp++;
                detected[w] = true;
                best[w] = Math.max(best[w], sweep.sweepScore(i, profile));
            } else if (w >= 0) {
                fn++;
            } else if (positive) {
                fp++;
                falsePositives += sweep.sweepScore(i, profile);
            } else {
                tn++;
            }
        }
        double score = falsePositives;
        int detectedWindows = 0;
        for (int w = 0; w < windowCount; w++) {
            if (sweep.scorable[w]) {
                score += best[w];
                detectedWindows += detected[w] ? 1 : 0;
            }
        }
        return new FileScore(sweep.output.key(), score, windowCount, detectedWindows, tp, fp, fn, tn);
    }
}
