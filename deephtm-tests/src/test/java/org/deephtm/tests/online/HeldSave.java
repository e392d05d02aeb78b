package org.deephtm.tests.online;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.online.OnlineLearner;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A process to be killed in the middle of a save: {@code HeldSave <file> <marker>} learns a step
 * and saves the learner to {@code file}, {@value #COMPLETE_SAVES} times, then starts one more save
 * that holds inside its write. That save's attachment, when serialised, writes the marker file
 * and waits: the save has by then written the network into its partial file, and not yet renamed
 * it over {@code file}.
 */
public final class HeldSave {

    static final int COMPLETE_SAVES = 3;
    /** The attachment holding the number of steps the save has seen. */
    static final String STEPS_KEY = "steps";

    private HeldSave() {
    }

    /** An attachment whose serialisation announces itself, then waits to be killed (records ignore writeObject). */
    private static final class Hold implements Serializable {

        private final String marker;

        Hold(String marker) {
            this.marker = marker;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            Files.writeString(Path.of(marker), "inside the save");
            try {
                Thread.sleep(600_000); // the test kills the process long before; this only ends an orphan
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the held save was not killed");
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        OnlineLearner learner = new OnlineLearner(ResumedStream.network(1, TemporalMemory.Connectivity.DENSE), 1, 1,
                OnlineLearner.Engine.FAST);
        for (int t = 0; t < COMPLETE_SAVES; t++) {
            float[] x = ResumedStream.values(t);
            learner.step(x, x);
            learner.save(file, Map.of(STEPS_KEY, learner.steps()));
        }
        float[] x = ResumedStream.values(COMPLETE_SAVES);
        learner.step(x, x);
        learner.save(file, Map.of(STEPS_KEY, learner.steps(), "hold", new Hold(args[1])));
    }
}
