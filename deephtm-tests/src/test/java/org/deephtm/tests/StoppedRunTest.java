package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.online.OnlineLearner;
import org.deephtm.tests.support.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streaming command asked to stop (SIGTERM here; SIGINT, Ctrl-C, takes the same path) stops at a
 * row boundary, saves the rows it learned, says where, leaves no partial file and no empty output
 * folder, and ends the progress bar's line; a refused run creates no folder at all.
 */
class StoppedRunTest {

    private static final int ROWS = 100_000;

    @TempDir
    Path dir;

    private Path series() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        LocalDateTime start = LocalDateTime.of(2014, 7, 1, 0, 0);
        for (int t = 0; t < ROWS; t++) {
            csv.append(String.format(Locale.ROOT, "%s,%.3f%n", start.plusMinutes(5L * t).toString().replace('T', ' ')
                    + ":00", 100 + 30 * Math.sin(2 * Math.PI * t / 48)));
        }
        return Files.writeString(dir.resolve("long.csv"), csv);
    }

    @Test
    void aStoppedStreamSavesTheRowsItLearnedAndSaysWhere() throws Exception {
        Path input = series();
        Path save = dir.resolve("saves/stream.zip");
        Path output = dir.resolve("out");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                DeepHtm.class.getName(), "predict", "--input", input.toString(), "--column", "value",
                "--encoder-size", "16", "--columns", "32", "--active-columns", "2", "--cells-per-column", "2",
                "--decoder-size", "16", "--save", save.toString(), "--save-every", "200", "-o", output.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(save)) {
                assertTrue(child.isAlive(), "the run ended before its first save:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no save within 3 minutes");
                Thread.sleep(20);
            }
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the run did not stop");
        } finally {
            child.destroyForcibly();
        }
        String printed = Files.readString(log);
        assertEquals(143, child.exitValue(), printed); // 128 + SIGTERM, as the JVM ends on a signal
        Matcher stopped = Pattern.compile("\npredict: stopped after row (\\d+) of " + ROWS + " \\(([^)]+)\\); the "
                + "stream up to it is saved in " + Pattern.quote(save.toAbsolutePath().toString())).matcher(printed);
        assertTrue(stopped.find(), "the stop is reported on a line of its own, with the save:\n" + printed);
        int row = Integer.parseInt(stopped.group(1));
        assertTrue(row < ROWS, printed);
        assertEquals(LocalDateTime.of(2014, 7, 1, 0, 0).plusMinutes(5L * (row - 1)).toString().replace('T', ' ')
                + ":00", stopped.group(2), "the last row learned's timestamp");

        assertEquals(row, OnlineLearner.restore(save, OnlineLearner.Engine.FAST).steps(), "the save holds every "
                + "row learned");
        try (Stream<Path> files = Files.list(save.getParent())) {
            assertEquals(List.of(save), files.toList(), "no partial file beside the save");
        }
        assertFalse(Files.exists(output), "no empty output folder");
    }

    @Test
    void aRefusedRunCreatesNoFolder() {
        Path output = dir.resolve("new/out");
        Path save = dir.resolve("saves/stream.zip");
        Commands.Outcome refused = Commands.run("predict", "--input", dir.resolve("missing.csv").toString(),
                "--column", "value", "--save", save.toString(), "-o", output.toString(), "--quiet");
        assertEquals(DeepHtm.BAD_INPUT, refused.exitCode(), refused.err());
        assertFalse(Files.exists(dir.resolve("new")), "no output folder");
        assertFalse(Files.exists(save.getParent()), "no save folder");
    }
}
