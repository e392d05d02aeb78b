package org.deephtm.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Small synthetic series for the tests: a daily rhythm (48 rows of 30 minutes) with noise and one
 * jump, each series with its own phase and seed, written as one CSV per series or as a long table.
 */
final class TestSeries {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final LocalDateTime START = LocalDateTime.of(2014, 7, 1, 0, 0);

    /** One row: its series, time as written, value as written. */
    record Line(String series, String timestamp, String value) {
    }

    private TestSeries() {
    }

    /** {@code rows} rows of series number {@code k}. */
    static List<Line> series(String name, int k, int rows) {
        Random random = new Random(1000 + k);
        List<Line> lines = new ArrayList<>();
        for (int t = 0; t < rows; t++) {
            double value = 10 + 5 * Math.sin(2 * Math.PI * t / 48 + k) + random.nextGaussian() * 0.3
                    + (t > rows * 3 / 4 ? 8 : 0);
            lines.add(new Line(name, TIME.format(START.plusMinutes(30L * t)),
                    String.format(Locale.ROOT, "%.3f", value)));
        }
        return lines;
    }

    /** A CSV with a timestamp and a value column. */
    static Path writeFile(Path file, List<Line> lines) throws IOException {
        List<String> text = new ArrayList<>(List.of("timestamp,value"));
        lines.forEach(l -> text.add(l.timestamp() + "," + l.value()));
        Files.createDirectories(file.getParent());
        return Files.write(file, text);
    }

    /** A CSV long table: series, timestamp, value. */
    static Path writeTable(Path file, List<Line> lines) throws IOException {
        List<String> text = new ArrayList<>(List.of("series,timestamp,value"));
        lines.forEach(l -> text.add(l.series() + "," + l.timestamp() + "," + l.value()));
        Files.createDirectories(file.getParent());
        return Files.write(file, text);
    }
}
