package org.deephtm.tests.online;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.online.OnlineLearner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed (SIGKILL) while it saves leaves the previous save whole: {@link OnlineLearner#save}
 * writes beside the destination and renames. The kill lands mid-save for sure: the child process
 * ({@link HeldSave}) holds its last save inside the write and says so, and the test sees the
 * partial file before and after the kill. And a damaged or truncated file is refused with a
 * message that says so.
 */
class KilledSaveTest {

    @TempDir
    Path dir;

    @Test
    void aProcessKilledMidSaveLeavesTheLastSaveLoadable() throws Exception {
        Path file = dir.resolve("learner.zip");
        Path marker = dir.resolve("inside-the-save");
        Path log = dir.resolve("child.log");
        Path temporary = Files.createDirectories(dir.resolve("tmp")); // where DL4J copies a file it adds to
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.nd4j.tempdir=" + temporary, "-cp", System.getProperty("java.class.path"),
                HeldSave.class.getName(), file.toString(), marker.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(marker)) {
                assertTrue(child.isAlive(), "the saving process ended before its held save:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the held save did not start within 3 minutes");
                Thread.sleep(20);
            }
            assertTornPartialFile();
        } finally {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        assertFalse(child.isAlive());
        assertTornPartialFile(); // the kill landed mid-save: what it was writing stays beside the file

        OnlineLearner restored = OnlineLearner.restore(file, OnlineLearner.Engine.FAST);
        assertEquals(HeldSave.COMPLETE_SAVES, restored.steps(), "the last complete save");
        assertEquals((long) HeldSave.COMPLETE_SAVES, OnlineLearner.attachment(file, HeldSave.STEPS_KEY, Long.class));
        float[] x = ResumedStream.values(HeldSave.COMPLETE_SAVES);
        restored.step(x, x);
        assertTrue(Float.isFinite(restored.prediction()[0]));
    }

    /** One partial file beside the destination, holding a save that is not whole. */
    private void assertTornPartialFile() throws IOException {
        List<Path> partial;
        try (Stream<Path> files = Files.list(dir)) {
            partial = files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
        assertEquals(1, partial.size(), "one save under way: " + partial);
        assertTrue(Files.size(partial.get(0)) > 0, "the save has written into its partial file");
        IOException e = assertThrows(IOException.class, () -> OnlineLearner.restore(partial.get(0)));
        assertTrue(e.getMessage().contains("not a whole OnlineLearner save"), e.getMessage());
    }

    @Test
    void aTruncatedOrDamagedSaveIsRefusedByName() throws IOException {
        Path file = dir.resolve("learner.zip");
        OnlineLearner learner = new OnlineLearner(ResumedStream.network(1, TemporalMemory.Connectivity.DENSE), 1, 1,
                OnlineLearner.Engine.FAST);
        float[] x = {0.1f, 0.2f};
        learner.step(x, x);
        learner.save(file);
        byte[] whole = Files.readAllBytes(file);

        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> OnlineLearner.restore(truncated));
        assertTrue(e.getMessage().contains("not a whole OnlineLearner save"), e.getMessage());

        byte[] flipped = whole.clone();
        for (int i = whole.length / 3; i < whole.length / 3 + 64; i++) {
            flipped[i] ^= 0x5a;
        }
        Path damaged = Files.write(dir.resolve("damaged.zip"), flipped);
        e = assertThrows(IOException.class, () -> OnlineLearner.restore(damaged));
        assertTrue(e.getMessage().contains("not a whole OnlineLearner save"), e.getMessage());

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a model");
        e = assertThrows(IOException.class, () -> OnlineLearner.restore(text));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());

        assertEquals(whole.length, Files.size(file), "the good save is untouched");
    }
}
