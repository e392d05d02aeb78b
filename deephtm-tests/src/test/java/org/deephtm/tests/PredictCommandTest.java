package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.examples.metrics.Errors;
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
import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deephtm predict} end to end on small generated CSV files: the documented output columns,
 * the predictions and scores of a series it can learn, and a one-line error with exit code 2 for
 * each kind of bad input.
 */
class PredictCommandTest {

    /** A small network and short windows keep a run to a few seconds. */
    private static final String[] SMALL = {"--encoder-size", "16", "--columns", "32", "--active-columns", "2",
            "--cells-per-column", "2", "--decoder-size", "16", "--window", "4", "--quiet"};

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private String printed = "";

    private int run(String... args) {
        CommandLine cli = DeepHtm.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return cli.execute(args);
        } finally {
            System.setOut(stdout);
            printed = out.toString(StandardCharsets.UTF_8);
            System.out.print(printed);
        }
    }

    private int runSmall(String... args) {
        String[] all = new String[args.length + SMALL.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SMALL, 0, all, args.length, SMALL.length);
        return run(all);
    }

    /** {@code timestamp,value,load}: a half-hourly daily rhythm and an unrelated load column. */
    private Path series(int rows) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value,load\n");
        LocalDateTime start = LocalDateTime.of(2014, 7, 1, 0, 0);
        for (int t = 0; t < rows; t++) {
            double value = 100 + 30 * Math.sin(2 * Math.PI * t / 48);
            csv.append(String.format(Locale.ROOT, "%s,%.3f,%.2f%n", start.plusMinutes(30L * t).toString()
                    .replace('T', ' ') + ":00", value, (t * 7 % 10) / 10.0));
        }
        return Files.writeString(dir.resolve("series.csv"), csv);
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("bad.csv"), text);
    }

    private void assertBadInput(String expected, String... args) {
        assertEquals(DeepHtm.BAD_INPUT, run(args), "exit code; stderr: " + err);
        assertTrue(err.toString().contains(expected), "stderr \"" + err + "\" should contain " + expected);
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
    }

    @Test
    void writesTheDocumentedColumnsWithThePredictionMadeHorizonRowsEarlier() throws IOException {
        Path input = series(240);
        Path out = dir.resolve("out");

        int exit = runSmall("predict", "--input", input.toString(), "--column", "value", "--features", "load",
                "--time-features", "--horizon", "3", "--score-from", "100", "-o", out.toString());

        assertEquals(0, exit, "stderr: " + err);
        List<String> lines = Files.readAllLines(out.resolve("series_predictions.csv"));
        assertEquals("timestamp,value,prediction,anomaly_score", lines.get(0));
        assertEquals(241, lines.size(), "a header and one line per row");
        for (int row = 0; row < 240; row++) {
            String[] fields = lines.get(row + 1).split(",", -1);
            assertEquals(4, fields.length, lines.get(row + 1));
            assertTrue(fields[0].startsWith("2014-07-0"), lines.get(row + 1));
            assertEquals(row < 3, fields[2].isEmpty(), "prediction of row " + row + ": '" + fields[2] + "'");
            double score = Double.parseDouble(fields[3]);
            assertTrue(score >= 0 && score <= 1, "anomaly score " + score);
        }
        assertEquals("2014-07-01 01:30:00", lines.get(4).split(",")[0]);
        Double.parseDouble(lines.get(4).split(",")[2]);
        assertTrue(Files.size(out.resolve("series_predictions.png")) > 0);
        assertTrue(printed.contains("from row 100 (140 rows scored): NRMSE "), printed);
        assertTrue(printed.contains("MAPE "), printed);
        assertTrue(printed.contains("inputs: value, load, time_of_day_sin"), printed);
        assertTrue(printed.contains("(a blend of the network's value and change heads"), printed);
        assertTrue(printed.contains("the blend's weights at the end: value head 0."), printed);
    }

    /**
     * A sine sampled six times a period, 500 periods: the memory learns its rhythm, which the
     * forecast "the previous value" cannot follow. Over whole periods that forecast errs by exactly
     * one standard deviation (the mean square of x_t - x_{t-1} is (2 - 2 cos(2 pi / 6)) var(x)).
     */
    @Test
    void learnsARhythmBetterThanTheLastValueAndWritesThePredictionsItScored() throws IOException {
        int rows = 3000;
        StringBuilder csv = new StringBuilder("value\n");
        double[] values = new double[rows];
        for (int t = 0; t < rows; t++) {
            values[t] = 100 + 30 * Math.sin(2 * Math.PI * t / 6);
            csv.append(String.format(Locale.ROOT, "%.6f%n", values[t]));
        }
        Path input = Files.writeString(dir.resolve("rhythm.csv"), csv);

        assertEquals(0, runSmall("predict", "--input", input.toString(), "--column", "value", "--score-from", "1500",
                "-o", dir.resolve("out").toString()), "stderr: " + err);

        Matcher scores = Pattern.compile("from row 1500 \\(1500 rows scored\\): NRMSE (\\d+\\.\\d+), MAPE \\S+\\n"
                + "  the value 1 row\\(s\\) earlier: NRMSE (\\d+\\.\\d+)").matcher(printed.replace("\r", ""));
        assertTrue(scores.find(), printed);
        double nrmse = Double.parseDouble(scores.group(1));
        double lastValueNrmse = Double.parseDouble(scores.group(2));
        assertEquals(1.0, lastValueNrmse, 1e-4, "the previous value errs by one standard deviation");
        assertTrue(nrmse < lastValueNrmse, "NRMSE " + nrmse + " should be below the last value's " + lastValueNrmse);

        List<String> lines = Files.readAllLines(dir.resolve("out").resolve("rhythm_predictions.csv"));
        assertEquals(rows + 1, lines.size());
        double[] written = new double[rows];
        double[] predicted = new double[rows];
        for (int t = 0; t < rows; t++) {
            String[] fields = lines.get(t + 1).split(",", -1);
            assertEquals(t, Integer.parseInt(fields[0]));
            written[t] = Double.parseDouble(fields[1]);
            assertEquals(values[t], written[t], 1e-6, "value of row " + t);
            assertEquals(t == 0, fields[2].isEmpty(), "a prediction for every row but the first: " + lines.get(t + 1));
            predicted[t] = t == 0 ? Double.NaN : Double.parseDouble(fields[2]);
        }
        // The file holds what was scored: its NRMSE is the printed one (to its four decimals).
        assertEquals(nrmse, Errors.nrmse(written, predicted, 1500), 0.5e-4 + 1e-6);
        // After almost 500 periods each prediction of the last two lies within 5 % of the amplitude of its own
        // row's value; one written a row off would miss by 26 at four rows of six.
        for (int t = rows - 12; t < rows; t++) {
            assertEquals(values[t], predicted[t], 1.5, "prediction of row " + t);
        }
    }

    @Test
    void anOnlineLstmOfEqualSizeIsScoredOnTheSameRows() throws IOException {
        Path input = series(120);
        int exit = runSmall("predict", "--input", input.toString(), "--column", "value", "--features", "load",
                "--horizon", "2", "--score-from", "20", "--lstm", "4", "-o", dir.resolve("out").toString());
        assertEquals(0, exit, "stderr: " + err);
        Matcher network = Pattern.compile("; (\\d+) parameters, window 4").matcher(printed);
        Matcher lstm = Pattern.compile("an online LSTM \\((\\d+) units, (\\d+) parameters, window 4\\): "
                + "NRMSE (\\d+\\.\\d+), MAPE (\\d+\\.\\d+)").matcher(printed);
        assertTrue(network.find() && lstm.find(), printed);
        long deepHtmSize = Long.parseLong(network.group(1));
        long lstmSize = Long.parseLong(lstm.group(2));
        assertTrue(Math.abs(lstmSize - deepHtmSize) < 0.05 * deepHtmSize, "sizes " + lstmSize + " and " + deepHtmSize);
        assertTrue(Double.parseDouble(lstm.group(3)) > 0, printed);
        Path saved = Files.writeString(dir.resolve("saved.zip"), "refused before it is read");
        assertBadInput("--lstm does not combine with --resume", "predict", "--input", input.toString(), "--column",
                "value", "--lstm", "4", "--resume", saved.toString());
    }

    @Test
    void withoutTimestampsTheFirstColumnIsTheRowIndex() throws IOException {
        StringBuilder csv = new StringBuilder("value\n");
        for (int t = 0; t < 60; t++) {
            csv.append(Math.sin(t / 3.0)).append('\n');
        }
        Path input = Files.writeString(dir.resolve("plain.csv"), csv);

        assertEquals(0, runSmall("predict", "--input", input.toString(), "--column", "value", "-o",
                dir.resolve("out").toString()), "stderr: " + err);

        List<String> lines = Files.readAllLines(dir.resolve("out").resolve("plain_predictions.csv"));
        assertEquals("index,value,prediction,anomaly_score", lines.get(0));
        assertEquals(61, lines.size());
        assertTrue(lines.get(1).startsWith("0,0,,"), lines.get(1));
        assertTrue(lines.get(60).startsWith("59,"), lines.get(60));
        assertFalse(lines.get(2).split(",", -1)[2].isEmpty(), lines.get(2));
    }

    @Test
    void anUnknownPredictNamesTheChoices() throws IOException {
        Path input = series(20);
        assertEquals(DeepHtm.BAD_INPUT, run("predict", "--input", input.toString(), "--column", "value",
                "--predict", "level"));
        assertTrue(err.toString().contains("--predict must be value, change or blend, got 'level'"), err.toString());
    }

    @Test
    void aMissingFileIsBadInput() {
        assertBadInput("predict: " + dir.resolve("none.csv") + " (no such file)", "predict", "--input",
                dir.resolve("none.csv").toString(), "--column", "value");
    }

    @Test
    void anUnknownColumnNamesTheAvailableOnes() throws IOException {
        Path input = series(20);
        assertBadInput("no column 'price'; the columns are timestamp, value, load", "predict", "--input",
                input.toString(), "--column", "price");
    }

    @Test
    void anUnknownFeatureColumnIsBadInput() throws IOException {
        Path input = series(20);
        assertBadInput("no column 'temperature'; the columns are timestamp, value, load", "predict", "--input",
                input.toString(), "--column", "value", "--features", "load,temperature");
    }

    @Test
    void aNonNumericValueNamesItsLineAndColumn() throws IOException {
        Path input = csv("timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n2020-01-01 00:10:00,n/a\n");
        assertBadInput(input + " line 4: 'n/a' in column value is not a number", "predict", "--input",
                input.toString(), "--column", "value");
    }

    @Test
    void aNonNumericFeatureNamesItsLineAndColumn() throws IOException {
        Path input = csv("value,load\n1,0.5\n2,high\n3,0.7\n");
        assertBadInput(input + " line 3: 'high' in column load is not a number", "predict", "--input",
                input.toString(), "--column", "value", "--features", "load");
    }

    @Test
    void aNaNIsBadInput() throws IOException {
        Path input = csv("timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,NaN\n2020-01-01 00:10:00,3\n");
        assertBadInput(input + " line 3: NaN in column value", "predict", "--input", input.toString(), "--column",
                "value");
    }

    @Test
    void tooFewRowsForTheHorizonIsBadInput() throws IOException {
        Path input = series(6);
        assertBadInput("has 6 data rows, too few for --horizon 5: need at least 7", "predict", "--input",
                input.toString(), "--column", "value", "--horizon", "5");
    }

    @Test
    void timeFeaturesNeedReadableTimestamps() throws IOException {
        Path input = csv("timestamp,value\n2020-01-01 00:00:00,1\nyesterday,2\n2020-01-01 00:10:00,3\n");
        assertBadInput(input + " line 3 column timestamp: 'yesterday' is not a timestamp", "predict", "--input", input.toString(),
                "--column", "value", "--time-features");
    }

    @Test
    void timeFeaturesNeedATimestampColumn() throws IOException {
        Path input = csv("value\n1\n2\n3\n");
        assertBadInput("--time-features needs timestamps", "predict", "--input", input.toString(), "--column",
                "value", "--time-features");
    }
}
