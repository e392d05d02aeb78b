package org.deephtm.examples.nab;

import org.deephtm.examples.network.Training;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepHtmDetectorTest {

    @Test
    void givesOneRawScoreInTheUnitIntervalPerValue() {
        double[] values = new double[40];
        for (int t = 0; t < values.length; t++) {
            values[t] = 100 + 10 * Math.sin(t / 3.0);
        }
        List<Long> progress = new ArrayList<>();
        double[] raw = new DeepHtmDetector(DeepHtmDetector.Settings.defaults()).rawScores(values, null, progress::add);
        assertEquals(values.length, raw.length);
        for (double r : raw) {
            assertTrue(r >= 0 && r <= 1, "raw score " + r);
        }
        assertEquals(40L, progress.get(progress.size() - 1));
    }

    @Test
    void rejectsAsManyActiveColumnsAsColumns() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DeepHtmDetector.Settings(64, 16, 16, 4, 64, 8, Training.defaults(), 1, 0.05, false));
        assertEquals("activeColumns (16) must be in [1, columns (16))", e.getMessage());
    }
}
