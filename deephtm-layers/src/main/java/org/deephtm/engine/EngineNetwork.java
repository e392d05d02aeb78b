package org.deephtm.engine;

import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DL4J {@link MultiLayerNetwork} as engine kernels, with copies of its parameters and updater
 * state that can be read from and written back to the network.
 *
 * <p>The engine works on its own copies (rows of floats; see {@link Parameter}), not on the
 * network's arrays, which live off the Java heap. {@link #readFrom} and {@link #writeTo} copy the
 * parameters, the optimizer's moments and the iteration count: every parameter's rows are a
 * contiguous stretch of the network's flat parameter array (the dense layers' weights are stored
 * column by column, which is the engine's row of an output unit), and its moments the same
 * stretch of the updater's state array, so a copy is a run of array copies.
 */
final class EngineNetwork {

    final List<Kernel> kernels = new ArrayList<>();
    final OutputKernel output;
    final List<MemoryKernel> memories = new ArrayList<>();
    final int nIn;
    final int nOut;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, long[]> flatRanges = new LinkedHashMap<>();
    /** Parameters held input-major: a dense layer's weights when it reads a temporal memory's sparse cells. */
    private final java.util.Set<String> inputMajor = new java.util.HashSet<>();
    int iteration;
    int epoch;

    private EngineNetwork(MultiLayerNetwork net, int maxRows, int streams) {
        int layers = net.getnLayers();
        long offset = 0;
        for (int i = 0; i < layers; i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            KernelRegistry.Row<?> row = KernelRegistry.of(conf);
            boolean readsMemory = i > 0
                    && net.getLayerWiseConfigurations().getConf(i - 1).getLayer() instanceof TemporalMemory;
            for (Map.Entry<String, INDArray> p : net.getLayer(i).paramTable().entrySet()) {
                INDArray view = p.getValue();
                String id = id(i, p.getKey());
                int rowLength = rowLength(conf, row, p.getKey(), view);
                if (readsMemory && row != null && row.columnMajor().contains(p.getKey())) {
                    // one row per input unit: the memory's few active cells are a few rows
                    inputMajor.add(id);
                    rowLength = (int) view.size(1);
                }
                int rows = (int) (view.length() / rowLength);
                parameters.put(id, Parameter.of(i, p.getKey(), new float[rows][rowLength], conf.getUpdaterByParam(p.getKey())));
                flatRanges.put(id, new long[] {offset, view.length()});
                offset += view.length();
            }
        }
        Kernel below = null;
        for (int i = 0; i < layers; i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            KernelRegistry.Row<?> row = KernelRegistry.of(conf);
            if (row == null) {
                throw new IllegalArgumentException("layer " + i + " (" + conf.getClass().getSimpleName()
                        + ") has no engine kernel: " + EngineSupport.reasons(net));
            }
            int layer = i;
            Parameters params = new Parameters() {
                public Parameter get(String key) {
                    return param(layer, key);
                }

                public Parameter optional(String key) {
                    return parameters.get(id(layer, key));
                }

                public boolean inputMajor(String key) {
                    return inputMajor.contains(id(layer, key));
                }
            };
            long seed = net.getLayerWiseConfigurations().getConf(i).getSeed();
            Kernel kernel = row.create(conf, new KernelRegistry.Context(i, params, maxRows, streams, below, seed));
            if (below != null) {
                kernel.in = below.out;
            }
            if (kernel instanceof MemoryKernel memory) {
                memories.add(memory);
            }
            kernels.add(kernel);
            below = kernel;
        }
        if (!(below instanceof OutputKernel out)) {
            throw new IllegalArgumentException("the last layer is not an RnnOutputLayer: " + EngineSupport.reasons(net));
        }
        this.output = out;
        this.nIn = kernels.get(0).inputSize;
        this.nOut = out.outputSize;
    }

    /** The engine's form of {@code net}, whose support {@link EngineSupport#reasons} has confirmed; not yet read. */
    static EngineNetwork of(MultiLayerNetwork net, int maxRows, int streams) {
        return new EngineNetwork(net, maxRows, streams);
    }

    /** A layer's parameters, by DL4J key. */
    interface Parameters {
        /** The parameter {@code key}; an error when the layer has none. */
        Parameter get(String key);

        /** The parameter {@code key}, or null. */
        Parameter optional(String key);

        /** True when the weights {@code key} [nIn, nOut] are held one row per input unit instead of per output unit. */
        boolean inputMajor(String key);
    }

