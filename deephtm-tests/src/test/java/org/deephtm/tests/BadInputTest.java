package org.deephtm.tests;

import org.deephtm.examples.bench.ReferenceMemory;
import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.tests.support.Commands;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Bad input to the commands gets a one-line error that names the problem and the fix, before any
 * work is done and without leaving files behind; results that cannot be computed say so.
 */
class BadInputTest {

    private static final String[] SMALL = {"--encoder-size", "16", "--columns", "32", "--active-columns", "2",
            "--cells-per-column", "2", "--decoder-size", "16", "--quiet"};

    @TempDir
    Path dir;

    private static String[] small(String... args) {
        String[] all = new String[args.length + SMALL.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SMALL, 0, all, args.length, SMALL.length);
        return all;
    }

    private static void assertFails(int exitCode, String expected, String... args) {
        Commands.Outcome o = Commands.run(args);
        assertEquals(exitCode, o.exitCode(), "exit code; stderr: " + o.err());
        assertTrue(o.err().contains(expected), "stderr \"" + o.err() + "\" should contain " + expected);
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }

    private static void assertBadInput(String expected, String... args) {
        assertFails(DeepHtm.BAD_INPUT, expected, args);
    }

    /** {@code timestamp,value} rows of a daily rhythm; {@code edit} may change a row's text. */
    private Path series(String name, int rows, java.util.function.IntFunction<String> valueOf) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        LocalDateTime start = LocalDateTime.of(2014, 7, 1, 0, 0);
        for (int t = 0; t < rows; t++) {
            csv.append(start.plusMinutes(30L * t).toString().replace('T', ' ')).append(":00,")
                    .append(valueOf.apply(t)).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private Path wave(int rows) throws IOException {
        return series("wave.csv", rows, t -> String.format(Locale.ROOT, "%.3f", 100 + 30 * Math.sin(t / 7.0)));
    }

    @Test
    void aValueBeyondWhatTheScalingCanHoldIsRejectedByLineAndNoCsvIsLeft() throws IOException {
        Path file = series("huge.csv", 60, t -> t == 30 ? "1e300" : "1." + t);
        Path out = dir.resolve("out");
        assertBadInput("huge.csv line 32: 1.0E300 in column value is beyond", small("predict", "--input",
                file.toString(), "--column", "value", "-o", out.toString()));
        assertBadInput("line 32", "anomaly", "--input", file.toString(), "--column", "value", "--quiet", "-o",
                out.toString());
        assertFalse(Files.exists(out.resolve("huge_predictions.csv")));
    }

    @Test
    void outputPathsAreCheckedBeforeTheWork() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file");
        Path input = wave(100);
        String[][] commands = {
                {"sine", "--steps", "100", "--quiet"},
                small("predict", "--input", input.toString(), "--column", "value"),
                {"anomaly", "--input", input.toString(), "--column", "value", "--quiet"},
                {"sequences", "--quiet"},
                {"frames", "--quiet"},
        };
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "-o";
            args[command.length + 1] = file.toString();
            assertBadInput("--output " + file + " is a file, not a folder", args);
            args[command.length + 1] = file.resolve("below").toString();
            assertBadInput("a parent of it is a file", args);
        }
        assertBadInput("--output " + dir + " is a folder", "bench", "--quick", "-o", dir.toString());
        assertBadInput("--output /proc/deephtm-out cannot be written", "sine", "-o", "/proc/deephtm-out");
        assertBadInput("--save " + dir + " is a folder", small("predict", "--input", input.toString(), "--column",
                "value", "--save", dir.toString()));
    }

    @Test
    void benchWithHtmJavaNamesTheBuildThatAddsIt() {
        assumeFalse(ReferenceMemory.htmJavaPresent(), "this build has htm.java (the htm-java profile)");
        Path json = dir.resolve("bench.json");
        assertBadInput("-Phtm-java", "bench", "--quick", "--htm-java", "--quiet", "-o", json.toString());
        assertFalse(Files.exists(json), "nothing written");
    }

    @Test
    void aConstantColumnHasNoNrmseAndSaysWhy() throws IOException {
        Path flat = series("flat.csv", 60, t -> "7");
        Commands.Outcome o = Commands.run(small("predict", "--input", flat.toString(), "--column", "value", "-o",
                dir.resolve("out").toString()));
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("NRMSE n/a"), o.out());
        assertTrue(o.out().contains("the scored rows are constant"), o.out());
        assertFalse(o.out().contains("NaN"), o.out());
    }

    @Test
    void aMinimumHitRateWithoutSegmentsIsRefused() {
        assertBadInput("--min-hit-rate needs --connectivity segments", "sine", "--min-hit-rate", "0.3", "--quiet",
                "-o", dir.toString());
    }

    @Test
    void tooShortASineIsRefused() {
        assertBadInput("--steps must be at least two periods and one step (41 for period 20)", "sine", "--steps",
                "2", "--quiet", "-o", dir.toString());
    }

    @Test
    void aWindowLongerThanTheSeriesIsRefused() throws IOException {
        assertBadInput("--window 500 is more than the 99 rows with a target", small("predict", "--input",
                wave(100).toString(), "--column", "value", "--window", "500", "-o", dir.toString()));
    }

    @Test
    void aDuplicatedColumnNameIsRefusedWhenUsed() throws IOException {
        Path twice = Files.writeString(dir.resolve("twice.csv"), "timestamp,value,value\n2014-07-01 00:00:00,1,2\n"
                + "2014-07-01 00:30:00,2,3\n2014-07-01 01:00:00,3,4\n2014-07-01 01:30:00,4,5\n");
        assertBadInput("names column 'value' twice (fields 2 and 3)", small("predict", "--input", twice.toString(),
                "--column", "value", "-o", dir.toString()));
    }

    @Test
    void timestampsMustParseAndRowsOutOfOrderAreNamedInAWarning() throws IOException {
        String head = "timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00,2\n";
        Path backwards = Files.writeString(dir.resolve("backwards.csv"), head + "2014-07-01 00:10:00,3\n"
                + "2014-07-01 01:30:00,4\n2014-07-01 01:30:00,5\n2014-07-01 02:00:00,6\n");
        Path garbled = Files.writeString(dir.resolve("garbled.csv"), head + "yesterday,3\n"
                + "2014-07-01 01:30:00,4\n2014-07-01 02:00:00,5\n");
        for (boolean predict : new boolean[] {true, false}) {
            java.util.function.Function<Path, String[]> command = file -> predict
                    ? small("predict", "--input", file.toString(), "--column", "value", "-o", dir.toString())
                    : new String[] {"anomaly", "--input", file.toString(), "--column", "value", "--quiet", "-o",
                            dir.toString()};
            Commands.Outcome o = Commands.run(command.apply(backwards));
            assertEquals(0, o.exitCode(), o.err());
            assertTrue(o.err().contains("warning: " + backwards + " line 4: timestamp 2014-07-01 00:10:00 comes "
                    + "before the one on line 3 (2014-07-01 00:30:00), and 1 more rows go back or repeat; the rows "
                    + "are read in file order"), o.err());
            assertBadInput("garbled.csv line 4", command.apply(garbled));
        }
    }

    @Test
    void theTimeOfDayNeedsTimestampsAndAResumeTheSameChoice() throws IOException {
        StringBuilder plain = new StringBuilder("value\n");
        for (int t = 0; t < 50; t++) {
            plain.append(t % 7).append('\n');
        }
        Path noTimes = Files.writeString(dir.resolve("plain.csv"), plain);
        assertBadInput("--time-of-day needs timestamps: " + noTimes + " has no column 'timestamp'", "anomaly",
                "--input", noTimes.toString(), "--column", "value", "--time-of-day", "--quiet", "-o", dir.toString());
        Path saved = dir.resolve("stream.zip");
        Commands.Outcome first = Commands.run("anomaly", "--input", wave(100).toString(), "--column", "value",
                "--time-of-day", "--save", saved.toString(), "--quiet", "-o", dir.resolve("first").toString());
        assertEquals(0, first.exitCode(), first.err());
        assertBadInput("was saved with --time-of-day; give the same", "anomaly", "--input", noTimes.toString(),
                "--column", "value", "--resume", saved.toString(), "--quiet", "-o", dir.resolve("second").toString());
    }

    @Test
    void aStreamSavedScoringThePredictionErrorIsNotResumedWithoutIt() throws IOException {
        Path saved = dir.resolve("stream.zip");
        Commands.Outcome first = Commands.run("anomaly", "--input", wave(100).toString(), "--column", "value",
                "--save", saved.toString(), "--quiet", "-o", dir.resolve("first").toString());
        assertEquals(0, first.exitCode(), first.err());
        Path next = Files.writeString(dir.resolve("next.csv"), "value\n1\n2\n3\n");
        assertBadInput("was saved scoring the prediction error; leave out --no-prediction-error", "anomaly",
                "--input", next.toString(), "--column", "value", "--resume", saved.toString(),
                "--no-prediction-error", "--quiet", "-o", dir.resolve("second").toString());
    }

    @Test
    void anomalyWindowsOutsideTheDataAreRefused() throws IOException {
        Path input = wave(100);
        Path windows = Files.writeString(dir.resolve("windows.json"),
                "[[\"2016-01-01 00:00:00.000000\", \"2016-01-02 00:00:00.000000\"]]");
        assertBadInput("lies outside", "anomaly", "--input", input.toString(), "--column", "value", "--windows",
                windows.toString(), "--quiet", "-o", dir.toString());
    }

    @Test
    void divergingTrainingIsReportedAsDivergenceNamingTheLearningRate() {
        assertFails(DeepHtm.DIVERGED, "learning rate", "sine", "--steps", "200", "--updater", "sgd",
                "--learning-rate", "1e6", "--quiet", "-o", dir.toString());
        Commands.Outcome o = Commands.run("sine", "--steps", "200", "--updater", "sgd", "--learning-rate", "1e6",
                "--quiet", "-o", dir.toString());
        assertFalse(o.err().contains("clean or impute"), "it does not blame the data: " + o.err());
    }

    @Test
    void aFolderGivenAsInputIsNamedAsOne() {
        assertBadInput(dir + " is a folder: give a CSV file", small("predict", "--input", dir.toString(), "--column",
                "value", "-o", dir.resolve("out").toString()));
    }

    @Test
    void aNetworkTooLargeToLearnIsRefusedBeforeItIsBuilt() throws IOException {
        Commands.Outcome o = Commands.run("predict", "--input", wave(100).toString(), "--column", "value",
                "--columns", "4000", "--cells-per-column", "8", "--quiet", "-o", dir.toString());
        assertEquals(DeepHtm.BAD_INPUT, o.exitCode(), o.err());
        assertTrue(o.err().contains("1,024,000,000 distal weights"), o.err());
        assertTrue(o.err().contains("use fewer --columns or --cells-per-column"), o.err());
    }

    @Test
    void zeroColumnsAreNamedAsTheColumns() {
        assertBadInput("sine: columns must be >= 2, got 0", "sine", "--columns", "0", "--quiet", "-o",
                dir.toString());
    }

    @Test
    void aNetworkTooLargeForTheHeapIsGivenTheHeapItNeeds() throws IOException {
        Commands.Outcome o = Commands.run("predict", "--input", wave(100).toString(), "--column", "value",
                "--columns", "4000", "--cells-per-column", "8", "--quiet", "-o", dir.toString());
        // The tests' JVM sets JavaCPP's off-heap limit (the pom's argLine), so the advice sets it too.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("about ([0-9.]+) GB of heap and ([0-9.]+) GB "
                + "off it.*DEEPHTM_JAVA_OPTS=\"-Xmx([0-9]+)g -Dorg.bytedeco.javacpp.maxbytes=([0-9]+)g\"")
                .matcher(o.err());
        assertTrue(m.find(), o.err());
        assertSmallestThatHolds(Double.parseDouble(m.group(1)) * 1e9, Long.parseLong(m.group(3)), o.err());
        assertSmallestThatHolds(Double.parseDouble(m.group(2)) * 1e9, Long.parseLong(m.group(4)), o.err());
    }

    /** 80 % of {@code advisedGiB} (the rest is for everything else) holds {@code bytes}, and a GiB less would not. */
    private static void assertSmallestThatHolds(double bytes, long advisedGiB, String message) {
        double gib = 1L << 30;
        assertTrue(0.8 * advisedGiB * gib >= bytes * 0.999, advisedGiB + "g must hold " + bytes + ": " + message);
        assertTrue(0.8 * (advisedGiB - 1) * gib < bytes * 1.001, "and be the least that does: " + message);
    }

    @Test
    void zeroActiveColumnsIsAnErrorNotTheDefault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpatialPooler.Builder().activeColumns(0));
        assertTrue(e.getMessage().contains("activeColumns must be >= 1"), e.getMessage());
    }

    @Test
    void theSeedNetworksSizesAreCheckedByTheirOwnNames() {
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
                () -> SeedNetwork.builder().window(0).build());
        assertTrue(window.getMessage().contains("window must be >= 1"), window.getMessage());
        IllegalArgumentException encoder = assertThrows(IllegalArgumentException.class,
                () -> SeedNetwork.forumThread().encoderSize(0).build());
        assertTrue(encoder.getMessage().contains("encoderSize must be >= 1"), encoder.getMessage());
    }

    @Test
    void aNanInputIsRefusedByTheSeedNetworksFirstLayerNamingWhere() {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().columns(32).activeColumns(2)
                .cellsPerColumn(2).decoderSize(8).build());
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.rnnTimeStep(Nd4j.createFromArray(new float[][][] {{{Float.NaN}}})));
        assertTrue(e.getMessage().contains("the network's input holds NaN at [0, 0]"), e.getMessage());
    }
}
