package org.deephtm.anomaly;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where an {@link AnomalyDetector}'s stream stands, saved beside its network: the records seen, the
 * input scaling's range, the likelihood's and the spatial rule's state, and whether the time of day
 * is an input.
 */
record DetectorState(long rows, InputScaling scaling, AnomalyScorer scorer, boolean timeOfDay)
        implements Serializable {

    /** The attachment's key in the save ({@code OnlineLearner.save}), the same as before the detector moved. */
    static final String KEY = "anomaly-stream";

    /**
     * The classes {@code deephtm anomaly --save} wrote before the detector moved here from the
     * examples, with the same fields as these.
     */
    private static final Map<String, Class<?>> MOVED = Map.of(
            "org.deephtm.examples.nab.AnomalyExperiment$StreamState", DetectorState.class,
            "org.deephtm.examples.nab.DeepHtmDetector$InputScaling", InputScaling.class,
            "org.deephtm.examples.nab.AnomalyScores$Scorer", AnomalyScorer.class);

    /**
     * The state saved in {@code file}. {@code OnlineLearner.save} writes each attachment to the
     * zip entry {@code objects/<key>} with Java serialization; read here so that the classes saves
     * of earlier releases name resolve to their new homes.
     */
    static DetectorState read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("objects/" + KEY);
            if (entry == null) {
                throw new IOException(file + " holds no anomaly detector's stream (saved by another command?): "
                        + "give a file the anomaly detector saved");
            }
            try (ObjectInputStream in = new MovedClasses(zip.getInputStream(entry))) {
                return (DetectorState) in.readObject();
            } catch (ClassNotFoundException | ClassCastException e) {
                throw new IOException(file + ": the anomaly detector's stream is unreadable (" + e + ")", e);
            }
        }
    }

    /** Reads a moved class with its new class's description (the fields are the same). */
    private static final class MovedClasses extends ObjectInputStream {

        MovedClasses(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
            ObjectStreamClass saved = super.readClassDescriptor();
            Class<?> moved = MOVED.get(saved.getName());
            return moved == null ? saved : ObjectStreamClass.lookup(moved);
        }
    }
}
