package org.deephtm.examples.predict;

import org.deephtm.networks.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastSweepTest {

    @TempDir
    Path dir;

    private Path series(String name, double period) throws IOException {
        StringBuilder csv = new StringBuilder("value\n");
        for (int t = 0; t < 200; t++) {
            csv.append(String.format(Locale.ROOT, "%.4f%n", 50 + 10 * Math.sin(2 * Math.PI * t / period)));
        }
        Files.createDirectories(dir.resolve("data"));
        return Files.writeString(dir.resolve("data").resolve(name), csv);
    }

    @Test
    void eachKindGetsARowAndEachBlendItsWeights() throws IOException {
        series("a.csv", 6);
        series("b.csv", 9);
        SeedNetwork.Builder small = SeedNetwork.builder().encoderSize(16).columns(32).activeColumns(2)
                .cellsPerColumn(2).decoderSize(16);
        ForecastSweep.Options o = new ForecastSweep.Options(dir.resolve("data"), List.of("a.csv", "b.csv"),
                List.of(1, 3), 0, false, dir.resolve("runs"), List.of(ForecastTarget.Kind.BLEND,
                ForecastTarget.Kind.VALUE), small);
        List<ForecastSweep.Run> runs = ForecastSweep.load(o, warning -> { });
        String table = ForecastSweep.run(o, runs, "test", done -> { });

        List<String> lines = table.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| series"))
                .toList();
        assertEquals(2 * 2 * 2 + 2 * 2, lines.size(), table); // files x horizons x kinds, then the blends' weights
        assertEquals(4, lines.stream().filter(line -> line.contains("| blend |")).count(), table);
        for (String line : lines.subList(8, 12)) {
            double[] weights = Arrays.stream(line.split("\\|")).skip(3).map(String::trim)
                    .mapToDouble(Double::parseDouble).toArray();
            assertEquals(ForecastBlend.EXPERTS.size(), weights.length, line);
            assertEquals(1, Arrays.stream(weights).sum(), 0.03, line); // each printed to 2 decimals
        }
        for (String line : lines.subList(0, 8)) {
            // a sine's changes follow a linear recurrence: the autoregression alone learns it, at any horizon,
            // and leaves the last value far behind within the file's 200 rows
            String[] cells = line.split("\\|");
            double lastValue = Double.parseDouble(cells[7].trim());
            double autoregression = Double.parseDouble(cells[9].trim());
            assertTrue(autoregression < 0.25 * lastValue, "the autoregression's NRMSE against the last value's: " + line);
        }
        assertTrue(Files.exists(dir.resolve("runs/a_h3_blend/a_predictions.csv")), "each run's files");
    }
}
