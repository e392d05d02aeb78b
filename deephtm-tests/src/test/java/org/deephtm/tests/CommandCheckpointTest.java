package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.tests.support.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predict} and {@code anomaly} with {@code --save} and {@code --resume}: the first half of a
 * file, saved, then the second half resumed, writes exactly the rows the whole file gives in one
 * run (every printed digit of every prediction and score).
 */
class CommandCheckpointTest {

    private static final String[] SMALL = {"--encoder-size", "16", "--columns", "32", "--active-columns", "2",
            "--cells-per-column", "2", "--decoder-size", "16", "--quiet"};

    @TempDir
    Path dir;

    /** Half-hourly rows of a daily rhythm with a little noise: {@code timestamp,value}. */
    private Path series(String name, int from, int to) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        LocalDateTime start = LocalDateTime.of(2014, 7, 1, 0, 0);
        java.util.Random noise = new java.util.Random(5);
        for (int t = 0; t < to; t++) {
            double value = 100 + 30 * Math.sin(2 * Math.PI * t / 48) + noise.nextGaussian();
            if (t >= from) {
                csv.append(String.format(Locale.ROOT, "%s,%.3f%n", start.plusMinutes(30L * t).toString()
                        .replace('T', ' ') + ":00", value));
            }
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private static String[] with(String[] small, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(small));
        return all.toArray(String[]::new);
    }

