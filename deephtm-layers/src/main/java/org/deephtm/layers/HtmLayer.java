package org.deephtm.layers;

import org.deephtm.layers.runtime.HtmLayerRuntime;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What the DeepHTM layers share as DL4J SameDiff layers: options kept as plain fields, a weight
 * initialisation, layer state kept as parameters, and the wiring of the runtime layer.
 *
 * <p>HTM layers own state that is not learned by the optimiser (duty cycles, a fixed potential
 * pool). Keeping it in the parameter table means DL4J saves, restores and clones it with the
 * weights ({@code ModelSerializer}, {@code MultiLayerNetwork.clone()}, transfer learning), without
 * any extra file format. {@link #stateParams()} names those entries; they get the {@link NoOp}
 * updater and no regularisation, and the layer graphs read them through a stop-gradient.
 *
 * <p>A subclass declares each option once, as a field with its default and a getter (the JSON
 * contract), and a builder method that sets it on {@link Builder#options}; copying, equality and
 * {@link #toString()} come from {@link LayerOptions}.
 */
public abstract class HtmLayer extends AbstractSameDiffLayer {

    protected WeightInit weightInit = WeightInit.XAVIER;

    protected HtmLayer() {
        // for JSON
    }

    protected HtmLayer(Builder<?, ?> builder) {
        super(builder);
    }

    /** Parameter keys that hold layer state rather than trained weights. */
    public abstract Set<String> stateParams();

    /** The runtime layer DL4J runs for this configuration. */
    protected abstract HtmLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView, boolean initializeParams,
            DataType networkDataType) {
        return wire(runtime(conf, networkDataType), initializer(), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    /** What every DL4J layer's {@code instantiate} does with its new runtime layer. */
    static org.deeplearning4j.nn.api.Layer wire(AbstractLayer<?> layer, ParamInitializer initializer,
            NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams) {
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (stateParams().contains(paramName)) {
            return new NoOp();
        }
        return super.getUpdaterByParam(paramName);
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (stateParams().contains(paramName)) {
            return Collections.emptyList();
        }
        return super.getRegularizationByParam(paramName);
    }

    public WeightInit getWeightInit() {
        return weightInit;
    }

    /** "TemporalMemory \"tm\"", or the class name alone for a layer without a name: for messages. */
    public String describe() {
        String type = getClass().getSimpleName();
        return getLayerName() == null ? type : type + " \"" + getLayerName() + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof HtmLayer && super.equals(o) && LayerOptions.equal(this, o));
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + LayerOptions.hash(this);
    }

    @Override
    public String toString() {
        return LayerOptions.describe(this, getLayerName());
    }

    /**
     * Builder options common to the DeepHTM layers, on top of DL4J's (updater, l2, name...). The
     * options being set live on {@link #options}, a configuration made by the no-argument
     * constructor, so a default is written once, in the field's initializer. {@link #build()}
     * checks them and copies them into a new configuration: the builder itself is never changed
     * by building, and can build again.
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<L extends HtmLayer, B extends Builder<L, B>>
            extends AbstractSameDiffLayer.Builder<B> {

        protected final L options;

        protected Builder(L options) {
            this.options = options;
        }

        /** Initialisation of the trained weight matrices. Default {@link WeightInit#XAVIER}. */
        public B weightInit(WeightInit weightInit) {
            options.weightInit = weightInit;
            return (B) this;
        }

        /** Rejects impossible options with an {@link IllegalArgumentException} naming the value. */
        protected abstract void validate();

        /** A new configuration holding DL4J's options from this builder ({@code new Layer(this)}). */
        protected abstract L create();

        @Override
        public L build() {
            validate();
            L layer = create();
            LayerOptions.copy(options, layer);
            return layer;
        }

        protected static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
