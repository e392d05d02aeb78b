package org.deephtm.layers;

import org.deephtm.layers.ops.Boost;
import org.deephtm.layers.ops.ColumnActivity;
import org.deephtm.layers.ops.ColumnActivityBackward;
import org.deephtm.layers.ops.KWinners;
import org.deephtm.layers.ops.PotentialPool;
import org.deephtm.layers.runtime.SpatialPoolerRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
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
 * being differentiated; forward passes alone (inference, scoring) leave them unchanged.
 *
 * <p>Options (builder method: default, valid range):
 * <ul>
 * <li>{@code nIn}: inferred by {@code setInputType}, else required; &gt; 0</li>
 * <li>{@code columns} (C): required; &gt; 1</li>
 * <li>{@code activeColumns} (k): or {@code sparsity} (k = round(sparsity * C)), default sparsity
 *     0.02; 1 &lt;= k &lt; C</li>
 * <li>{@code output}: DECIMAL; {@code activation} (f, DECIMAL only): SIGMOID</li>
 * <li>{@code boostStrength}: 1.0, &gt;= 0 (0 disables boosting); {@code dutyCyclePeriod}: 1000, &gt;= 1</li>
 * <li>{@code potentialPct}: 1.0 (no pool), in (0, 1]</li>
 * <li>{@code softTemperature} (tau, SOFT only): 0.1, &gt; 0</li>
 * <li>{@code maskedStraightThrough} (BINARY only): true, backward {@code d o = m * dy}; false gives
 *     {@code d o = dy}</li>
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
public class SpatialPooler extends HtmLayer {

    /** What the winning columns emit. */
    public enum Output {
        /** Winners keep f(overlap); only winners pass gradient. */
        DECIMAL,
        /** Winners emit 1; the backward pass is straight-through. */
        BINARY,
        /** Winners emit sigmoid((boosted overlap - theta) / tau); the margin is trained. */
        SOFT
    }

    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    public static final String POTENTIAL_POOL_KEY = "potentialPool";
    public static final String DUTY_CYCLE_KEY = "dutyCycle";

    /** Activations with a graph form ({@link Activation#asSameDiff}) and a derivative ({@link ColumnActivityBackward}). */
    static final Set<Activation> SUPPORTED_ACTIVATIONS = EnumSet.of(Activation.IDENTITY, Activation.RELU,
            Activation.SIGMOID, Activation.TANH, Activation.ELU, Activation.SOFTPLUS, Activation.SOFTSIGN,
            Activation.HARDTANH, Activation.CUBE);

    private long nIn;
    private long columns;
    private int activeColumns;
    private double sparsity;
    private Output output = Output.DECIMAL;
    private Activation activation = Activation.SIGMOID;
    private double boostStrength = 1.0;
    private int dutyCyclePeriod = 1000;
    private double potentialPct = 1.0;
    private double softTemperature = 0.1;
    private boolean maskedStraightThrough = true;
    private boolean hasBias = true;

    protected SpatialPooler() {
        // for JSON
    }

    protected SpatialPooler(Builder b) {
        super(b);
        this.nIn = b.nIn;
        this.columns = b.columns;
        this.sparsity = b.sparsity;
        this.activeColumns = b.activeColumns;
        this.output = b.output;
        this.activation = b.activation;
        this.boostStrength = b.boostStrength;
        this.dutyCyclePeriod = b.dutyCyclePeriod;
        this.potentialPct = b.potentialPct;
        this.softTemperature = b.softTemperature;
        this.maskedStraightThrough = b.maskedStraightThrough;
        this.hasBias = b.hasBias;
    }

    /** The graph's two results: what the columns emit, and the 0/1 winners mask. */
    public record Columns(SDVariable activity, SDVariable winners) {
    }

    /** The gradients of the forward graph: input [b, nIn], weights [nIn, C], bias [1, C] (null without one). */
    public record Gradients(SDVariable input, SDVariable weights, SDVariable bias) {
    }

