package org.deephtm.layers.runtime;

import org.deephtm.layers.HtmLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Parameter plumbing shared by the DeepHTM runtime layers: the parameter and gradient views DL4J
 * hands out, and the {@link LayerGraph}s built over them on first use.
 */
public abstract class HtmLayerRuntime<C extends HtmLayer> extends AbstractLayer<C> {

    private INDArray params;
    private INDArray gradients;
    private Map<String, INDArray> paramTable;
    private Map<String, INDArray> gradientTable;
    private final Map<String, LayerGraph> graphs = new HashMap<>();
    private int networkMinibatch;

    protected HtmLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The graph called {@code name}, built over this layer's parameters by {@code definition} on
     * first use.
     */
    protected final LayerGraph graph(String name, Consumer<LayerGraph.Builder> definition) {
        return graphs.computeIfAbsent(name,
                key -> LayerGraph.build(dataType, paramTable, layerConf().stateParams(), definition));
    }

    /** DL4J tells every layer its network's minibatch (AbstractLayer drops it): kept to name input positions. */
    @Override
    public void setInputMiniBatchSize(int size) {
        networkMinibatch = size;
    }

    /** This layer, as its checks name it. */
    final LayerChecks.Site site() {
        return new LayerChecks.Site(layerConf().describe(), getIndex(), networkMinibatch);
    }

    /** The graphs built so far, for tests of this package. */
    Collection<LayerGraph> builtGraphs() {
        return graphs.values();
    }

    /** Zeroes the gradient views and returns the trainable ones, ready to accumulate into. */
    protected final Map<String, INDArray> clearedTrainableGradients() {
        gradients.assign(0);
        Map<String, INDArray> trainable = new LinkedHashMap<>();
        for (String key : paramTable.keySet()) {
            if (!layerConf().stateParams().contains(key)) {
                trainable.put(key, gradientTable.get(key));
            }
        }
        return trainable;
    }

    /** DL4J's view of this layer's gradient: every parameter, state parameters at zero. */
    protected final Gradient gradientForAllParams() {
        Gradient g = new DefaultGradient(gradients);
        gradientTable.forEach(g::setGradientFor);
        return g;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public long numParams() {
        return params == null ? 0 : params.length();
    }

    @Override
    public INDArray getParam(String key) {
        return paramTable.get(key);
    }

    @Override
    public void setParam(String key, INDArray value) {
        INDArray current = paramTable.get(key);
        if (current == null) {
            throw new IllegalArgumentException("Unknown parameter \"" + key + "\" for " + layerConf()
                    + "; parameters are " + paramTable.keySet());
        }
        if (!Arrays.equals(current.shape(), value.shape())) {
            throw new IllegalArgumentException("Parameter \"" + key + "\" has shape " + Arrays.toString(current.shape())
                    + ", got an array of shape " + Arrays.toString(value.shape()));
        }
        current.assign(value);
    }

    @Override
    public void setParams(INDArray values) {
        if (values == params) {
            return;
        }
        if (params == null || values == null || params.length() != values.length()) {
            throw new IllegalArgumentException("Cannot set " + (values == null ? "null" : values.length())
                    + " parameter values on a layer with " + numParams() + " parameters");
        }
        params.assign(values);
    }

    @Override
    public void setParamsViewArray(INDArray params) {
        this.params = params;
        graphs.clear();
    }

    @Override
    public INDArray getGradientsViewArray() {
        return gradients;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        this.gradients = gradients;
        this.gradientTable = layerConf().initializer().getGradientsFromFlattened(conf(), gradients);
    }

    @Override
    public void setParamTable(Map<String, INDArray> table) {
        if (paramTable == null) {
            paramTable = table;
            graphs.clear();
        } else {
            table.forEach(this::setParam);
        }
    }

    @Override
    public Map<String, INDArray> paramTable() {
        return paramTable;
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropParamsOnly) {
        return paramTable;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weight noise
    }
}
