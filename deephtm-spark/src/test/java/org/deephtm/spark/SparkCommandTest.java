package org.deephtm.spark;

import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.spark.cli.SparkCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deephtm spark anomaly} and {@code predict} in local[2], series by series against what
 * {@code deephtm anomaly} and {@code predict} write for each file alone with the same options.
 */
class SparkCommandTest {

    private static final String[] SERIES = {"alpha", "beta", "gamma"};

    @TempDir
    static Path dir;

    static Path input;

    @BeforeAll
    static void writeSeries() throws Exception {
        System.setProperty("java.awt.headless", "true"); // the single-file commands draw their plots
        input = dir.resolve("in");
        for (int k = 0; k < SERIES.length; k++) {
            TestSeries.writeFile(input.resolve(SERIES[k] + ".csv"), TestSeries.series(SERIES[k], k, 300 + 50 * k));
        }
    }

    private record Run(int exitCode, String err) {
    }

    private static Run spark(String... args) {
        CommandLine cli = DeepHtm.withErrorHandling(new CommandLine(new SparkCommand()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    private static String[] withJob(String command, Path output, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--input", input.toString(), "--output",
                output.toString(), "--master", "local[2]", "--conf", "spark.ui.enabled=false"));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    @Test
    void eachSeriesScoresAsTheAnomalyCommandScoresItsFileAlone() throws Exception {
        Path out = dir.resolve("anomaly");
        Run run = spark(withJob("anomaly", out, "--cells-per-column", "4"));
        assertEquals(0, run.exitCode(), run.err());
        Map<String, List<Map<String, String>>> spark = SparkOutput.bySeries(out);
        assertEquals(List.of(SERIES), List.copyOf(spark.keySet()));
        for (String series : SERIES) {
            Path single = dir.resolve("anomaly-" + series);
            assertEquals(0, DeepHtm.commandLine().execute("anomaly", "--input", input.resolve(series + ".csv")
                    .toString(), "--column", "value", "--cells-per-column", "4", "-o", single.toString(), "--quiet"));
            List<Map<String, String>> expected = SparkOutput.readCsv(single.resolve(series + "_anomaly.csv"));
            List<Map<String, String>> actual = spark.get(series);
            assertEquals(expected.size(), actual.size(), series);
            for (int t = 0; t < expected.size(); t++) {
                Map<String, String> e = expected.get(t);
                Map<String, String> a = actual.get(t);
                assertEquals(e.get("timestamp"), a.get("timestamp"), series + " row " + t);
                assertEquals(Double.parseDouble(e.get("value")), Double.parseDouble(a.get("value")), series);
                for (String score : List.of("raw_score", "likelihood", "error_likelihood", "anomaly_score")) {
                    assertEquals(e.get(score), String.format(Locale.ROOT, "%.6f", Double.parseDouble(a.get(score))),
                            series + " row " + t + " " + score);
                }
            }
        }
    }

    @Test
    void eachSeriesForecastsAsThePredictCommandForecastsItsFileAlone() throws Exception {
        Path out = dir.resolve("predict");
        Run run = spark(withJob("predict", out, "--horizon", "2", "--time-features"));
        assertEquals(0, run.exitCode(), run.err());
        Map<String, List<Map<String, String>>> spark = SparkOutput.bySeries(out);
        for (String series : SERIES) {
            Path single = dir.resolve("predict-" + series);
            assertEquals(0, DeepHtm.commandLine().execute("predict", "--input", input.resolve(series + ".csv")
                    .toString(), "--column", "value", "--horizon", "2", "--time-features", "-o", single.toString(),
                    "--quiet"));
            List<Map<String, String>> expected = SparkOutput.readCsv(single.resolve(series + "_predictions.csv"));
            List<Map<String, String>> actual = spark.get(series);
            assertEquals(expected.size(), actual.size(), series);
            for (int t = 0; t < expected.size(); t++) {
                Map<String, String> e = expected.get(t);
                Map<String, String> a = actual.get(t);
                assertEquals(e.get("timestamp"), a.get("timestamp"), series + " row " + t);
                String prediction = a.get("prediction").isEmpty() ? "" : new BigDecimal(a.get("prediction"))
                        .round(new MathContext(7)).stripTrailingZeros().toPlainString();
                assertEquals(e.get("prediction"), prediction, series + " row " + t);
                assertEquals(e.get("anomaly_score"), String.format(Locale.ROOT, "%.6f",
                        Double.parseDouble(a.get("anomaly_score"))), series + " row " + t);
            }
        }
    }

    @Test
    void aBadValueFailsWithOneLineNamingTheSeriesAndTheRow() throws Exception {
        Path bad = dir.resolve("bad");
        TestSeries.writeFile(bad.resolve("broken.csv"), List.of(
                new TestSeries.Line("broken", "2014-07-01 00:00:00", "1.0"),
                new TestSeries.Line("broken", "2014-07-01 00:30:00", "n/a"),
                new TestSeries.Line("broken", "2014-07-01 01:00:00", "2.0")));
        CommandLine cli = DeepHtm.withErrorHandling(new CommandLine(new SparkCommand()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("anomaly", "--input", bad.toString(), "--output", dir.resolve("bad-out").toString(),
                "--master", "local[2]", "--conf", "spark.ui.enabled=false");
        assertEquals(DeepHtm.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().strip().equals("anomaly: series broken at 2014-07-01 00:30:00: 'n/a' in column "
                + "value is not a number"), err.toString());
    }
}
