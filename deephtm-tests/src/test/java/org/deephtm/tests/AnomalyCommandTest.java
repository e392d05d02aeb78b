package org.deephtm.tests;

import org.deephtm.tests.support.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deephtm anomaly}'s summary says what the probationary period leaves to report. */
class AnomalyCommandTest {

    @TempDir
    Path dir;

    private Path series(int rows) throws IOException {
        StringBuilder csv = new StringBuilder("value\n");
        for (int t = 0; t < rows; t++) {
            csv.append(String.format(Locale.ROOT, "%.3f%n", 100 + 30 * Math.sin(2 * Math.PI * t / 24)));
        }
        return Files.writeString(dir.resolve("series.csv"), csv);
    }

    private Commands.Outcome anomaly(Path input, String... more) {
        String[] args = {"anomaly", "--input", input.toString(), "--column", "value", "--timestamp", "none",
                "--quiet", "-o", dir.resolve("out").toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Commands.run(all);
    }

    @Test
    void aProbationCoveringTheFileLeavesNoHighestScoreAfterIt() throws IOException {
        Commands.Outcome r = anomaly(series(100), "--probation", "100");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("the probationary period covers all 100 rows"), r.out());
        assertTrue(r.out().contains("no final score after it"), r.out());
        assertFalse(r.out().contains("highest final score after it"), r.out());
    }

    @Test
    void aProbationShorterThanTheFileReportsTheHighestScoreAfterIt() throws IOException {
        Commands.Outcome r = anomaly(series(100), "--probation", "40");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("probationary period: the first 40 rows"), r.out());
        assertTrue(r.out().matches("(?s).*highest final score after it: [01]\\.\\d{3} at row (4\\d|[5-9]\\d)\\b.*"),
                r.out());
    }

    @Test
    void aTinyFileGetsTheSmallestPeriodTheOptionAllows() throws IOException {
        Commands.Outcome r = anomaly(series(2));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("the probationary period covers all 2 rows"), r.out());
        assertFalse(r.out().contains("first 1 rows"), r.out());
    }
}
