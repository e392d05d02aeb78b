package org.deephtm.tests.live;

import org.deephtm.examples.cli.DeepHtm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run without {@code --live} loads nothing of the live view: neither its classes nor the JDK's
 * HTTP server. Each run is a {@code deephtm sine} in a JVM of its own that logs the classes it loads.
 */
class LiveViewLoadingTest {

    @TempDir
    Path dir;

    /** The classes a {@code deephtm} run with {@code args} loaded, one log line each. */
    private List<String> loadedBy(String name, String... args) throws Exception {
        Path classes = dir.resolve(name + "-classes.log");
        Path output = dir.resolve(name + ".out");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                DeepHtm.class.getName()));
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertEquals(0, run.waitFor(), Files.readString(output));
        return Files.readAllLines(classes);
    }

    private static boolean loads(List<String> log, String prefix) {
        return log.stream().anyMatch(line -> line.contains(" " + prefix));
    }

    @Test
    void onlyLiveLoadsTheLiveViewAndTheHttpServer() throws Exception {
        List<String> plain = loadedBy("plain", "sine", "--steps", "60", "--quiet", "-o",
                dir.resolve("plain").toString());
        assertTrue(loads(plain, "org.deephtm.examples.sine.SineExperiment"), "the log lists the run's classes");
        assertTrue(loads(plain, "org.deephtm.examples.watch.RunWatch"), "the runs take a RunWatch");
        for (String prefix : List.of("org.deephtm.examples.live.", "com.sun.net.httpserver.", "sun.net.httpserver.",
                "com.google.gson.stream.JsonWriter")) {
            assertTrue(!loads(plain, prefix), "without --live nothing of " + prefix + " loads");
        }

        List<String> live = loadedBy("live", "sine", "--steps", "60", "--quiet", "--live", "0", "--pace", "0", "-o",
                dir.resolve("live").toString());
        for (String prefix : List.of("org.deephtm.examples.live.LiveServer", "com.sun.net.httpserver.HttpServer")) {
            assertTrue(loads(live, prefix), "with --live, " + prefix + " loads");
        }
    }
}
