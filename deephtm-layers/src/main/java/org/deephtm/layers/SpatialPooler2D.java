package org.deephtm.layers;

import org.deephtm.layers.ops.Boost;
import org.deephtm.layers.ops.ColumnActivity;
import org.deephtm.layers.ops.KWinners;
import org.deephtm.layers.ops.LocalInhibition;
import org.deephtm.layers.runtime.SpatialPooler2DRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HTM's spatial pooler with local inhibition, for convolutional feature maps: every channel is a
 * column, every position a place where columns compete. Put it after a {@code ConvolutionLayer}
 * with IDENTITY activation: the convolution's kernel is the columns' proximal connections (a
 * receptive field shared across positions), this layer is the inhibition and the boosting.
 *
 * <pre>
 *   o    = x                                       overlaps, the input maps      [b, C, H, W]
 *   lift = boostStrength * (density - d)           per channel, [1, C] -&gt; [1, C, 1, 1]
 *   ob   = o + lift * spread(o)                    spread: std of the channels at each position
 *   m    = localKWinners(ob, k)                    1 if among the k largest of its inhibition area
 *   y    = m * f(o)                                DECIMAL
 *   y    = m   (backward straight-through)         BINARY
 *   y    = m * sigmoid((ob - theta) / tau)         SOFT, theta between the area's k-th and (k+1)-th
 * </pre>
 *
 * Inhibition areas ({@link Inhibition}): PER_POSITION, the C channels at one position
 * (density = k / C); NEIGHBOURHOOD, HTM's local inhibition, all channels of the
 * (2r+1) x (2r+1) window centred on the unit (density = k / (C (2r+1)^2)). Ties at the k-th
 * value go to the unit first in reading order (upper row, left column, lower channel); positions
 * outside the map are not in the window, so areas at the edges are smaller (see
 * {@link LocalInhibition}). The gradient rules are {@link SpatialPooler}'s: the mask is a
 * constant, only winners pass gradient in DECIMAL mode, BINARY is straight-through, SOFT trains the
 * margin through theta.
 *
 * <p>Boosting is {@link Boost}'s additive lift (HTM's multiplicative boost, adapted to signed
 * overlaps), with the spread taken over the channels of each position. Duty cycles {@code d} are
 * per channel: the share of the channel's positions that won,
 * averaged over the examples of a training pass and then over time with period
 * {@code dutyCyclePeriod} (in examples). They are layer state, saved with the model and moved in
 * backward passes only, as in {@link SpatialPooler}.
 *
 * <p>Options (builder method: default, valid range):
 * <ul>
 * <li>{@code channels}, {@code height}, {@code width}: inferred by {@code setInputType}, else
 *     required; &gt; 0 (channels &gt; 1)</li>
 * <li>{@code inhibition}: PER_POSITION; {@code inhibitionRadius} (r, NEIGHBOURHOOD only): 1, &gt;= 1</li>
 * <li>{@code numActiveColumnsPerInhArea} (k): 1; PER_POSITION 1 &lt;= k &lt; C, NEIGHBOURHOOD
 *     1 &lt;= k &lt; C (2r+1)^2</li>
 * <li>{@code output}: DECIMAL; {@code activation} (f, DECIMAL only): SIGMOID</li>
 * <li>{@code boostStrength}: 1.0, &gt;= 0; {@code dutyCyclePeriod}: 1000, &gt;= 1</li>
 * <li>{@code softTemperature} (SOFT only): 0.1, &gt; 0; {@code maskedStraightThrough} (BINARY only): true</li>
 * </ul>
 *
 * Shapes: input and output {@code [minibatch, channels, height, width]} (NCHW); no trained
 * parameters, one state vector of C duty cycles. Cost per example: PER_POSITION O(C H W),
 * NEIGHBOURHOOD O(C H W (2r+1)^2) time and memory.
 *
 * <pre>{@code
 * .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).convolutionMode(ConvolutionMode.Same)
 *         .activation(Activation.IDENTITY).build())
 * .layer(new SpatialPooler2D.Builder().inhibition(SpatialPooler2D.Inhibition.NEIGHBOURHOOD)
 *         .inhibitionRadius(1).numActiveColumnsPerInhArea(4).build())
 * .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
 * .setInputType(InputType.convolutional(32, 32, 1))
 * }</pre>
 */
public class SpatialPooler2D extends HtmLayer {

    /** Which units compete with each other. */
    public enum Inhibition {
        /** The channels of one position: k winners at every position. */
        PER_POSITION,
        /** All channels of a square window of radius r around the unit: HTM's local inhibition. */
        NEIGHBOURHOOD
    }

    public static final String DUTY_CYCLE_KEY = "dutyCycle";

