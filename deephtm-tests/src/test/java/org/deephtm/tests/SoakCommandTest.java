package org.deephtm.tests;

import org.deephtm.tests.support.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deephtm soak} in miniature: every block reported, nothing non-finite, the files written. */
class SoakCommandTest {

    @TempDir
    Path dir;

    @Test
    void aShortSoakReportsEveryBlockWithNothingNonFinite() throws IOException {
        Commands.Outcome o = Commands.run("soak", "--steps", "6000", "--block", "2000", "--quiet", "-o",
                dir.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("non-finite values: 0;"), o.out());
        List<String> rows = Files.readAllLines(dir.resolve("soak.csv"));
        assertEquals(4, rows.size(), "a header and three blocks");
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double nrmse = Double.parseDouble(f[1]);
            double lastValue = Double.parseDouble(f[2]);
            assertTrue(nrmse > 0 && nrmse < 2, row);
            assertTrue(lastValue > 0 && lastValue < 1, row);
        }
        assertTrue(Files.size(dir.resolve("soak.png")) > 0);
    }

    @Test
    void blocksMustDivideTheStream() {
        Commands.Outcome o = Commands.run("soak", "--steps", "5000", "--block", "2000", "--quiet", "-o",
                dir.toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("--steps must be a multiple of --block (2000)"), o.err());
    }
}