    /**
     * The length of the engine's rows of a parameter: DL4J holds the parameters its row lists as
     * column-major ('f' order: a dense layer's weights {@code [nIn, nOut]}, so a row is the nIn
     * weights of one output unit) column by column, and the others ('c' order: the spatial
     * pooler's {@code [nIn, C]}, the temporal memory's {@code [N, N]}) row by row; a vector is one row.
     */
    private static int rowLength(Layer conf, KernelRegistry.Row<?> row, String key, INDArray view) {
        boolean matrix = view.rank() == 2 && view.size(0) > 1 && view.size(1) > 1;
        boolean columnMajor = row != null && row.columnMajor().contains(key);
        char expected = columnMajor ? 'f' : 'c';
        if (matrix && view.ordering() != expected) {
            throw new IllegalStateException("layer " + conf.getLayerName() + " parameter " + key + " is held in '"
                    + view.ordering() + "' order; the engine reads it in '" + expected + "' order");
        }
        if (view.rank() != 2) {
            return (int) view.length();
        }
        return (int) (columnMajor ? view.size(0) : view.size(1));
    }

    private static String id(int layer, String key) {
        return layer + "_" + key;
    }

    private Parameter param(int layer, String key) {
        Parameter p = parameters.get(id(layer, key));
        if (p == null) {
            throw new IllegalStateException("layer " + layer + " has no parameter " + key);
        }
        return p;
    }

    Iterable<Parameter> parameters() {
        return parameters.values();
    }

    // ------------------------------------------------------------------ copies to and from DL4J

    /** Copies the network's parameters, updater state and iteration count into the engine. */
    void readFrom(MultiLayerNetwork net) {
        float[] flat = net.params().dup('c').data().asFloat();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            copy(flat, flatRanges.get(e.getKey())[0], e.getValue().values, true, inputMajor.contains(e.getKey()));
        }
        INDArray stateView = updaterState(net);
        if (stateView != null) {
            float[] state = stateView.dup('c').data().asFloat();
            forEachState(net, (s, offset, transposed) -> copy(state, offset, s, true, transposed));
        }
        iteration = net.getIterationCount();
        epoch = net.getEpochCount();
        for (MemoryKernel memory : memories) {
            memory.parametersRead();
        }
    }

    /** Copies the engine's parameters, updater state and iteration count into the network. */
    void writeTo(MultiLayerNetwork net) {
        float[] flat = new float[(int) net.numParams()];
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            copy(flat, flatRanges.get(e.getKey())[0], e.getValue().values, false, inputMajor.contains(e.getKey()));
        }
        net.params().assign(Nd4j.create(flat, new long[] {1, flat.length}, 'c'));
        INDArray stateView = updaterState(net);
        if (stateView != null) {
            float[] state = stateView.dup('c').data().asFloat();
            forEachState(net, (s, offset, transposed) -> copy(state, offset, s, false, transposed));
            stateView.assign(Nd4j.create(state, stateView.shape(), 'c'));
        }
        net.setIterationCount(iteration);
        net.setEpochCount(epoch);
    }

    private interface StateVisitor {
        void visit(float[][] state, long offset, boolean transposed);
    }

    /** Each optimizer state array of each parameter, with its offset in the updater's flat state array. */
    private void forEachState(MultiLayerNetwork net, StateVisitor visitor) {
        Updater updater = net.getUpdater();
        if (!(updater instanceof BaseMultiLayerUpdater<?> multi)) {
            return;
        }
        for (UpdaterBlock block : multi.getUpdaterBlocks()) {
            int blockLength = block.getParamOffsetEnd() - block.getParamOffsetStart();
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                int layer = ((org.deeplearning4j.nn.api.Layer) p.getLayer()).getIndex();
                float[][][] states = param(layer, p.getParamName()).state();
                boolean transposed = inputMajor.contains(id(layer, p.getParamName()));
                for (int s = 0; s < states.length; s++) {
                    long offset = block.getUpdaterViewOffsetStart() + (long) s * blockLength
                            + (p.getParamOffsetStart() - block.getParamOffsetStart());
                    visitor.visit(states[s], offset, transposed);
                }
            }
        }
    }

    private static INDArray updaterState(MultiLayerNetwork net) {
        Updater updater = net.getUpdater();
        INDArray view = updater == null ? null : updater.getStateViewArray();
        return view == null || view.length() == 0 ? null : view;
    }

    /**
     * Copies a parameter between DL4J's flat array and the engine's rows: a run per row, or, for
     * weights held input-major ({@code transposed}), element by element from DL4J's column-major
     * {@code [nIn, nOut]} ({@code (i, j)} at {@code offset + j nIn + i}).
     */
    private static void copy(float[] flat, long offset, float[][] rows, boolean intoRows, boolean transposed) {
        int at = (int) offset;
        if (transposed) {
            int nIn = rows.length;
            for (int i = 0; i < nIn; i++) {
                float[] row = rows[i];
                for (int j = 0; j < row.length; j++) {
                    if (intoRows) {
                        row[j] = flat[at + j * nIn + i];
                    } else {
                        flat[at + j * nIn + i] = row[j];
                    }
                }
            }
            return;
        }
        for (float[] row : rows) {
            if (intoRows) {
                System.arraycopy(flat, at, row, 0, row.length);
            } else {
                System.arraycopy(row, 0, flat, at, row.length);
            }
            at += row.length;
        }
    }
}