    private long channels;
    private long height;
    private long width;
    private Inhibition inhibition = Inhibition.PER_POSITION;
    private int inhibitionRadius = 1;
    private int numActiveColumnsPerInhArea = 1;
    private SpatialPooler.Output output = SpatialPooler.Output.DECIMAL;
    private Activation activation = Activation.SIGMOID;
    private double boostStrength = 1.0;
    private int dutyCyclePeriod = 1000;
    private double softTemperature = 0.1;
    private boolean maskedStraightThrough = true;

    protected SpatialPooler2D() {
        // for JSON
    }

    protected SpatialPooler2D(Builder b) {
        super(b);
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.inhibition = b.inhibition;
        this.inhibitionRadius = b.inhibitionRadius;
        this.numActiveColumnsPerInhArea = b.numActiveColumnsPerInhArea;
        this.output = b.output;
        this.activation = b.activation;
        this.boostStrength = b.boostStrength;
        this.dutyCyclePeriod = b.dutyCyclePeriod;
        this.softTemperature = b.softTemperature;
        this.maskedStraightThrough = b.maskedStraightThrough;
    }

    /**
     * The forward graph for input maps {@code x} [b, C, H, W]; the duty cycles arrive wrapped in a
     * stop-gradient. Returns the activity and the 0/1 winners, both [b, C, H, W].
     */
    public SpatialPooler.Columns defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params) {
        SDVariable boosted = boostStrength == 0 ? x
                : Boost.apply(sd, x, params.get(DUTY_CYCLE_KEY).reshape(1, channels, 1, 1), targetDensity(),
                        boostStrength);
        SDVariable areas = inhibition == Inhibition.PER_POSITION ? LocalInhibition.positions(boosted, channels)
                : LocalInhibition.windows(sd, boosted, channels, height, width, inhibitionRadius);
        SDVariable areaWinners = KWinners.mask(sd, areas, numActiveColumnsPerInhArea);
        SDVariable ownWinners = inhibition == Inhibition.PER_POSITION ? areaWinners
                : LocalInhibition.centre(areaWinners, channels, inhibitionRadius);
        SDVariable winners = LocalInhibition.maps(ownWinners, channels, height, width);
        SDVariable activity = switch (output) {
            case DECIMAL -> ColumnActivity.decimal(sd, winners, x, activation);
            case BINARY -> ColumnActivity.binaryStraightThrough(sd, winners, x, maskedStraightThrough);
            case SOFT -> LocalInhibition.soft(sd, winners, boosted,
                    LocalInhibition.softThreshold(sd, areas, numActiveColumnsPerInhArea, height, width),
                    softTemperature);
        };
        return new SpatialPooler.Columns(activity, winners);
    }

    /** Units in one inhibition area: C, or C (2r+1)^2. */
    public long areaSize() {
        return areaSize(inhibition, inhibitionRadius, channels);
    }

    private static long areaSize(Inhibition inhibition, int radius, long channels) {
        long side = 2L * radius + 1;
        return inhibition == Inhibition.PER_POSITION ? channels : channels * side * side;
    }

    /** The share of an area's units that win, k / areaSize(): the duty cycle every channel aims for. */
    public double targetDensity() {
        return (double) numActiveColumnsPerInhArea / areaSize();
    }

    @Override
    public Set<String> stateParams() {
        return Set.of(DUTY_CYCLE_KEY);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalStateException("SpatialPooler2D input shape is not set (channels=" + channels
                    + ", height=" + height + ", width=" + width + "): give .channels(c).height(h).width(w) on the "
                    + "builder, or call setInputType(InputType.convolutional(h, w, c)) on the network configuration");
        }
        params.clear();
        params.addBiasParam(DUTY_CYCLE_KEY, 1, channels);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(DUTY_CYCLE_KEY).assign(0);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        SpatialPooler2DRuntime layer = new SpatialPooler2DRuntime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.convolutional(height, width, channels, CNN2DFormat.NCHW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (channels > 0 && !override) {
            return;
        }
        switch (inputType.getType()) {
            case CNN -> {
                InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
                if (c.getFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException(describe() + " takes NCHW feature maps [minibatch, channels, "
                            + "height, width], got " + c.getFormat() + " input " + inputType);
                }
                setShape(c.getChannels(), c.getHeight(), c.getWidth());
            }
            case CNNFlat -> {
                InputType.InputTypeConvolutionalFlat c = (InputType.InputTypeConvolutionalFlat) inputType;
                setShape(c.getDepth(), c.getHeight(), c.getWidth());
            }
            default -> throw new IllegalArgumentException(describe() + " takes convolutional feature maps "
                    + "[minibatch, channels, height, width] (InputType.convolutional), got input type " + inputType);
        }
    }

    private void setShape(long channels, long height, long width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        String problem = areaProblem(inhibition, inhibitionRadius, numActiveColumnsPerInhArea, channels);
        if (problem != null) {
            throw new IllegalArgumentException(describe() + ": " + problem);
        }
    }

    /** Why k winners cannot be picked from the areas of C channels, or null if they can. */
    private static String areaProblem(Inhibition inhibition, int radius, int k, long channels) {
        if (channels < 2) {
            return "channels must be > 1 (they are the competing columns), got " + channels;
        }
        long area = areaSize(inhibition, radius, channels);
        if (k >= area) {
            return "numActiveColumnsPerInhArea (" + k + ") must be smaller than the units of an inhibition area ("
                    + area + " = " + (inhibition == Inhibition.PER_POSITION ? channels + " channels"
                    : channels + " channels x " + (2 * radius + 1) + "^2 positions") + ")";
        }
        return null;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return switch (inputType.getType()) {
            case CNN -> null;
            case CNNFlat -> {
                InputType.InputTypeConvolutionalFlat c = (InputType.InputTypeConvolutionalFlat) inputType;
                yield new FeedForwardToCnnPreProcessor(c.getHeight(), c.getWidth(), c.getDepth());
            }
            default -> throw new IllegalArgumentException(describe() + " takes convolutional feature maps "
                    + "[minibatch, channels, height, width] (InputType.convolutional), got input type " + inputType);
        };
    }

    /** "SpatialPooler2D", with the layer's name when it has one. */
    public String describe() {
        return getLayerName() == null ? "SpatialPooler2D" : "SpatialPooler2D \"" + getLayerName() + "\"";
    }

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getChannels() {
        return channels;
    }

    public void setChannels(long channels) {
        this.channels = channels;
    }

    public long getHeight() {
        return height;
    }

    public void setHeight(long height) {
        this.height = height;
    }

    public long getWidth() {
        return width;
    }

    public void setWidth(long width) {
        this.width = width;
    }

    public Inhibition getInhibition() {
        return inhibition;
    }

    public void setInhibition(Inhibition inhibition) {
        this.inhibition = inhibition;
    }

    public int getInhibitionRadius() {
        return inhibitionRadius;
    }

    public void setInhibitionRadius(int inhibitionRadius) {
        this.inhibitionRadius = inhibitionRadius;
    }

    public int getNumActiveColumnsPerInhArea() {
        return numActiveColumnsPerInhArea;
    }

    public void setNumActiveColumnsPerInhArea(int numActiveColumnsPerInhArea) {
        this.numActiveColumnsPerInhArea = numActiveColumnsPerInhArea;
    }

    public SpatialPooler.Output getOutput() {
        return output;
    }

    public void setOutput(SpatialPooler.Output output) {
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SpatialPooler2D that) || !super.equals(o)) {
            return false;
        }
        return channels == that.channels && height == that.height && width == that.width
                && inhibition == that.inhibition && inhibitionRadius == that.inhibitionRadius
                && numActiveColumnsPerInhArea == that.numActiveColumnsPerInhArea && output == that.output
                && activation == that.activation && Double.compare(boostStrength, that.boostStrength) == 0
                && dutyCyclePeriod == that.dutyCyclePeriod
                && Double.compare(softTemperature, that.softTemperature) == 0
                && maskedStraightThrough == that.maskedStraightThrough;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), channels, height, width, inhibition, inhibitionRadius,
                numActiveColumnsPerInhArea, output, activation, boostStrength, dutyCyclePeriod, softTemperature,
                maskedStraightThrough);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SpatialPooler2D(");
        if (getLayerName() != null) {
            s.append("name=").append(getLayerName()).append(", ");
        }
        s.append("channels=").append(channels).append(", height=").append(height).append(", width=").append(width)
                .append(", inhibition=").append(inhibition);
        if (inhibition == Inhibition.NEIGHBOURHOOD) {
            s.append(", inhibitionRadius=").append(inhibitionRadius);
        }
        s.append(", numActiveColumnsPerInhArea=").append(numActiveColumnsPerInhArea).append(", output=").append(output);
        switch (output) {
            case DECIMAL -> s.append(", activation=").append(activation);
            case BINARY -> s.append(", maskedStraightThrough=").append(maskedStraightThrough);
            case SOFT -> s.append(", softTemperature=").append(softTemperature);
        }
        s.append(", boostStrength=").append(boostStrength).append(", dutyCyclePeriod=").append(dutyCyclePeriod)
                .append(')');
        return s.toString();
    }

    /** Builds a {@link SpatialPooler2D}; {@link #build()} rejects impossible settings. */
    public static class Builder extends HtmLayer.Builder<Builder> {

        private long channels;
        private long height;
        private long width;
        private Inhibition inhibition = Inhibition.PER_POSITION;
        private int inhibitionRadius = 1;
        private int numActiveColumnsPerInhArea = 1;
        private SpatialPooler.Output output = SpatialPooler.Output.DECIMAL;
        private Activation activation = Activation.SIGMOID;
        private double boostStrength = 1.0;
        private int dutyCyclePeriod = 1000;
        private double softTemperature = 0.1;
        private boolean maskedStraightThrough = true;

        /** Input (and output) channels C, the columns; leave unset to infer it from {@code setInputType}. */
        public Builder channels(long channels) {
            this.channels = channels;
            return this;
        }

        /** Height of the maps; leave unset to infer it from {@code setInputType}. */
        public Builder height(long height) {
            this.height = height;
            return this;
        }

        /** Width of the maps; leave unset to infer it from {@code setInputType}. */
        public Builder width(long width) {
            this.width = width;
            return this;
        }

        /** Which units compete: the channels of a position, or a window of positions. */
        public Builder inhibition(Inhibition inhibition) {
            this.inhibition = inhibition;
            return this;
        }

        /** r: NEIGHBOURHOOD windows are (2r+1) x (2r+1) positions. */
        public Builder inhibitionRadius(int inhibitionRadius) {
            this.inhibitionRadius = inhibitionRadius;
            return this;
        }

        /** k: winners per inhibition area. */
        public Builder numActiveColumnsPerInhArea(int numActiveColumnsPerInhArea) {
            this.numActiveColumnsPerInhArea = numActiveColumnsPerInhArea;
            return this;
        }

        public Builder output(SpatialPooler.Output output) {
            this.output = output;
            return this;
        }

        /** f in DECIMAL mode, y = m * f(x). */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** How strongly rarely-winning channels are favoured; 0 disables boosting. */
        public Builder boostStrength(double boostStrength) {
            this.boostStrength = boostStrength;
            return this;
        }

        /** Length, in examples, of the duty cycles' moving average. */
        public Builder dutyCyclePeriod(int dutyCyclePeriod) {
            this.dutyCyclePeriod = dutyCyclePeriod;
            return this;
        }

        /** Temperature tau of SOFT mode; small values approach the binary mask. */
        public Builder softTemperature(double softTemperature) {
            this.softTemperature = softTemperature;
            return this;
        }

        /** BINARY mode's backward pass: true passes gradient to winners only, false to every unit. */
        public Builder maskedStraightThrough(boolean maskedStraightThrough) {
            this.maskedStraightThrough = maskedStraightThrough;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpatialPooler2D build() {
            validate();
            return new SpatialPooler2D(this);
        }

        private void validate() {
            require(channels >= 0, "channels must be > 1 (or unset, to infer it from setInputType), got " + channels);
            require(height >= 0, "height must be > 0 (or unset, to infer it from setInputType), got " + height);
            require(width >= 0, "width must be > 0 (or unset, to infer it from setInputType), got " + width);
            require(inhibition != null, "inhibition must be one of PER_POSITION, NEIGHBOURHOOD, got null");
            require(inhibitionRadius >= 1, "inhibitionRadius must be >= 1, got " + inhibitionRadius
                    + " (PER_POSITION inhibition is the radius-0 case)");
            require(numActiveColumnsPerInhArea >= 1,
                    "numActiveColumnsPerInhArea must be >= 1, got " + numActiveColumnsPerInhArea);
            require(output != null, "output must be one of DECIMAL, BINARY, SOFT, got null");
            require(activation != null && SpatialPooler.SUPPORTED_ACTIVATIONS.contains(activation),
                    "activation must be one of " + SpatialPooler.SUPPORTED_ACTIVATIONS + ", got " + activation);
            require(Double.isFinite(boostStrength) && boostStrength >= 0,
                    "boostStrength must be >= 0 (0 disables boosting), got " + boostStrength);
            require(dutyCyclePeriod >= 1, "dutyCyclePeriod must be >= 1, got " + dutyCyclePeriod);
            require(Double.isFinite(softTemperature) && softTemperature > 0,
                    "softTemperature must be > 0, got " + softTemperature);
            require((channels == 0) == (height == 0) && (height == 0) == (width == 0),
                    "set channels, height and width together, or none of them (got channels=" + channels
                            + ", height=" + height + ", width=" + width + ")");
            if (channels > 0) {
                String problem = areaProblem(inhibition, inhibitionRadius, numActiveColumnsPerInhArea, channels);
                require(problem == null, problem);
            }
        }
    }
}
