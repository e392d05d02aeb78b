package org.deephtm.tests.online;

import org.deephtm.online.OnlineLearner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed (SIGKILL) while it saves leaves the previous save whole: {@link OnlineLearner#save}
 * writes beside the destination and renames. And a damaged or truncated file is refused with a
 * message that says so.
 */
class KilledSaveTest {

    @TempDir
    Path dir;

    @Test
    void aProcessKilledMidSaveLeavesTheLastSaveLoadable() throws Exception {
        Path file = dir.resolve("learner.zip");
        Random random = new Random(11);
        int partialsSeen = 0;
        for (int kill = 0; kill < 3; kill++) {
            Path marker = dir.resolve("saved-" + kill);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), SavingLoop.class.getName(),
                    file.toString(), marker.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child-" + kill + ".log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!Files.exists(marker)) {
                    assertTrue(child.isAlive(), "the saving process died:\n"
                            + Files.readString(dir.resolve("child-" + kill + ".log")));
                    assertTrue(System.nanoTime() < deadline, "no save within 3 minutes");
                    Thread.sleep(20);
                }
                Thread.sleep(200 + random.nextInt(800));
            } finally {
                child.destroyForcibly();
                child.waitFor(1, TimeUnit.MINUTES);
            }
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> partial = files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
                partialsSeen += partial.size();
                for (Path p : partial) {
                    Files.delete(p); // what a killed save leaves; a later save never reads it
                }
            }
            OnlineLearner restored = OnlineLearner.restore(file, OnlineLearner.Engine.FAST);
            assertTrue(restored.steps() >= 1, "the save holds a stream");
            restored.step(new float[] {0.5f}, new float[] {0.5f});
            assertTrue(Float.isFinite(restored.prediction()[0]));
        }
        System.out.printf("killed 3 saving processes; %d left a partial file behind (killed mid-write)%n",
                partialsSeen);
    }

    @Test
    void aTruncatedOrDamagedSaveIsRefusedByName() throws IOException {
        Path file = dir.resolve("learner.zip");
        OnlineLearner learner = new OnlineLearner(ResumedStream.network(1), 1, 1, OnlineLearner.Engine.FAST);
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
