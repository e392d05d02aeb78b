package org.deephtm.layers;

import org.deephtm.layers.ops.PotentialPool;
import org.deephtm.layers.runtime.HtmLayerRuntime;
import org.deephtm.layers.runtime.SpatialPoolerRuntime;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Set;

/**
 * HTM's spatial pooler as a DL4J layer: a few winning columns out of many, with weights learned
 * by backpropagation.
 *
 * <pre>
 *   o    = x . (W * P) + c                        overlap                  [b, n] -> [b, C]
 *   ob   = o + boostStrength * (k/C - d) * std(o)  boosting, in units of the row's spread
 *   m    = kWinners(ob, k)                         global inhibition, exactly k ones per row
 *   y    = m * f(o)                                DECIMAL
 *   y    = m   (backward straight-through)         BINARY
 *   y    = m * sigmoid((ob - theta) / tau)         SOFT, theta between the k-th and (k+1)-th
 * </pre>
 *
 * {@code P} is a fixed potential pool (present when {@code potentialPct < 1}), {@code d} the
 * columns' duty cycles. Both are layer state: saved and restored with the model, never touched by
 * the optimiser. Duty cycles move once per backward pass, from the winners of the forward pass
 * being differentiated; forward passes alone (inference, scoring) leave them unchanged. The
 * inhibition, boosting and output options are {@link AbstractSpatialPooler}'s; the math is
 * {@code SpatialPoolerMath}, shared with {@link SpatialPooler2D}.
 *
 * <p>Options of its own (builder method: default, valid range):
 * <ul>
 * <li>{@code nIn}: inferred by {@code setInputType}, else required; &gt; 0</li>
 * <li>{@code columns} (C): required; &gt; 1</li>
 * <li>{@code activeColumns} (k), or {@code sparsity} (k = max(1, round(sparsity * C))): default
 *     sparsity 0.02; 1 &lt;= k &lt; C</li>
 * <li>{@code potentialPct}: 1.0 (no pool), in (0, 1]</li>
 * <li>{@code hasBias}: true; {@code weightInit}: XAVIER</li>
 * </ul>
 *
 * Shapes: input {@code [minibatch, nIn]} ({@code setInputType} adds DL4J's preprocessors for
 * recurrent or convolutional input), output {@code [minibatch, columns]}.
 *
 * <pre>{@code
 * MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
 *     .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
 *     .layer(new SpatialPooler.Builder().columns(256).activeColumns(5).build())
 *     .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
 *     .setInputType(InputType.feedForward(1))
 *     .build();
 * }</pre>
 */
public class SpatialPooler extends AbstractSpatialPooler {

    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    public static final String POTENTIAL_POOL_KEY = "potentialPool";

    /** The sparsity that sets k when neither k nor a sparsity is given. */
    public static final double DEFAULT_SPARSITY = 0.02;

    @JsonProperty("nin") // the name Jackson gives getNIn(), which saved models carry
    private long nIn;
    private long columns;
    private double sparsity;
    private double potentialPct = 1.0;
    private boolean hasBias = true;

    protected SpatialPooler() {
        // for JSON
    }

    protected SpatialPooler(Builder b) {
        super(b);
    }

