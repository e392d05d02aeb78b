package org.deephtm.examples.nab;

import org.deephtm.examples.csv.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading NAB's files: data, labels, profiles, results; bad input fails with a one-line message. */
class NabInputTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    private static void assertMessage(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message \"" + e.getMessage() + "\" should mention " + fragment);
        }
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void readsNabsDataColumns() throws IOException {
        CsvTable table = CsvTable.read(csv("timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,2\n"));
        assertEquals(2, table.rowCount());
        assertEquals(2.0, table.numbers("value")[1], 0);
        assertEquals(NabFiles.START.withYear(2014).withMonth(4).plusMinutes(5), table.timestamps("timestamp")[1]);
    }

    @Test
    void aNonNumericValueNamesItsLine() throws IOException {
        CsvTable table = CsvTable.read(csv("timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,abc\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.numbers("value"));
        assertMessage(e, "line 3", "'abc'", "value", "not a number");
    }

    @Test
    void aNaNValueIsRejected() throws IOException {
        CsvTable table = CsvTable.read(csv("timestamp,value\n2014-04-01 00:00:00,NaN\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.numbers("value"));
        assertMessage(e, "line 2", "NaN", "fill or drop missing values");
    }

    @Test
    void anUnknownColumnListsTheColumns() throws IOException {
        CsvTable table = CsvTable.read(csv("timestamp,value\n2014-04-01 00:00:00,1\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.numbers("price"));
        assertMessage(e, "no column 'price'", "timestamp, value");
    }

    @Test
    void aMissingFileIsAnIoError() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> CsvTable.read(dir.resolve("none.csv")));
        assertMessage(e, "none.csv", "no such file");
    }

    @Test
    void aBadTimestampNamesItsLine() throws IOException {
        CsvTable table = CsvTable.read(csv("timestamp,value\nyesterday,1\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.timestamps("timestamp"));
        assertMessage(e, "line 2", "'yesterday'", "not a timestamp");
    }

    @Test
    void readsNabsLabelsWithMicrosecondTimestamps() throws IOException {
        Path labels = NabFiles.writeLabels(dir.resolve("w.json"), NabFiles.labelsEntry("a/x.csv", new int[][] {{3, 5}}),
                "\"b/y.csv\": []");
        Map<String, List<Window>> windows = Labels.read(labels);
        assertEquals(List.of(new Window(NabFiles.time(3), NabFiles.time(5))), windows.get("a/x.csv"));
        assertEquals(List.of(), windows.get("b/y.csv"));
        assertEquals(windows.get("a/x.csv"), Labels.readFor(labels, "x.csv"));
    }

    @Test
    void rejectsOverlappingWindows() throws IOException {
        Path labels = NabFiles.writeLabels(dir.resolve("w.json"),
                NabFiles.labelsEntry("a/x.csv", new int[][] {{3, 5}, {5, 8}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.read(labels));
        assertMessage(e, "a/x.csv", "overlap");
    }

    @Test
    void aWindowEndThatIsNotATimestampOfTheFileIsAnError() {
        DetectorOutput output = new DetectorOutput("a/x.csv", new java.time.LocalDateTime[] {NabFiles.time(0)},
                new double[] {0}, List.of(new Window(NabFiles.time(0), NabFiles.time(9))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabScorer.score(List.of(output), Profiles.nab().get(0)));
        assertMessage(e, "a/x.csv", "end of window", "not a timestamp of the file");
    }

    @Test
    void readsNabsProfilesFile() throws IOException {
        Path file = Files.writeString(dir.resolve("profiles.json"), """
                {"standard": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0}},
                 "strict": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 3.0, "fpWeight": 0.5, "tnWeight": 1.0}}}
                """);
        assertEquals(List.of(Profiles.nab().get(0), new Profile("strict", 1.0, 0.5, 3.0)), Profiles.read(file));
    }

    @Test
    void resultsWithoutLabelsNeedALabelColumn() throws IOException {
        Path file = dir.resolve("results/cat/det_x.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "timestamp,value,anomaly_score\n2020-01-01 00:00:00,1,0.5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsFolder.read(dir.resolve("results"), null));
        assertMessage(e, "det_x.csv", "no label column", "--labels");
    }

    @Test
    void resultsOfTwoDetectorsAreRejected() throws IOException {
        NabFiles.writeResults(dir.resolve("results"), "one", "cat/x.csv", NabFiles.scores(10), new int[0][]);
        NabFiles.writeResults(dir.resolve("results"), "two", "cat/y.csv", NabFiles.scores(10), new int[0][]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsFolder.read(dir.resolve("results"), null));
        assertMessage(e, "two_y.csv", "'two'", "'one'");
    }
}
