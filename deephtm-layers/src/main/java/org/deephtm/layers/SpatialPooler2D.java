package org.deephtm.layers;

import org.deephtm.layers.runtime.HtmLayerRuntime;
import org.deephtm.layers.runtime.SpatialPooler2DRuntime;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

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
 * {@code LocalInhibition}). The math is {@link SpatialPooler}'s ({@code SpatialPoolerMath}, one class
 * for both): the mask is a constant, only winners pass gradient in DECIMAL mode, BINARY is
 * straight-through, SOFT trains the margin through theta.
 *
 * <p>Boosting is {@code Boost}'s additive lift (HTM's multiplicative boost, adapted to signed
 * overlaps), with the spread taken over the channels of each position. Duty cycles {@code d} are
 * per channel: the share of the channel's positions that won,
 * averaged over the examples of a training pass and then over time with period
 * {@code dutyCyclePeriod} (in examples). They are layer state, saved with the model and moved in
 * backward passes only, as in {@link SpatialPooler}.
 *
 * <p>Options of its own (builder method: default, valid range), besides the inhibition core's
 * ({@link AbstractSpatialPooler}):
 * <ul>
 * <li>{@code channels}, {@code height}, {@code width}: inferred by {@code setInputType}, else
 *     required; &gt; 0 (channels &gt; 1)</li>
 * <li>{@code inhibition}: PER_POSITION; {@code inhibitionRadius} (r, NEIGHBOURHOOD only): 1, &gt;= 1</li>
 * <li>{@code activeColumns} (k): 1; PER_POSITION 1 &lt;= k &lt; C, NEIGHBOURHOOD 1 &lt;= k &lt; C (2r+1)^2</li>
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
 *         .inhibitionRadius(1).activeColumns(4).build())
 * .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
 * .setInputType(InputType.convolutional(32, 32, 1))
 * }</pre>
 */
public class SpatialPooler2D extends AbstractSpatialPooler {

    /** Which units compete with each other. */
    public enum Inhibition {
        /** The channels of one position: k winners at every position. */
        PER_POSITION,
        /** All channels of a square window of radius r around the unit: HTM's local inhibition. */
        NEIGHBOURHOOD
    }

    private long channels;
    private long height;
    private long width;
    private Inhibition inhibition = Inhibition.PER_POSITION;
    private int inhibitionRadius = 1;

    protected SpatialPooler2D() {
        activeColumns = 1;
    }

    protected SpatialPooler2D(Builder b) {
        super(b);
    }

    @Override
    protected HtmLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new SpatialPooler2DRuntime(conf, dataType);
    }

    /** Units in one inhibition area: C, or C (2r+1)^2. */
    @Override
    public long areaSize() {
        return areaSize(inhibition, inhibitionRadius, channels);
    }

    private static long areaSize(Inhibition inhibition, int radius, long channels) {
        long side = 2L * radius + 1;
        return inhibition == Inhibition.PER_POSITION ? channels : channels * side * side;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalStateException(describe() + " input shape is not set (channels=" + channels
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
        String problem = areaProblem(inhibition, inhibitionRadius, activeColumns, channels);
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
            return "activeColumns (" + k + ") must be smaller than the units of an inhibition area ("
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

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getChannels() {
        return channels;
    }

    public long getHeight() {
        return height;
    }

    public long getWidth() {
        return width;
    }

    public Inhibition getInhibition() {
        return inhibition;
    }

    public int getInhibitionRadius() {
        return inhibitionRadius;
    }

    /** Builds a {@link SpatialPooler2D}; {@link #build()} rejects impossible settings. */
    public static class Builder extends AbstractSpatialPooler.Builder<SpatialPooler2D, Builder> {

        public Builder() {
            super(new SpatialPooler2D());
        }

        /** Input (and output) channels C, the columns; leave unset to infer it from {@code setInputType}. */
        public Builder channels(long channels) {
            options.channels = channels;
            return this;
        }

        /** Height of the maps; leave unset to infer it from {@code setInputType}. */
        public Builder height(long height) {
            options.height = height;
            return this;
        }

        /** Width of the maps; leave unset to infer it from {@code setInputType}. */
        public Builder width(long width) {
            options.width = width;
            return this;
        }

        /** Which units compete: the channels of a position, or a window of positions. */
        public Builder inhibition(Inhibition inhibition) {
            options.inhibition = inhibition;
            return this;
        }

        /** r: NEIGHBOURHOOD windows are (2r+1) x (2r+1) positions. */
        public Builder inhibitionRadius(int inhibitionRadius) {
            options.inhibitionRadius = inhibitionRadius;
            return this;
        }

        /** HTM's name for {@link #activeColumns}: k, the winners per inhibition area. */
        public Builder numActiveColumnsPerInhArea(int numActiveColumnsPerInhArea) {
            return activeColumns(numActiveColumnsPerInhArea);
        }

        @Override
        protected SpatialPooler2D create() {
            return new SpatialPooler2D(this);
        }

        @Override
        protected void validate() {
            SpatialPooler2D o = options;
            require(o.channels >= 0, "channels must be > 1 (or unset, to infer it from setInputType), got "
                    + o.channels);
            require(o.height >= 0, "height must be > 0 (or unset, to infer it from setInputType), got " + o.height);
            require(o.width >= 0, "width must be > 0 (or unset, to infer it from setInputType), got " + o.width);
            require(o.inhibition != null, "inhibition must be one of PER_POSITION, NEIGHBOURHOOD, got null");
            require(o.inhibitionRadius >= 1, "inhibitionRadius must be >= 1, got " + o.inhibitionRadius
                    + " (PER_POSITION inhibition is the radius-0 case)");
            require(o.activeColumns >= 1, "activeColumns must be >= 1, got " + o.activeColumns);
            validateInhibition();
            require((o.channels == 0) == (o.height == 0) && (o.height == 0) == (o.width == 0),
                    "set channels, height and width together, or none of them (got channels=" + o.channels
                            + ", height=" + o.height + ", width=" + o.width + ")");
            if (o.channels > 0) {
                String problem = areaProblem(o.inhibition, o.inhibitionRadius, o.activeColumns, o.channels);
                require(problem == null, problem);
            }
        }
    }
}
