package org.deephtm.examples.nab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.deephtm.examples.nab.NabFiles.labelsEntry;
import static org.deephtm.examples.nab.NabFiles.scores;
import static org.deephtm.examples.nab.NabFiles.writeLabels;
import static org.deephtm.examples.nab.NabFiles.writeResults;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * NAB's scoring on hand-made files of 40 rows. The probationary period of a 40-row file is
 * floor(0.15 * 40) = 6 rows (rows 0-5). Most files have one window, rows 20-29 (w = 10 rows).
 * The scaled sigmoid is S(x) = 2 / (1 + e^(5x)) - 1 = -tanh(5x / 2), so S(-1) = tanh(2.5) = 0.98661.
 * A detection at row i of window [l, r] is worth A_tp * S(-(r - i + 1) / w) / S(-1); one before any
 * window costs A_fp; one at row i after window [l, r] is worth A_fp * S((i - r) / (w - 1)).
 * Standard profile: A_tp = 1, A_fp = 0.11, A_fn = 1.
 */
class NabScorerTest {

    private static final Profile STANDARD = Profiles.nab().get(0);
    private static final Profile LOW_FN = Profiles.nab().get(2);
    private static final int[][] WINDOW = {{20, 29}};
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    private final List<String> labelEntries = new ArrayList<>();

    /** Writes one results file of 40 rows and remembers its labels. */
    private void file(String key, double[] scores, int[][] windows) throws IOException {
        writeResults(dir.resolve("results"), "det", key, scores, windows);
        labelEntries.add(labelsEntry(key, windows));
    }

    private List<DetectorOutput> read() throws IOException {
        Path labels = writeLabels(dir.resolve("windows.json"), labelEntries.toArray(new String[0]));
        return ResultsFolder.read(dir.resolve("results"), Labels.read(labels)).files();
    }

    @Test
    void aDetectionAtTheWindowStartEarnsTheFullTruePositiveWeight() throws IOException {
        file("cat/start.csv", scores(40, 20, 1.0), WINDOW);
        ProfileScore s = NabScorer.score(read(), STANDARD);
        // row 20: position -(29 - 20 + 1) / 10 = -1, worth S(-1) / S(-1) = 1
        assertEquals(1.0, s.score(), TOLERANCE);
        assertEquals(1.0, s.threshold(), 0);
        // null: the missed window, -1; perfect: 1 window * A_tp = 1; 100 (1 + 1) / (1 + 1)
        assertEquals(100.0, s.normalized(), TOLERANCE);
    }

    @Test
    void aLateDetectionEarnsLess() throws IOException {
        file("cat/late.csv", scores(40, 27, 1.0), WINDOW);
        ProfileScore s = NabScorer.score(read(), STANDARD);
        // row 27: position -(29 - 27 + 1) / 10 = -0.3, worth tanh(0.75) / tanh(2.5) = 0.635149 / 0.986614
        assertEquals(0.6437662150014791, s.score(), TOLERANCE);
        // 100 (0.643766 + 1) / (1 + 1)
        assertEquals(82.18831075007395, s.normalized(), 1e-7);
    }

    @Test
    void aWindowCountsOnlyItsEarliestDetection() throws IOException {
        file("cat/twice.csv", scores(40, 27, 1.0, 20, 1.0, 25, 1.0), WINDOW);
        // rows 20, 25 and 27 are all in the window: the best (row 20) is worth 1; no extra credit
        assertEquals(1.0, NabScorer.score(read(), STANDARD).score(), TOLERANCE);
    }

    @Test
    void aFalsePositiveBeforeAnyWindowCostsTheFalsePositiveWeight() throws IOException {
        file("cat/fp.csv", scores(40, 20, 1.0, 10, 1.0), WINDOW);
        // row 20: +1; row 10, before any window: -A_fp = -0.11
        assertEquals(0.89, NabScorer.score(read(), STANDARD).score(), TOLERANCE);
    }