    /** The forward quantities, shared by {@link #defineLayer} and {@link #defineLayerGradients}. */
    private record Quantities(SDVariable weights, SDVariable overlap, SDVariable boosted, SDVariable winners,
                              SDVariable margin, SDVariable activity) {
    }

    private Quantities quantities(SameDiff sd, SDVariable x, Map<String, SDVariable> params) {
        SDVariable weights = params.get(WEIGHT_KEY);
        if (params.containsKey(POTENTIAL_POOL_KEY)) {
            weights = weights.mul(params.get(POTENTIAL_POOL_KEY));
        }
        SDVariable overlap = x.mmul(weights);
        if (hasBias) {
            overlap = overlap.add(params.get(BIAS_KEY));
        }
        SDVariable boosted = boostStrength == 0 ? overlap
                : Boost.apply(sd, overlap, params.get(DUTY_CYCLE_KEY), targetDensity(), boostStrength);
        SDVariable winners = KWinners.mask(sd, boosted, activeColumns);
        SDVariable margin = output == Output.SOFT ? ColumnActivity.softMargin(sd, boosted, activeColumns) : null;
        SDVariable activity = switch (output) {
            case DECIMAL -> ColumnActivity.decimal(sd, winners, overlap, activation);
            case BINARY -> ColumnActivity.binary(winners);
            case SOFT -> ColumnActivity.soft(sd, winners, boosted, margin, softTemperature);
        };
        return new Quantities(weights, overlap, boosted, winners, margin, activity);
    }

