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

/** {@code deephtm bench --quick}: the JSON file holds every measurement of the table (no timing is asserted). */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void aQuickRunWritesEveryMeasurementOfTheTable() throws IOException {
        Path json = dir.resolve("bench.json");

        int exit = DeepHtm.commandLine().execute("bench", "--quick", "--engine-steps", "40", "--dl4j-steps", "4",
                "--windows", "4", "--streams", "4", "--stream-window", "4", "--htm-cells", "0", "--quiet", "-o",
                json.toString());

        assertEquals(0, exit);
        JsonNode table = new ObjectMapper().readTree(json.toFile());
        assertTrue(table.get("environment").asText().contains("OMP_NUM_THREADS="), table.toString());
        assertTrue(table.get("lstm_size").asInt() > 0);
        List<String> rows = new ArrayList<>();
        for (JsonNode m : table.get("measurements")) {
            rows.add(m.get("row").asText() + " | " + m.get("network").asText() + " | " + m.get("machinery").asText()
                    + " | " + m.get("updater").asText());
            assertTrue(m.get("steps_per_second").asDouble() > 0, m.toString());
            assertTrue(m.get("parameters").asLong() > 0, m.toString());
            assertTrue(m.has("nrmse") && m.has("bytes_per_step") && m.has("ms_per_step"), m.toString());
            boolean engineWithDl4jBeside = m.get("machinery").asText().equals("engine")
                    && !m.get("row").asText().startsWith("(c) 4 streams, window 1");
            assertEquals(engineWithDl4jBeside, m.get("engine_over_dl4j").isNumber(), m.toString());
        }
        assertEquals(List.of(
                "(a) 1 stream, window 1 | seed | engine | mixed",
                "(a) 1 stream, window 1 | seed | engine | lazy-adam",
                "(a) 1 stream, window 1 | seed | engine | adam",
                "(a) 1 stream, window 1 | seed | engine | sgd",
                "(a) 1 stream, window 1 | seed | DL4J | adam",
                "(a) 1 stream, window 1 | default | engine | mixed",
                "(a) 1 stream, window 1 | default | DL4J | mixed",
                "(a) 1 stream, window 1 | LSTM | DL4J | adam",
                "(b) 1 stream, window 4 | seed | engine | mixed",
                "(b) 1 stream, window 4 | seed | DL4J | adam",
                "(b) 1 stream, window 4 | LSTM | DL4J | adam",
                "(c) 4 streams, window 1 | seed | engine | mixed",
                "(c) 4 streams, window 4 | seed | engine | mixed",
                "(c) 4 streams, window 4 | seed | DL4J | adam",
                "(c) 4 streams, window 4 | LSTM | DL4J | adam"), rows);
        assertEquals("example-steps/s", table.get("measurements").get(12).get("unit").asText());
    }
}
