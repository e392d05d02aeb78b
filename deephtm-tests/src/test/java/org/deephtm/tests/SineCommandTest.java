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
 * {@code deephtm sine} end to end, on a short stream: the seed network at its full size and with
 * its defaults, learning every step on the online engine, on the default wave of period 20 for
 * 3000 steps (a second or two). The engine computes in plain Java, so the figures are the same on
 * every x86 machine; the margins are still wide.
 */
class SineCommandTest {

    private static final Pattern ANOMALY = Pattern.compile("mean anomaly score over the last period: ([0-9.]+)");
    private static final Pattern SCORES = Pattern.compile("NRMSE over the last \\d+ steps: ([0-9.]+) "
            + "\\(predicting the last value: ([0-9.]+)\\)");

    @Test
    void learnsTheWaveBetterThanRepeatingTheLastValueAndDrawsIt(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = DeepHtm.commandLine().execute("sine", "--steps", "3000", "--quiet", "-o", dir.toString());
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
        // measured: 0.0090 against 0.3129, and a mean anomaly score of 0.044 over the last period
        assertTrue(nrmse < 0.1 * baseline, "NRMSE " + nrmse + " should be a tenth of the baseline's " + baseline);
        Matcher anomaly = ANOMALY.matcher(out);
        assertTrue(anomaly.find(), out);
        assertTrue(Double.parseDouble(anomaly.group(1)) < 0.2, "the learned wave is predicted: " + anomaly.group());
        assertTrue(out.contains("steps ran on: online engine"), out);
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