    /**
     * The forward graph for input {@code x} [b, nIn]. State parameters arrive wrapped in a
     * stop-gradient.
     */
    public Columns defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params) {
        Quantities q = quantities(sd, x, params);
        return new Columns(q.activity(), q.winners());
    }

    /**
     * The backward graph: the gradients of {@code sum(y * dActivity)} with respect to the input and
     * the trained parameters. The winners mask is a constant; BINARY is straight-through; in SOFT
     * mode the gradient goes through the boosted overlaps, their spread included.
     */
    public Gradients defineLayerGradients(SameDiff sd, SDVariable x, SDVariable dActivity,
            Map<String, SDVariable> params) {
        Quantities q = quantities(sd, x, params);
        SDVariable dOverlap = switch (output) {
            case DECIMAL -> ColumnActivityBackward.decimal(sd, dActivity, q.winners(), q.overlap(), activation);
            case BINARY -> ColumnActivityBackward.binary(dActivity, q.winners(), maskedStraightThrough);
            case SOFT -> {
                SDVariable dBoosted = ColumnActivityBackward.soft(sd, dActivity, q.winners(), q.boosted(),
                        q.margin(), softTemperature);
                yield boostStrength == 0 ? dBoosted : Boost.backward(sd, dBoosted, q.overlap(),
                        params.get(DUTY_CYCLE_KEY), targetDensity(), boostStrength);
            }
        };
        SDVariable dInput = sd.mmul(dOverlap, q.weights(), false, true, false);
        SDVariable dWeights = sd.mmul(x, dOverlap, true, false, false);
        if (params.containsKey(POTENTIAL_POOL_KEY)) {
            dWeights = dWeights.mul(params.get(POTENTIAL_POOL_KEY));
        }
        SDVariable dBias = null;
        if (hasBias) {
            // Summed over the minibatch by a product with ones: a reduction over an axis of length 1
            // (a minibatch of one) fails in DL4J 1.0.0-M2.1.
            SDVariable ones = sd.onesLike(q.overlap()).mean(1).reshape(1, -1);
            dBias = ones.mmul(dOverlap);
        }
        return new Gradients(dInput, dWeights, dBias);
    }

    /** The fraction of columns that win, k / C: the duty cycle every column aims for. */
    public double targetDensity() {
        return (double) activeColumns / columns;
    }

    @Override
    public Set<String> stateParams() {
        return Set.of(POTENTIAL_POOL_KEY, DUTY_CYCLE_KEY);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (nIn <= 0) {
            throw new IllegalStateException("SpatialPooler nIn is not set: give .nIn(n) on the builder, or call "
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
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        SpatialPoolerRuntime layer = new SpatialPoolerRuntime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
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
                default -> throw new IllegalArgumentException("SpatialPooler " + (getLayerName() == null ? ""
                        : "\"" + getLayerName() + "\" ") + "cannot take input of type " + inputType
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
            default -> throw new IllegalArgumentException("SpatialPooler cannot take input of type " + inputType);
        };
    }

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    public long getColumns() {
        return columns;
    }

    public void setColumns(long columns) {
        this.columns = columns;
    }

    public int getActiveColumns() {
        return activeColumns;
    }

    public void setActiveColumns(int activeColumns) {
        this.activeColumns = activeColumns;
    }

    public double getSparsity() {
        return sparsity;
    }

    public void setSparsity(double sparsity) {
        this.sparsity = sparsity;
    }

    public Output getOutput() {
        return output;
    }

    public void setOutput(Output output) {
        this.output = output;
    }

    public Activation getActivation() {
        return activation;
    }

    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    public double getBoostStrength() {
        return boostStrength;
    }

    public void setBoostStrength(double boostStrength) {
        this.boostStrength = boostStrength;
    }

    public int getDutyCyclePeriod() {
        return dutyCyclePeriod;
    }

    public void setDutyCyclePeriod(int dutyCyclePeriod) {
        this.dutyCyclePeriod = dutyCyclePeriod;
    }

    public double getPotentialPct() {
        return potentialPct;
    }

    public void setPotentialPct(double potentialPct) {
        this.potentialPct = potentialPct;
    }

    public double getSoftTemperature() {
        return softTemperature;
    }

    public void setSoftTemperature(double softTemperature) {
        this.softTemperature = softTemperature;
    }

    public boolean isMaskedStraightThrough() {
        return maskedStraightThrough;
    }

    public void setMaskedStraightThrough(boolean maskedStraightThrough) {
        this.maskedStraightThrough = maskedStraightThrough;
    }

    public boolean isHasBias() {
        return hasBias;
    }

    public void setHasBias(boolean hasBias) {
        this.hasBias = hasBias;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SpatialPooler that) || !super.equals(o)) {
            return false;
        }
        return nIn == that.nIn && columns == that.columns && activeColumns == that.activeColumns
                && Double.compare(sparsity, that.sparsity) == 0 && output == that.output
                && activation == that.activation && Double.compare(boostStrength, that.boostStrength) == 0
                && dutyCyclePeriod == that.dutyCyclePeriod && Double.compare(potentialPct, that.potentialPct) == 0
                && Double.compare(softTemperature, that.softTemperature) == 0
                && maskedStraightThrough == that.maskedStraightThrough && hasBias == that.hasBias;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nIn, columns, activeColumns, sparsity, output, activation,
                boostStrength, dutyCyclePeriod, potentialPct, softTemperature, maskedStraightThrough, hasBias);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SpatialPooler(");
        if (getLayerName() != null) {
            s.append("name=").append(getLayerName()).append(", ");
        }
        s.append("nIn=").append(nIn).append(", columns=").append(columns).append(", activeColumns=")
                .append(activeColumns).append(", output=").append(output);
        switch (output) {
            case DECIMAL -> s.append(", activation=").append(activation);
            case BINARY -> s.append(", maskedStraightThrough=").append(maskedStraightThrough);
            case SOFT -> s.append(", softTemperature=").append(softTemperature);
        }
        s.append(", boostStrength=").append(boostStrength).append(", dutyCyclePeriod=").append(dutyCyclePeriod)
                .append(", potentialPct=").append(potentialPct).append(", hasBias=").append(hasBias).append(')');
        return s.toString();
    }

    /** Builds a {@link SpatialPooler}; {@link #build()} rejects impossible settings. */
    public static class Builder extends HtmLayer.Builder<Builder> {

        private long nIn;
        private long columns;
        private int activeColumns;
        private double sparsity;
        private Output output = Output.DECIMAL;
        private Activation activation = Activation.SIGMOID;
        private double boostStrength = 1.0;
        private int dutyCyclePeriod = 1000;
        private double potentialPct = 1.0;
        private double softTemperature = 0.1;
        private boolean maskedStraightThrough = true;
        private boolean hasBias = true;

        /** Input size; leave unset to infer it from {@code setInputType}. */
        public Builder nIn(long nIn) {
            this.nIn = nIn;
            return this;
        }

        /** Number of columns C (the output size). */
        public Builder columns(long columns) {
            this.columns = columns;
            return this;
        }

        /** Winners per example k, 1 &lt;= k &lt; columns. Excludes {@link #sparsity}. */
        public Builder activeColumns(int activeColumns) {
            if (activeColumns < 1) {
                throw new IllegalArgumentException("activeColumns must be >= 1 (leave it unset for the default "
                        + "sparsity of 2 %), got " + activeColumns);
            }
            this.activeColumns = activeColumns;
            return this;
        }

        /** Winners as a fraction of the columns, k = max(1, round(sparsity * C)). Excludes {@link #activeColumns}. */
        public Builder sparsity(double sparsity) {
            this.sparsity = sparsity;
            return this;
        }

        public Builder output(Output output) {
            this.output = output;
            return this;
        }

        /** f in DECIMAL mode, y = m * f(overlap). */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** How strongly rarely-winning columns are favoured; 0 disables boosting. */
        public Builder boostStrength(double boostStrength) {
            this.boostStrength = boostStrength;
            return this;
        }

        /** Length, in examples, of the duty cycles' moving average. */
        public Builder dutyCyclePeriod(int dutyCyclePeriod) {
            this.dutyCyclePeriod = dutyCyclePeriod;
            return this;
        }

        /** Fraction of the inputs each column may connect to (a fixed random pool); 1 connects all. */
        public Builder potentialPct(double potentialPct) {
            this.potentialPct = potentialPct;
            return this;
        }

        /** Temperature tau of SOFT mode; small values approach the binary mask. */
        public Builder softTemperature(double softTemperature) {
            this.softTemperature = softTemperature;
            return this;
        }

        /** BINARY mode's backward pass: true passes gradient to winners only, false to every column. */
        public Builder maskedStraightThrough(boolean maskedStraightThrough) {
            this.maskedStraightThrough = maskedStraightThrough;
            return this;
        }

        public Builder hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpatialPooler build() {
            validate();
            return new SpatialPooler(this);
        }

        private void validate() {
            require(nIn >= 0, "nIn must be > 0 (or unset, to infer it from setInputType), got " + nIn);
            require(columns > 1, "columns must be > 1, got " + columns);
            require(!(activeColumns != 0 && sparsity != 0), "set activeColumns or sparsity, not both (got activeColumns="
                    + activeColumns + ", sparsity=" + sparsity + ")");
            if (activeColumns == 0) {
                double fraction = sparsity == 0 ? 0.02 : sparsity;
                require(fraction > 0 && fraction < 1, "sparsity must be in (0, 1), got " + sparsity);
                sparsity = fraction;
                activeColumns = (int) Math.max(1, Math.round(fraction * columns));
            }
            require(activeColumns >= 1, "activeColumns must be >= 1, got " + activeColumns);
            require(activeColumns < columns, "activeColumns (" + activeColumns + ") must be smaller than columns ("
                    + columns + ")" + (sparsity != 0 ? ", from sparsity " + sparsity : ""));
            require(output != null, "output must be one of DECIMAL, BINARY, SOFT, got null");
            require(activation != null && SUPPORTED_ACTIVATIONS.contains(activation),
                    "activation must be one of " + SUPPORTED_ACTIVATIONS + ", got " + activation);
            require(Double.isFinite(boostStrength) && boostStrength >= 0,
                    "boostStrength must be >= 0 (0 disables boosting), got " + boostStrength);
            require(dutyCyclePeriod >= 1, "dutyCyclePeriod must be >= 1, got " + dutyCyclePeriod);
            require(potentialPct > 0 && potentialPct <= 1, "potentialPct must be in (0, 1], got " + potentialPct);
            require(Double.isFinite(softTemperature) && softTemperature > 0,
                    "softTemperature must be > 0, got " + softTemperature);
        }
    }
}
