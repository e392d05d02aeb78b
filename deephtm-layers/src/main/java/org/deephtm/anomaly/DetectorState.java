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
 * input scaling's range, the likelihood's and the spatial rule's state, whether the time of day
 * is an input, and the prediction error's likelihood with the prediction for the next record.
 * Saves from before the prediction error read {@code errorScorer} and {@code expected} as null
 * (Java serialization leaves a record's missing components at their defaults), so they continue
 * without it, as they ran.
 *
 * @param errorScorer the prediction error's likelihood, null when the detector does not score it
 * @param expected    the value predicted for the next record, NaN before the first; null in older saves
 */
record DetectorState(long rows, InputScaling scaling, AnomalyScorer scorer, boolean timeOfDay,
                     AnomalyScorer errorScorer, Double expected) implements Serializable {

    /** The attachment's key in the save ({@code OnlineLearner.save}), the same as before the detector moved. */
    static final String KEY = "anomaly-stream";

    /**
     * The classes {@code deephtm anomaly --save} wrote before the detector moved here from the
     * examples, with the same fields as these.
     */
    private static final Map<String, Class<?>> MOVED = Map.of(
            "org.deephtm.examples.nab.AnomalyExperiment$StreamState", MovedState.class,
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
                Object state = in.readObject();
                return state instanceof MovedState moved ? moved.state() : (DetectorState) state;
            } catch (ClassNotFoundException | ClassCastException e) {
                throw new IOException(file + ": the anomaly detector's stream is unreadable (" + e + ")", e);
            }
        }
    }

    /**
     * The state as the examples saved it before the move: its fields, read with this class's
     * description, must be the old class's, which the later components of {@link DetectorState} are not.
     */
    private record MovedState(long rows, InputScaling scaling, AnomalyScorer scorer, boolean timeOfDay)
            implements Serializable {

        DetectorState state() {
            return new DetectorState(rows, scaling, scorer, timeOfDay, null, null);
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
