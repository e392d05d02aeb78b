package org.deephtm.online;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored state of every recurrent layer of a network ({@code TemporalMemory}, LSTM, ...): what
 * {@code rnnTimeStep} continues from. A value that can be copied, put back, and saved next to the
 * model in the same {@link ModelSerializer} file, so that a stream can stop and resume exactly
 * where it was.
 *
 * <pre>{@code
 * ModelSerializer.writeModel(net, file, true);
 * RecurrentState.of(net).saveTo(file);
 * ...
 * MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
 * RecurrentState.loadFrom(file).applyTo(restored);
 * }</pre>
 */
public final class RecurrentState implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The entry name under which {@link #saveTo} stores the state in a model file. */
    public static final String MODEL_FILE_KEY = "deephtm-recurrent-state";

    private final TreeMap<Integer, HashMap<String, INDArray>> layers;

    private RecurrentState(TreeMap<Integer, HashMap<String, INDArray>> layers) {
        this.layers = layers;
    }

    /** A copy of the {@code rnnTimeStep} state of every recurrent layer of {@code net}. */
    public static RecurrentState of(MultiLayerNetwork net) {
        return capture(net, false);
    }

    /** A copy of the state each recurrent layer kept at the end of its last truncated-BPTT segment. */
    static RecurrentState ofTruncatedBptt(MultiLayerNetwork net) {
        return capture(net, true);
    }

    private static RecurrentState capture(MultiLayerNetwork net, boolean tbptt) {
        TreeMap<Integer, HashMap<String, INDArray>> layers = new TreeMap<>();
        Layer[] all = net.getLayers();
        for (int i = 0; i < all.length; i++) {
            if (all[i] instanceof RecurrentLayer recurrent) {
                Map<String, INDArray> state = tbptt ? recurrent.rnnGetTBPTTState() : recurrent.rnnGetPreviousState();
                HashMap<String, INDArray> copy = new HashMap<>();
                state.forEach((key, value) -> copy.put(key, value.dup().detach()));
                layers.put(i, copy);
            }
        }
        return new RecurrentState(layers);
    }

    /** The temporal memories' states, key to {@code [streams, N]} by layer index, as a state (the online engine's form). */
    static RecurrentState ofStates(Map<Integer, Map<String, float[][]>> states) {
        TreeMap<Integer, HashMap<String, INDArray>> layers = new TreeMap<>();
        states.forEach((layer, values) -> {
            HashMap<String, INDArray> state = new HashMap<>();
            values.forEach((key, rows) -> state.put(key, Nd4j.create(rows)));
            layers.put(layer, state);
        });
        return new RecurrentState(layers);
    }

    /** The temporal memories' states by layer index, key to {@code [streams, N]} (layers without cells are left out). */
    Map<Integer, Map<String, float[][]>> states() {
        Map<Integer, Map<String, float[][]>> out = new TreeMap<>();
        layers.forEach((layer, state) -> {
            if (state.containsKey(TemporalMemoryRuntime.STATE_CELLS)) {
                Map<String, float[][]> values = new TreeMap<>();
                state.forEach((key, value) -> values.put(key, value.castTo(DataType.FLOAT).toFloatMatrix()));
                out.put(layer, values);
            }
        });
        return out;
    }

    /** Sets every recurrent layer of {@code net} to this state (copies, so this value stays unchanged). */
    public void applyTo(MultiLayerNetwork net) {
        Layer[] all = net.getLayers();
        layers.forEach((index, state) -> {
            if (index >= all.length || !(all[index] instanceof RecurrentLayer recurrent)) {
                throw new IllegalArgumentException("This state was captured from a network with a recurrent layer at "
                        + "index " + index + ", which this network does not have");
            }
            Map<String, INDArray> copy = new HashMap<>();
            state.forEach((key, value) -> copy.put(key, value.dup()));
            recurrent.rnnSetPreviousState(copy);
        });
    }

    /** The stored state of layer {@code index}, empty if it has none (read-only). */
    public Map<String, INDArray> layer(int index) {
        return Collections.unmodifiableMap(layers.getOrDefault(index, new HashMap<>()));
    }

    /** Adds this state to an existing model file written by {@link ModelSerializer}. */
    public void saveTo(File modelFile) throws IOException {
        ModelSerializer.addObjectToFile(modelFile, MODEL_FILE_KEY, this);
    }

    /** Reads the state {@link #saveTo} stored in a model file. */
    public static RecurrentState loadFrom(File modelFile) throws IOException {
        try {
            return ModelSerializer.getObjectFromFile(modelFile, MODEL_FILE_KEY);
        } catch (IllegalStateException e) {
            throw new IOException("No recurrent state in " + modelFile + ": it was saved without RecurrentState.saveTo",
                    e);
        }
    }
}
