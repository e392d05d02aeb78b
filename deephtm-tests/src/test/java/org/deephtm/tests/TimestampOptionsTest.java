package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.tests.support.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predict} and {@code anomaly} read the timestamps of the files users bring: Numenta's own
 * {@code M/d/yy H:mm}, a form given with {@code --timestamp-format}, or none with
 * {@code --timestamp none}; a date order the file does not show is an error naming the option.
 */
class TimestampOptionsTest {

    private static final String[] SMALL = {"--columns", "32", "--active-columns", "2", "--cells-per-column", "2",
            "--decoder-size", "16", "--quiet"};

    @TempDir
    Path dir;

    /** {@code rows} rows, {@code minutes} apart from 2010-07-02 00:00, timestamps written by {@code pattern}. */
    private Path series(String name, String pattern, int rows, int minutes) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern);
        StringBuilder csv = new StringBuilder("timestamp,kw_energy_consumption\n");
        LocalDateTime start = LocalDateTime.of(2010, 7, 2, 0, 0);
        for (int t = 0; t < rows; t++) {
            csv.append(format.format(start.plusMinutes((long) minutes * t))).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", 20 + 5 * Math.sin(t / 4.0))).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private static String[] with(String[] options, String... args) {
        String[] all = new String[args.length + options.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return all;
    }

    @Test
    void numentasHotGymTimestampsAreRead() throws IOException {
        Path hotGym = series("rec-center-hourly.csv", "M/d/yy H:mm", 150, 120); // 7/2/10 0:00 to 7/14/10 10:00
        Path out = dir.resolve("out");
        Commands.Outcome predict = Commands.run(with(SMALL, "predict", "--input", hotGym.toString(), "--column",
                "kw_energy_consumption", "--time-features", "-o", out.toString()));
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> predictions = Files.readAllLines(out.resolve("rec-center-hourly_predictions.csv"));
        assertTrue(predictions.get(1).startsWith("7/2/10 0:00,"), "as written: " + predictions.get(1));

        Commands.Outcome anomaly = Commands.run("anomaly", "--input", hotGym.toString(), "--column",
                "kw_energy_consumption", "--time-of-day", "--quiet", "-o", out.toString());
        assertEquals(0, anomaly.exitCode(), anomaly.err());
        List<String> scores = Files.readAllLines(out.resolve("rec-center-hourly_anomaly.csv"));
        assertTrue(scores.get(150).startsWith("2010-07-14 10:00:00,"), scores.get(150));
    }

    @Test
    void aDateOrderTheFileDoesNotShowIsRefusedNamingTheOption() throws IOException {
        Path early = series("early.csv", "M/d/yy H:mm", 100, 60); // 7/2/10 to 7/6/10: no field above 12
        for (String command : new String[] {"predict", "anomaly"}) {
            Commands.Outcome o = Commands.run(with(SMALL, command, "--input", early.toString(), "--column",
                    "kw_energy_consumption", "-o", dir.resolve("out").toString()));
            assertEquals(DeepHtm.BAD_INPUT, o.exitCode(), o.err());
            assertTrue(o.err().contains("could be month/day or day/month (no field is above 12): give the order with "
                    + "--timestamp-format M/d/yy H:mm (month first) or --timestamp-format d/M/yy H:mm (day first)"),
                    o.err());
        }
        Commands.Outcome given = Commands.run(with(SMALL, "predict", "--input", early.toString(), "--column",
                "kw_energy_consumption", "--timestamp-format", "M/d/yy H:mm", "--time-features", "-o",
                dir.resolve("given").toString()));
        assertEquals(0, given.exitCode(), given.err());
    }

    @Test
    void anyFormIsReadWithAPattern() throws IOException {
        Path dotted = series("dotted.csv", "dd.MM.yyyy HH:mm:ss", 100, 30);
        Commands.Outcome o = Commands.run("anomaly", "--input", dotted.toString(), "--column", "kw_energy_consumption",
                "--timestamp-format", "dd.MM.yyyy HH:mm:ss", "--time-of-day", "--quiet", "-o",
                dir.resolve("out").toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("(2010-07-0"), "the peak's time is named: " + o.out());
    }

    @Test
    void noneStreamsWithoutTimestampsWhateverTheColumnHolds() throws IOException {
        Path odd = Files.writeString(dir.resolve("odd.csv"), "timestamp,value\n" + "yesterday,1\n".repeat(3)
                + "today,2\n".repeat(60));
        Path out = dir.resolve("out");
        Commands.Outcome predict = Commands.run(with(SMALL, "predict", "--input", odd.toString(), "--column", "value",
                "--timestamp", "none", "-o", out.toString()));
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(Files.readAllLines(out.resolve("odd_predictions.csv")).get(1).startsWith("0,"));
        Commands.Outcome anomaly = Commands.run("anomaly", "--input", odd.toString(), "--column", "value",
                "--timestamp", "none", "--quiet", "-o", out.toString());
        assertEquals(0, anomaly.exitCode(), anomaly.err());
        assertTrue(Files.readAllLines(out.resolve("odd_anomaly.csv")).get(0).startsWith("row,"));
        Commands.Outcome timeOfDay = Commands.run("anomaly", "--input", odd.toString(), "--column", "value",
                "--timestamp", "none", "--time-of-day", "--quiet", "-o", out.toString());
        assertEquals(DeepHtm.BAD_INPUT, timeOfDay.exitCode(), timeOfDay.err());
        assertTrue(timeOfDay.err().contains("--time-of-day needs timestamps: --timestamp none reads none"),
                timeOfDay.err());
    }
}