    @Override
    protected HtmLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new SpatialPoolerRuntime(conf, dataType);
    }

    @Override
    public long areaSize() {
        return columns;
    }

    @Override
    public Set<String> stateParams() {
        return Set.of(POTENTIAL_POOL_KEY, DUTY_CYCLE_KEY);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + " nIn is not set: give .nIn(n) on the builder, or call "
                    + "setInputType(...) on the network configuration so that it can be inferred");
        }
        params.clear();
        params.addWeightParam(WEIGHT_KEY, nIn, columns);
        if (potentialPct < 1.0) {
            params.addWeightParam(POTENTIAL_POOL_KEY, nIn, columns);
        }
        if (hasBias) {
            params.addBiasParam(BIAS_KEY, 1, columns);
        }
        params.addBiasParam(DUTY_CYCLE_KEY, 1, columns);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initWeights((int) nIn, (int) columns, weightInit, params.get(WEIGHT_KEY));
        if (params.containsKey(POTENTIAL_POOL_KEY)) {
            params.get(POTENTIAL_POOL_KEY).assign(PotentialPool.sample(nIn, columns, potentialPct));
        }
        if (params.containsKey(BIAS_KEY)) {
            params.get(BIAS_KEY).assign(0);
        }
        params.get(DUTY_CYCLE_KEY).assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(columns);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = switch (inputType.getType()) {
                case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
                case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
                case CNNFlat -> ((InputType.InputTypeConvolutionalFlat) inputType).getFlattenedSize();
                default -> throw new IllegalArgumentException(describe() + " cannot take input of type " + inputType
                        + " directly; its preprocessor should have flattened it");
            };
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return switch (inputType.getType()) {
            case FF, CNNFlat -> null;
            case RNN -> new RnnToFeedForwardPreProcessor(((InputType.InputTypeRecurrent) inputType).getFormat());
            case CNN -> {
                InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
                yield new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels(), c.getFormat());
            }
            default -> throw new IllegalArgumentException(describe() + " cannot take input of type " + inputType);
        };
    }

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getNIn() {
        return nIn;
    }

    public long getColumns() {
        return columns;
    }

    /** The sparsity k was set from, or 0 when k was given. */
    public double getSparsity() {
        return sparsity;
    }

    public double getPotentialPct() {
        return potentialPct;
    }

    public boolean isHasBias() {
        return hasBias;
    }

    /** Builds a {@link SpatialPooler}; {@link #build()} rejects impossible settings. */
    public static class Builder extends AbstractSpatialPooler.Builder<SpatialPooler, Builder> {

        public Builder() {
            super(new SpatialPooler());
        }

        /** Input size; leave unset to infer it from {@code setInputType}. */
        public Builder nIn(long nIn) {
            options.nIn = nIn;
            return this;
        }

        /** Number of columns C (the output size). */
        public Builder columns(long columns) {
            options.columns = columns;
            return this;
        }

        /** Winners per example k, 1 &lt;= k &lt; columns. Excludes {@link #sparsity}. */
        @Override
        public Builder activeColumns(int activeColumns) {
            if (activeColumns < 1) {
                throw new IllegalArgumentException("activeColumns must be >= 1 (leave it unset for the default "
                        + "sparsity of 2 %), got " + activeColumns);
            }
            return super.activeColumns(activeColumns);
        }

        /** Winners as a fraction of the columns, k = max(1, round(sparsity * C)). Excludes {@link #activeColumns}. */
        public Builder sparsity(double sparsity) {
            if (!(sparsity > 0 && sparsity < 1)) {
                throw new IllegalArgumentException("sparsity must be in (0, 1), got " + sparsity);
            }
            options.sparsity = sparsity;
            return this;
        }

        /** Fraction of the inputs each column may connect to (a fixed random pool); 1 connects all. */
        public Builder potentialPct(double potentialPct) {
            options.potentialPct = potentialPct;
            return this;
        }

        public Builder hasBias(boolean hasBias) {
            options.hasBias = hasBias;
            return this;
        }

        @Override
        protected SpatialPooler create() {
            return new SpatialPooler(this);
        }

        @Override
        public SpatialPooler build() {
            SpatialPooler layer = super.build();
            if (layer.activeColumns == 0) {
                layer.sparsity = sparsity();
                layer.activeColumns = winners(layer.sparsity, layer.columns);
            }
            return layer;
        }

        private double sparsity() {
            return options.sparsity == 0 ? DEFAULT_SPARSITY : options.sparsity;
        }

        private static int winners(double sparsity, long columns) {
            return (int) Math.max(1, Math.round(sparsity * columns));
        }

        @Override
        protected void validate() {
            SpatialPooler o = options;
            require(o.nIn >= 0, "nIn must be > 0 (or unset, to infer it from setInputType), got " + o.nIn);
            require(o.columns > 1, "columns must be >= 2, got " + o.columns);
            require(!(o.activeColumns != 0 && o.sparsity != 0), "set activeColumns or sparsity, not both (got "
                    + "activeColumns=" + o.activeColumns + ", sparsity=" + o.sparsity + ")");
            int k = o.activeColumns;
            if (k == 0) {
                require(sparsity() > 0 && sparsity() < 1, "sparsity must be in (0, 1), got " + o.sparsity);
                k = winners(sparsity(), o.columns);
            }
            require(k < o.columns, "activeColumns (" + k + ") must be smaller than columns (" + o.columns + ")"
                    + (o.activeColumns == 0 ? ", from sparsity " + sparsity() : ""));
            require(o.potentialPct > 0 && o.potentialPct <= 1, "potentialPct must be in (0, 1], got " + o.potentialPct);
            validateInhibition();
        }
    }
}
