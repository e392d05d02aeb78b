package org.deephtm.tests.online;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.online.OnlineLearner;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream cut anywhere, saved, restored in a fresh JVM and continued gives bit for bit the
 * predictions, anomaly scores and weights of the uninterrupted run, learning all along: on the
 * engine and through DL4J, for a horizon of 1 (the engine reuses the prediction's forward pass)
 * and more, in the middle of a window; for the dense memory and for the segment memory, whose
 * structure (segments, synapses, recency) and winner cells travel with the save.
 */
class StreamResumeTest {

    private static final int STEPS = 90;
    private static final int CUT = 47;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, horizon {1}, window {2}, {3}")
    @CsvSource({"FAST, 1, 1, DENSE", "FAST, 1, 4, DENSE", "FAST, 3, 1, DENSE", "FAST, 2, 3, DENSE", "DL4J, 1, 1, DENSE",
            "DL4J, 2, 3, DENSE", "FAST, 1, 1, SEGMENTS", "FAST, 2, 3, SEGMENTS", "DL4J, 1, 2, SEGMENTS"})
    void aStreamResumedInAFreshJvmContinuesBitForBit(OnlineLearner.Engine engine, int horizon, int window,
            TemporalMemory.Connectivity connectivity) throws Exception {
        ResumedStream.Record whole = ResumedStream.feed(new OnlineLearner(ResumedStream.network(window,
                connectivity), horizon, window, engine), 0, STEPS);

        OnlineLearner first = new OnlineLearner(ResumedStream.network(window, connectivity), horizon, window, engine);
        ResumedStream.feed(first, 0, CUT);
        Path saved = dir.resolve("stream.zip");
        first.save(saved);
        Path output = dir.resolve("rest.bin");
        runResume(saved, engine, output);
        ResumedStream.Record rest = ResumedStream.Record.read(output);

        assertEquals(STEPS - CUT, rest.predictions().length);
        for (int t = CUT; t < STEPS; t++) {
            assertArrayEquals(whole.predictions()[t], rest.predictions()[t - CUT], "prediction of step " + t);
            assertArrayEquals(whole.anomalies()[t], rest.anomalies()[t - CUT], "anomaly score of step " + t);
        }
        assertArrayEquals(whole.params(), rest.params(), "weights after the last step");
    }

    private static void runResume(Path saved, OnlineLearner.Engine engine, Path output)
            throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), ResumedStream.class.getName(), saved.toString(),
                engine.name(), Integer.toString(CUT), Integer.toString(STEPS), output.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        String log;
        try (InputStream in = process.getInputStream()) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the resumed run did not finish:\n" + log);
        assertEquals(0, process.exitValue(), "the resumed run failed:\n" + log);
    }
}