    private static List<String> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size());
    }

    @ParameterizedTest(name = "horizon {0}")
    @ValueSource(ints = {1, 3})
    void predictResumedOnTheSecondHalfEqualsTheWholeFile(int horizon) throws IOException {
        Path whole = series("whole.csv", 0, 400);
        Path first = series("first.csv", 0, 200);
        Path second = series("second.csv", 200, 400);
        Path save = dir.resolve("saves/predict.zip");
        String h = Integer.toString(horizon);
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", whole.toString(), "--column", "value",
                "--horizon", h, "-o", dir.resolve("a").toString())).exitCode());
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", first.toString(), "--column", "value",
                "--horizon", h, "--save", save.toString(), "-o", dir.resolve("b").toString())).exitCode());
        Commands.Outcome resumed = Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column",
                "value", "--horizon", h, "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());

        List<String> all = rows(dir.resolve("a/whole_predictions.csv"));
        List<String> firstHalf = rows(dir.resolve("b/first_predictions.csv"));
        List<String> secondHalf = rows(dir.resolve("c/second_predictions.csv"));
        assertEquals(all.subList(0, 200), firstHalf);
        assertEquals(all.subList(200, 400), secondHalf, "the resumed rows, predictions made before the save included");
        assertFalse(secondHalf.get(0).split(",", -1)[2].isEmpty(), "the first resumed row has its prediction");
    }

    @ParameterizedTest(name = "--predict {0}")
    @ValueSource(strings = {"value", "change", "blend"})
    void eachForecastResumesExactlyAndAResumeWithoutPredictContinuesTheSavedOne(String predict) throws IOException {
        Path whole = series("whole.csv", 0, 300);
        Path first = series("first.csv", 0, 150);
        Path second = series("second.csv", 150, 300);
        Path save = dir.resolve("predict.zip");
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", whole.toString(), "--column", "value",
                "--horizon", "2", "--predict", predict, "-o", dir.resolve("a").toString())).exitCode());
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", first.toString(), "--column", "value",
                "--horizon", "2", "--predict", predict, "--save", save.toString(), "-o", dir.resolve("b").toString()))
                .exitCode());
        Commands.Outcome resumed = Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column",
                "value", "--horizon", "2", "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(rows(dir.resolve("a/whole_predictions.csv")).subList(150, 300),
                rows(dir.resolve("c/second_predictions.csv")),
                "the scalings, the change's statistics, the blend's weights and pending forecasts carried");
    }

    @Test
    void predictSavesEveryNRowsAndResumesFromTheLastSave() throws IOException {
        Path whole = series("whole.csv", 0, 300);
        Path first = series("first.csv", 0, 150);
        Path second = series("second.csv", 150, 300);
        Path save = dir.resolve("predict.zip");
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", whole.toString(), "--column", "value",
                "-o", dir.resolve("a").toString())).exitCode());
        // Saves after rows 50, 100 and 150: the last is where the first half ends.
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", first.toString(), "--column", "value",
                "--save", save.toString(), "--save-every", "50", "-o", dir.resolve("b").toString())).exitCode());
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column", "value",
                "--resume", save.toString(), "-o", dir.resolve("c").toString())).exitCode());
        assertEquals(rows(dir.resolve("a/whole_predictions.csv")).subList(150, 300),
                rows(dir.resolve("c/second_predictions.csv")));
    }

    @Test
    void anomalyResumedOnTheSecondHalfEqualsTheWholeFile() throws IOException {
        Path whole = series("whole.csv", 0, 1200);
        Path first = series("first.csv", 0, 600);
        Path second = series("second.csv", 600, 1200);
        Path save = dir.resolve("anomaly.zip");
        // One probationary period for all three runs: NAB's rule would take it from each file's length.
        assertEquals(0, Commands.run("anomaly", "--input", whole.toString(), "--column", "value", "--quiet",
                "--probation", "180", "-o", dir.resolve("a").toString()).exitCode());
        assertEquals(0, Commands.run("anomaly", "--input", first.toString(), "--column", "value", "--quiet",
                "--probation", "180", "--save", save.toString(), "-o", dir.resolve("b").toString()).exitCode());
        Commands.Outcome resumed = Commands.run("anomaly", "--input", second.toString(), "--column", "value",
                "--quiet", "--resume", save.toString(), "-o", dir.resolve("c").toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        List<String> all = rows(dir.resolve("a/whole_anomaly.csv"));
        assertEquals(all.subList(0, 600), rows(dir.resolve("b/first_anomaly.csv")));
        assertEquals(all.subList(600, 1200), rows(dir.resolve("c/second_anomaly.csv")),
                "raw score, likelihood and final score of every resumed row");
        assertTrue(all.subList(600, 1200).stream().anyMatch(line -> !line.endsWith(",0.030103")),
                "the likelihood is past its probation in the second half");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"predict", "anomaly"})
    void aResumedRunSaysWhereTheSaveStandsAndRefusesRowsItLearned(String command) throws IOException {
        Path first = series("first.csv", 0, 200);
        Path second = series("second.csv", 200, 300);
        Path overlapping = series("overlapping.csv", 150, 300);
        Path save = dir.resolve("stream.zip");
        String[] options = command.equals("predict") ? SMALL : new String[] {"--quiet", "--probation", "100"};
        assertEquals(0, Commands.run(with(options, command, "--input", first.toString(), "--column", "value",
                "--save", save.toString(), "-o", dir.resolve("b").toString())).exitCode());

        Commands.Outcome refused = Commands.run(with(options, command, "--input", overlapping.toString(), "--column",
                "value", "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(DeepHtm.BAD_INPUT, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("starts at 2014-07-04 03:00:00, and " + save + " has learned the stream "
                + "up to row 200 (2014-07-05 03:30:00): give the rows after 2014-07-05 03:30:00; its rows after it "
                + "start at line 52"), refused.err());
        assertFalse(Files.exists(dir.resolve("c")), "a refused run writes nothing");

        Commands.Outcome resumed = Commands.run(with(options, command, "--input", second.toString(), "--column",
                "value", "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("continuing the stream saved in " + save + " after its row 200 "
                + "(2014-07-05 03:30:00): the first row of second.csv is row 201 of the stream"), resumed.out());
    }

    @Test
    void resumingWithOtherInputsHorizonOrPredictIsRefusedByName() throws IOException {
        Path first = series("first.csv", 0, 100);
        Path second = series("second.csv", 100, 200);
        Path save = dir.resolve("predict.zip");
        assertEquals(0, Commands.run(with(SMALL, "predict", "--input", first.toString(), "--column", "value",
                "--save", save.toString(), "-o", dir.resolve("b").toString())).exitCode());
        Commands.Outcome horizon = Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column",
                "value", "--horizon", "2", "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(DeepHtm.BAD_INPUT, horizon.exitCode());
        assertTrue(horizon.err().contains("--horizon 1"), horizon.err());
        Commands.Outcome inputs = Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column",
                "value", "--time-features", "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(DeepHtm.BAD_INPUT, inputs.exitCode());
        assertTrue(inputs.err().contains("--time-features"), inputs.err());
        Commands.Outcome predict = Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column",
                "value", "--predict", "change", "--resume", save.toString(), "-o", dir.resolve("c").toString()));
        assertEquals(DeepHtm.BAD_INPUT, predict.exitCode());
        assertTrue(predict.err().contains("was saved with --predict blend; give the same"), predict.err());
        Commands.Outcome missing = Commands.run(with(SMALL, "predict", "--input", second.toString(), "--column",
                "value", "--resume", dir.resolve("nothing.zip").toString(), "-o", dir.resolve("c").toString()));
        assertEquals(DeepHtm.BAD_INPUT, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
