package org.deephtm.examples.nab;

import org.deephtm.examples.cli.DeepHtm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deephtm nab} and {@code deephtm anomaly} on small files and on bad input (no detector run). */
class NabCommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = DeepHtm.commandLine();
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private void assertBadInput(String expected, String... args) {
        assertEquals(DeepHtm.BAD_INPUT, run(args));
        assertTrue(err.toString().contains(expected), "stderr \"" + err + "\" should contain " + expected);
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
    }

    @Test
    void rescoresAResultsFolderAndPrintsTheNormalisedScores() throws IOException {
        NabFiles.writeResults(dir.resolve("results"), "det", "cat/late.csv", NabFiles.scores(40, 27, 1.0),
                new int[][] {{20, 29}});
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("nab", "--scores", dir.resolve("results").toString()));
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        // the late detection of NabScorerTest: 100 (0.643766 + 1) / (1 + 1) = 82.19 under the standard profile
        assertTrue(printed.contains("cat/late.csv"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("standard") && l.strip().endsWith("82.19")), printed);
    }

    @Test
    void needsEitherScoresOrData() {
        assertBadInput("nab: give either --scores DIR", "nab");
    }

    @Test
    void dataNeedsLabels() {
        assertBadInput("nab: --data needs --labels FILE", "nab", "--data", dir.toString());
    }

    @Test
    void thresholdsGoWithScores() {
        assertBadInput("nab: --thresholds goes with --scores", "nab", "--data", dir.toString(), "--labels",
                dir.resolve("w.json").toString(), "--thresholds", dir.resolve("t.json").toString());
    }

    @Test
    void aMissingResultsFolderIsBadInput() {
        assertBadInput("no such folder", "nab", "--scores", dir.resolve("none").toString());
    }

    @Test
    void anomalyRejectsAnUnknownColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("s.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n");
        assertBadInput("anomaly: " + csv + ": no column 'price'", "anomaly", "--input", csv.toString(), "--column",
                "price", "--quiet");
    }

    @Test
    void anomalyNamesTheRowOfANonNumericValue() throws IOException {
        Path csv = Files.writeString(dir.resolve("s.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n"
                + "2020-01-01 00:05:00,n/a\n");
        assertBadInput("line 3: 'n/a' in column value is not a number", "anomaly", "--input", csv.toString(),
                "--column", "value", "--quiet");
    }

    @Test
    void anomalyRejectsNaN() throws IOException {
        Path csv = Files.writeString(dir.resolve("s.csv"), "timestamp,value\n2020-01-01 00:00:00,NaN\n");
        assertBadInput("line 2: NaN in column value", "anomaly", "--input", csv.toString(), "--column", "value",
                "--quiet");
    }

    @Test
    void anomalyReportsAMissingFile() {
        assertBadInput("no such file", "anomaly", "--input", dir.resolve("none.csv").toString(), "--column", "value",
                "--quiet");
    }

    @Test
    void rescoringNeedsEveryLabelledFile() throws IOException {
        NabFiles.writeResults(dir.resolve("results"), "det", "cat/a.csv", NabFiles.scores(40, 27, 1.0),
                new int[][] {{20, 29}});
        Path labels = NabFiles.writeLabels(dir.resolve("labels.json"),
                NabFiles.labelsEntry("cat/a.csv", new int[][] {{20, 29}}),
                NabFiles.labelsEntry("cat/b.csv", new int[][] {{5, 9}}));
        assertBadInput("no results for 1 of the 2 labelled files (cat/b.csv)", "nab", "--scores",
                dir.resolve("results").toString(), "--labels", labels.toString());
    }

    @Test
    void rescoringRejectsScoresOutsideZeroToOne() throws IOException {
        NabFiles.writeResults(dir.resolve("results"), "det", "cat/a.csv", NabFiles.scores(40, 27, 7.5),
                new int[][] {{20, 29}});
        assertBadInput("anomaly_score 7.5 is outside [0, 1]", "nab", "--scores", dir.resolve("results").toString());
    }

    @Test
    void rescoringWithoutAnyWindowSaysWhy() throws IOException {
        NabFiles.writeResults(dir.resolve("results"), "det", "cat/a.csv", NabFiles.scores(40, 27, 1.0),
                new int[][] {});
        assertBadInput("has a label window", "nab", "--scores", dir.resolve("results").toString());
    }

    @Test
    void emptyLabelsSayWhatTheyShouldHold() throws IOException {
        NabFiles.writeResults(dir.resolve("results"), "det", "cat/a.csv", NabFiles.scores(40, 27, 1.0),
                new int[][] {{20, 29}});
        Path labels = NabFiles.writeLabels(dir.resolve("labels.json"));
        assertBadInput("lists no data files", "nab", "--scores", dir.resolve("results").toString(), "--labels",
                labels.toString());
    }
}
