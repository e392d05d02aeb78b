package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deephtm bench --quick}: the JSON file holds every row of the table (no timing is asserted). */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void aQuickRunWritesEveryRowOfTheTable() throws IOException {
        Path json = dir.resolve("bench.json");

        int exit = DeepHtm.commandLine().execute("bench", "--quick", "--steps", "16", "--warmup", "8", "--windows",
                "4", "--streams", "4", "--stream-window", "4", "--quiet", "-o", json.toString());

        assertEquals(0, exit);
        JsonNode table = new ObjectMapper().readTree(json.toFile());
        assertTrue(table.get("environment").asText().contains("OMP_NUM_THREADS="), table.toString());
        assertTrue(table.get("deephtm_parameters").asLong() > 0);
        assertTrue(table.get("lstm_parameters").asLong() > 0);
        List<String> names = new ArrayList<>();
        for (JsonNode row : table.get("rows")) {
            names.add(row.get("name").asText());
            for (String network : List.of("deephtm", "lstm")) {
                assertTrue(row.get(network).get("steps_per_second").asDouble() > 0, row.toString());
                assertTrue(row.get(network).has("nrmse"), row.toString());
            }
            assertTrue(row.get("ratio").asDouble() > 0, row.toString());
        }
        assertEquals(List.of("(a) online, window 1", "(b) windowed, window 4", "(c) 4 streams, window 4"), names);
        assertEquals("example-steps/s", table.get("rows").get(2).get("unit").asText());
    }
}
