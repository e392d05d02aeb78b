package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deephtm sine} end to end, on a short stream: the seed network at its full size, learning
 * every step, on a wave of period 10 (2000 steps, about a minute and a half on two cores). A
 * shorter period repeats each phase more often per step, so the wave is learned sooner than the
 * default period of 20, which needs about 5000 steps to get as far.
 */
class SineCommandTest {

    private static final Pattern SCORES = Pattern.compile("NRMSE over the last \\d+ steps: ([0-9.]+) "
            + "\\(predicting the last value: ([0-9.]+)\\)");

    @Test
    void learnsTheWaveBetterThanRepeatingTheLastValueAndDrawsIt(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = DeepHtm.commandLine().execute("sine", "--steps", "2000", "--period", "10", "--quiet",
                    "-o", dir.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertEquals(CommandLine.ExitCode.OK, exit, out);
        Matcher m = SCORES.matcher(out);
        assertTrue(m.find(), out);
        double nrmse = Double.parseDouble(m.group(1));
        double baseline = Double.parseDouble(m.group(2));
        // measured: 0.230 against 0.618
        assertTrue(nrmse < 0.6 * baseline, "NRMSE " + nrmse + " should be clearly below the baseline " + baseline);
        for (String png : new String[] {"sine-steps-0-1000.png", "sine-last-200-steps.png", "sine-anomaly.png"}) {
            assertTrue(Files.isRegularFile(dir.resolve(png)), png);
        }
    }

    @Test
    void rejectsAnImpossiblePeriodWithAMessage(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = DeepHtm.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        int exit = cli.execute("sine", "--period", "1", "-o", dir.toString());
        assertEquals(DeepHtm.BAD_INPUT, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("period must be >= 2 steps, got 1"), err.toString());
    }
}