    @Test
    void aFalsePositiveSoonAfterAWindowCostsLess() throws IOException {
        file("cat/after.csv", scores(40, 20, 1.0, 34, 1.0), WINDOW);
        // row 34: position (34 - 29) / (10 - 1) = 5/9, worth 0.11 * S(5/9) = -0.11 * tanh(25/18) = -0.097122
        assertEquals(1.0 - 0.09712188136763907, NabScorer.score(read(), STANDARD).score(), TOLERANCE);
    }

    @Test
    void aMissedWindowCostsTheFalseNegativeWeight() throws IOException {
        file("cat/hit.csv", scores(40, 20, 1.0), WINDOW);
        file("cat/missed.csv", scores(40), WINDOW);
        // the second file's scores are all 0: at threshold 1 it detects nothing, its window is missed
        // standard: 1 - 1 = 0; reward_low_FN_rate (A_fn = 2): 1 - 2 = -1
        List<DetectorOutput> files = read();
        ProfileScore standard = NabScorer.score(files, STANDARD);
        assertEquals(0.0, standard.score(), TOLERANCE);
        assertEquals(-1.0, standard.files().get(1).score(), TOLERANCE);
        assertEquals(-1.0, NabScorer.score(files, LOW_FN).score(), TOLERANCE);
        // normalised, standard: null -2 (two missed windows), perfect 2; 100 (0 + 2) / (2 + 2)
        assertEquals(50.0, standard.normalized(), TOLERANCE);
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() throws IOException {
        // rows 0-5 are probationary: the window at rows 2-4 and the detections at rows 1 and 3 are not
        // scored (no true positive, no missed window, no false positive); the window at 20-29 is hit at its start
        file("cat/probation.csv", scores(40, 1, 1.0, 3, 1.0, 20, 1.0), new int[][] {{2, 4}, {20, 29}});
        ProfileScore s = NabScorer.score(read(), STANDARD);
        assertEquals(1.0, s.score(), TOLERANCE);
        assertEquals(0, s.files().get(0).fp());
        // null: only the scored window is missed, -1; perfect counts every labelled window, as NAB
        // does: 2; 100 (1 + 1) / (2 + 1)
        assertEquals(-1.0, s.nullScore(), TOLERANCE);
        assertEquals(2.0, s.perfect(), TOLERANCE);
        assertEquals(200.0 / 3, s.normalized(), TOLERANCE);
    }

    @Test
    void aWindowReachingPastTheProbationaryPeriodIsScoredFromItsFirstScoredRow() throws IOException {
        // window rows 4-8 (w = 5); rows 4 and 5 are probationary, so the earliest detection that
        // counts is at row 6: position -(8 - 6 + 1) / 5 = -0.6, worth tanh(1.5) / tanh(2.5) = 0.917429
        file("cat/edge.csv", scores(40, 4, 1.0, 6, 1.0), new int[][] {{4, 8}});
        assertEquals(0.9174286804284079, NabScorer.score(read(), STANDARD).score(), TOLERANCE);
    }

    @Test
    void theThresholdMaximisesTheCorpusScore() throws IOException {
        // row 10: 0.9 and row 12: 0.7 are false positives (-0.11 each); in the window, row 25: 0.8
        // (position -0.5, worth tanh(1.25) / tanh(2.5) = 0.859793) and row 22: 0.6 (position -0.8,
        // worth tanh(2) / tanh(2.5) = 0.977107). By threshold:
        //   1.1 (none): -1          0.9: -1 - 0.11 = -1.11      0.8: 0.859793 - 0.11 = 0.749793
        //   0.7: 0.859793 - 0.22 = 0.639793      0.6: 0.977107 - 0.22 = 0.757107
        //   0 (every row): 1 - 14 * 0.11 (rows 6-19) - 0.879104 (rows 30-39) = -1.419104
        // 0.6 wins: a lower threshold that catches the window earlier beats the cleaner 0.8
        file("cat/sweep.csv", scores(40, 10, 0.9, 12, 0.7, 25, 0.8, 22, 0.6), WINDOW);
        ProfileScore s = NabScorer.score(read(), STANDARD);
        assertEquals(0.6, s.threshold(), 0);
        assertEquals(0.7571068409226045, s.score(), TOLERANCE);
        List<DetectorOutput> files = read();
        assertEquals(0.7497925669097837, NabScorer.scoreAt(files, STANDARD, 0.8), TOLERANCE);
        assertEquals(-1.4191039880883976, NabScorer.scoreAt(files, STANDARD, 0.0), TOLERANCE);
    }

    @Test
    void aGivenThresholdIsUsedAsIs() throws IOException {
        // the file of theThresholdMaximisesTheCorpusScore, at threshold 0.8 instead of the best 0.6
        file("cat/sweep.csv", scores(40, 10, 0.9, 12, 0.7, 25, 0.8, 22, 0.6), WINDOW);
        Path thresholds = java.nio.file.Files.writeString(dir.resolve("thresholds.json"),
                "{\"det\": {\"standard\": {\"score\": 0.75, \"threshold\": 0.8}}}");
        double threshold = Thresholds.read(thresholds, "det").get("standard");
        ProfileScore s = NabScorer.scoreAtThreshold(read(), STANDARD, threshold);
        assertEquals(0.8, s.threshold(), 0);
        assertEquals(0.7497925669097837, s.score(), TOLERANCE);
    }

    @Test
    void whenEveryDetectionWouldHurtTheBestThresholdMakesNone() throws IOException {
        file("cat/quiet.csv", scores(40, 10, 0.9), WINDOW);
        // at 0.9: -1 (missed window) - 0.11 (row 10); above every score: -1, the null detector's score
        ProfileScore s = NabScorer.score(read(), STANDARD);
        assertEquals(NabScorer.NO_DETECTION_THRESHOLD, s.threshold(), 0);
        assertEquals(-1.0, s.score(), TOLERANCE);
        assertEquals(0.0, s.normalized(), TOLERANCE);
    }

    @Test
    void normalisationPlacesTheScoreBetweenTheNullAndThePerfectDetector() throws IOException {
        file("cat/hit.csv", scores(40, 20, 0.2), WINDOW);
        file("cat/quiet.csv", scores(40, 10, 0.9), WINDOW);
        ProfileScore s = NabScorer.score(read(), STANDARD);
        // at 0.9: -2 - 0.11; at 0.2: 1 - 1 - 0.11 = -0.11 wins over none (-2)
        assertEquals(0.2, s.threshold(), 0);
        assertEquals(-0.11, s.score(), TOLERANCE);
        assertEquals(-2.0, s.nullScore(), TOLERANCE);
        assertEquals(2.0, s.perfect(), TOLERANCE);
        // 100 (-0.11 + 2) / (2 + 2)
        assertEquals(47.25, s.normalized(), TOLERANCE);
    }

    @Test
    void theNullDetectorScoresZeroAndThePerfectDetectorOneHundred() throws IOException {
        file("cat/a.csv", scores(40), new int[][] {{10, 14}, {25, 29}});
        file("cat/b.csv", scores(40), WINDOW);
        List<DetectorOutput> files = read();
        List<DetectorOutput> nullDetector = new ArrayList<>();
        List<DetectorOutput> perfect = new ArrayList<>();
        for (DetectorOutput f : files) {
            nullDetector.add(f.constant(0.5));
            double[] firstRows = new double[40];
            for (Window w : f.windows()) {
                firstRows[java.util.Arrays.asList(f.timestamps()).indexOf(w.start())] = 1.0;
            }
            perfect.add(new DetectorOutput(f.key(), f.timestamps(), firstRows, f.windows()));
        }
        for (Profile profile : Profiles.nab()) {
            assertEquals(0.0, NabScorer.score(nullDetector, profile).normalized(), TOLERANCE, profile.name());
            assertEquals(100.0, NabScorer.score(perfect, profile).normalized(), TOLERANCE, profile.name());
        }
    }

    @Test
    void windowsFromTheLabelColumnScoreLikeTheLabelsFile() throws IOException {
        writeResults(dir.resolve("results"), "det", "cat/late.csv", scores(40, 27, 1.0), WINDOW);
        ResultsFolder folder = ResultsFolder.read(dir.resolve("results"), null);
        assertEquals("det", folder.detector());
        assertEquals("cat/late.csv", folder.files().get(0).key());
        assertEquals(0.6437662150014791, NabScorer.score(folder.files(), STANDARD).score(), TOLERANCE);
    }
}
