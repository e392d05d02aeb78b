package org.deephtm.anomaly;

import org.deephtm.networks.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyDetectorTest {

    private static final LocalDateTime START = LocalDateTime.of(2014, 7, 1, 0, 0);

    @TempDir
    Path dir;

    /** A daily rhythm of hourly values. */
    private static double wave(int t) {
        return 100 + 30 * Math.sin(2 * Math.PI * t / 24);
    }

    /** The defaults with a small network, for tests that need many detectors or saves. */
    private static AnomalyDetector.Settings small() {
        return AnomalyDetector.Settings.defaults().withNetwork(SeedNetwork.builder().columns(32).activeColumns(2)
                .cellsPerColumn(3).buckets(16).decoderSize(16).learningRate(AnomalyDetector.LEARNING_RATE));
    }

    @Test
    void givesOneScoreOfEachKindInItsRangePerRecord() {
        AnomalyDetector detector = new AnomalyDetector(small().withProbation(10));
        for (int t = 0; t < 40; t++) {
            AnomalyDetector.Score s = detector.handleRecord(null, wave(t));
            assertTrue(s.raw() >= 0 && s.raw() <= 1, "raw score " + s.raw());
            assertTrue(s.likelihood() >= 0.5 && s.likelihood() <= 1, "likelihood " + s.likelihood());
            assertTrue(s.finalScore() >= 0 && s.finalScore() <= 1, "final score " + s.finalScore());
        }
        assertEquals(40, detector.records());
    }

    @Test
    void predictsTheNextValueInTheValuesUnitsAndTellsItsListeners() {
        AnomalyDetector detector = new AnomalyDetector(small().withProbation(10));
        assertTrue(Double.isNaN(detector.prediction()), "nothing is predicted before the first record");
        double[] raw = new double[1];
        detector.addListener(step -> raw[0] = step.anomaly(0));
        for (int t = 0; t < 30; t++) {
            AnomalyDetector.Score s = detector.handleRecord(null, wave(t));
            assertEquals(s.raw(), raw[0], "the listener saw the step that gave this record's raw score");
            double p = detector.prediction();
            assertTrue(p >= 70 && p <= 130, "a prediction within the range seen, the wave's: " + p);
        }
    }

    @Test
    void aStretchThatBreaksTheLearnedRhythmScoresClearlyAboveTheRowsBeforeIt() {
        // The shipped defaults learn the rhythm for 1600 hours; then it stops for a day, the value held at the
        // rhythm's mean: inside the range seen, so only the network's surprise can flag it.
        AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults().withProbation(400));
        double normal = 0;
        double planted = 0;
        for (int t = 0; t < 1650; t++) {
            boolean stopped = t >= 1600 && t < 1624;
            double score = detector.handleRecord(START.plusHours(t), stopped ? 100 : wave(t)).finalScore();
            if (t >= 1000 && t < 1600) {
                normal = Math.max(normal, score);
            } else if (t >= 1600) {
                planted = Math.max(planted, score);
            }
        }
        assertTrue(planted > 0.4 && planted > 3 * normal, "highest score in the stopped day and after it " + planted
                + ", in the 600 rows before it " + normal);
    }

    @Test
    void thePredictionErrorRaisesTheFinalScoreAndChangesNothingElse() {
        // The same network on the same stream, once with the error's likelihood and once without: a learned
        // rhythm, then a day in which it runs at half its height, inside the range seen.
        AnomalyDetector with = new AnomalyDetector(small().withProbation(200));
        AnomalyDetector without = new AnomalyDetector(small().withProbation(200).withPredictionError(false));
        assertTrue(with.predictionError());
        assertFalse(without.predictionError());
        int raised = 0;
        for (int t = 0; t < 900; t++) {
            double value = t >= 800 && t < 824 ? 100 + 15 * Math.sin(2 * Math.PI * t / 24) : wave(t);
            AnomalyDetector.Score a = with.handleRecord(null, value);
            AnomalyDetector.Score b = without.handleRecord(null, value);
            assertEquals(b.raw(), a.raw(), "raw score of row " + t);
            assertEquals(b.likelihood(), a.likelihood(), "likelihood of row " + t);
            assertEquals(without.prediction(), with.prediction(), "prediction after row " + t);
            assertTrue(Double.isNaN(b.errorLikelihood()), "no error likelihood without it, row " + t);
            assertTrue(a.errorLikelihood() >= 0.5 && a.errorLikelihood() <= 1, "error likelihood " + a.errorLikelihood());
            assertTrue(a.finalScore() >= b.finalScore(), "row " + t + ": " + a.finalScore() + " < " + b.finalScore());
            if (a.finalScore() > b.finalScore()) {
                raised++;
            }
        }
        assertTrue(raised > 0, "the error's likelihood never scored above the memory's");
    }

    @Test
    void theTimeOfDayNeedsATimestamp() {
        AnomalyDetector detector = new AnomalyDetector(small().withTimeOfDay(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detector.handleRecord(null, 1.0));
        assertTrue(e.getMessage().contains("needs a timestamp for every record"), e.getMessage());
    }

    @Test
    void theNetworksSizesAreCheckedByTheBuilderByName() {
        AnomalyDetector.Settings settings = small().withNetwork(small().network().columns(16).activeColumns(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnomalyDetector(settings));
        assertTrue(e.getMessage().contains("activeColumns (16) must be smaller than columns (16)"), e.getMessage());
    }

    @Test
    void aSavedDetectorContinuesExactlyAsOneThatNeverStopped() throws IOException {
        AnomalyDetector.Settings settings = small().withProbation(30).withTimeOfDay(true);
        AnomalyDetector whole = new AnomalyDetector(settings);
        AnomalyDetector first = new AnomalyDetector(settings);
        for (int t = 0; t < 50; t++) {
            assertEquals(whole.handleRecord(START.plusHours(t), wave(t)),
                    first.handleRecord(START.plusHours(t), wave(t)));
        }
        Path save = dir.resolve("detector.zip");
        first.save(save);
        AnomalyDetector resumed = AnomalyDetector.restore(save, settings.engine());
        assertEquals(50, resumed.records());
        assertEquals(30, resumed.probation());
        assertTrue(resumed.timeOfDay());
        assertTrue(resumed.predictionError());
        assertEquals(first.prediction(), resumed.prediction(), "the prediction for the next record is kept");
        for (int t = 50; t < 90; t++) {
            assertEquals(whole.handleRecord(START.plusHours(t), wave(t)),
                    resumed.handleRecord(START.plusHours(t), wave(t)), "record " + t);
        }
    }

    /**
     * {@code legacy/anomaly-stream.zip} was saved by {@code deephtm anomaly --save --time-of-day
     * --probation 60} of the release before the detector moved into the library (a network of 32
     * columns, 2 active, 2 cells, Dense 16, the detector's learning rate), after 100 half-hourly rows of
     * {@code 100 + 30 sin(2 pi t / 24)}; {@code anomaly-stream-continued.csv} is what its
     * {@code --resume} wrote for rows 100 to 159 (row 150 40 higher). Never regenerate them.
     */
    @Test
    void aStreamTheAnomalyCommandSavedBeforeTheMoveContinuesAsItDid() throws IOException {
        continuesAsItDid("anomaly-stream");
    }

    /**
     * {@code legacy/anomaly-stream-memory-score.zip}: the same rows and options (with {@code --columns 32
     * --active-columns 2 --cells-per-column 2 --decoder-size 16} over that release's defaults), saved by the
     * release before the prediction error was scored; the CSV is what its {@code --resume} wrote. Such a
     * stream goes on scoring the memory alone, as it did. Never regenerate them.
     */
    @Test
    void aStreamSavedBeforeThePredictionErrorContinuesAsItDid() throws IOException {
        AnomalyDetector detector = continuesAsItDid("anomaly-stream-memory-score");
        assertFalse(detector.predictionError());
    }

    /** Restores {@code legacy/<name>.zip} and checks that it scores rows 100 to 159 as {@code <name>-continued.csv}. */
    private AnomalyDetector continuesAsItDid(String name) throws IOException {
        AnomalyDetector detector = AnomalyDetector.restore(resource(name + ".zip"),
                AnomalyDetector.Settings.defaults().engine());
        assertEquals(100, detector.records());
        assertEquals(60, detector.probation());
        assertTrue(detector.timeOfDay());
        List<String> rows = Files.readAllLines(resource(name + "-continued.csv"));
        for (int t = 100; t < 160; t++) {
            String[] expected = rows.get(t - 99).split(",");
            double value = Double.parseDouble(String.format(Locale.ROOT, "%.3f",
                    100 + 30 * Math.sin(2 * Math.PI * t / 24) + (t == 150 ? 40 : 0)));
            assertEquals(Double.parseDouble(expected[1]), value, 0, "the row's value");
            AnomalyDetector.Score s = detector.handleRecord(START.plusMinutes(30L * t), value);
            assertEquals(Double.parseDouble(expected[2]), s.raw(), 1e-5, "raw score of row " + t);
            assertEquals(Double.parseDouble(expected[3]), s.likelihood(), 1e-5, "likelihood of row " + t);
            assertEquals(Double.parseDouble(expected[4]), s.finalScore(), 1e-5, "final score of row " + t);
            assertTrue(Double.isNaN(s.errorLikelihood()), "no error likelihood in row " + t);
        }
        return detector;
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = AnomalyDetectorTest.class.getResourceAsStream("/legacy/" + name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
