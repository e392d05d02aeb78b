package org.deephtm.layers;

import org.deephtm.layers.runtime.ScalarEncoderRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Collection;

/**
 * HTM's scalar encoder as a DL4J layer: each input value becomes the activity of {@code buckets}
 * units whose receptive fields are spread evenly over {@code [minValue, maxValue]} and overlap,
 * so that close values share active units and distant values share none.
 *
 * <pre>
 *   c_j = minValue + j (maxValue - minValue) / (buckets - 1)       centres, j = 0 .. buckets-1
 *   s   = width (maxValue - minValue) / (buckets - 1)              the fields' width, in bucket spacings
 *   y[i buckets + j] = exp(-((clamp(x_i) - c_j) / s)^2)            [b, nIn] -&gt; [b, nIn * buckets]
 *   dx_i = sum_j dy[i buckets + j] y[i buckets + j] (-2 (clamp(x_i) - c_j) / s^2)   (0 where x_i is clamped)
 * </pre>
 *
 * Why: a scalar through dense ReLU layers gives the spatial pooler overlaps that are nearly linear
 * in the value, and the k largest of a few hundred lines of one variable change only at a few
 * points: the seed network's spatial pooler gave 3 distinct column sets for the 20 phases of the
 * sine at initialisation (and 9 after 10,000 steps), so the temporal memory saw the same columns
 * for values as far apart as 0.59 and 1 and could not tell what came next. Local receptive fields
 * give the pooler a different input for every bucket, as HTM's encoders do, and the columns a
 * value wins then depend on the value and little else (see docs/sine.md).
 *
 * <p>Options (builder method: default, valid range):
 * <ul>
 * <li>{@code nIn}: inferred by {@code setInputType}, else required; &gt; 0</li>
 * <li>{@code buckets}: 64, &gt;= 2</li>
 * <li>{@code minValue}, {@code maxValue}: -1 and 1, finite, min &lt; max; values outside are clamped</li>
 * <li>{@code width}: 1.0 bucket spacing, &gt; 0</li>
 * </ul>
 * No parameters: the encoding is fixed, the layers after it learn. Input {@code [minibatch, nIn]}
 * (recurrent input goes through DL4J's preprocessor), output {@code [minibatch, nIn * buckets]}.
 *
 * <pre>{@code
 * .layer(new ScalarEncoder.Builder().buckets(64).minValue(-1).maxValue(1).build())
 * .layer(new SpatialPooler.Builder().columns(256).activeColumns(5).build())
 * }</pre>
 */
public class ScalarEncoder extends NoParamLayer {

    @JsonProperty("nin") // the name Jackson gives getNIn(), which saved models carry
    private long nIn;
    private int buckets = 64;
    private double minValue = -1;
    private double maxValue = 1;
    private double width = 1.0;

    protected ScalarEncoder() {
        // for JSON
    }

    protected ScalarEncoder(Builder b) {
        super(b);
    }

    /** The centre of bucket {@code j}. */
    public double centre(int j) {
        return minValue + j * (maxValue - minValue) / (buckets - 1);
    }

    /** The fields' width s in the input's units. */
    public double scale() {
        return width * (maxValue - minValue) / (buckets - 1);
    }

    public long outputSize() {
        return nIn * buckets;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return HtmLayer.wire(new ScalarEncoderRuntime(conf, networkDataType), initializer(), conf, listeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(outputSize());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = switch (inputType.getType()) {
                case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
                case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
                default -> throw new IllegalArgumentException("ScalarEncoder takes values [minibatch, nIn] or "
                        + "[minibatch, nIn, time], got input type " + inputType);
            };
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return inputType.getType() == InputType.Type.RNN
                ? new RnnToFeedForwardPreProcessor(((InputType.InputTypeRecurrent) inputType).getFormat()) : null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, ScalarEncoder.class, inputType, getOutputType(0, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, outputSize()).cacheMemory(0, 0).build();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getNIn() {
        return nIn;
    }

    public int getBuckets() {
        return buckets;
    }

    public double getMinValue() {
        return minValue;
    }

    public double getMaxValue() {
        return maxValue;
    }

    public double getWidth() {
        return width;
    }

    @Override
    public ScalarEncoder clone() {
        return (ScalarEncoder) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ScalarEncoder && super.equals(o) && LayerOptions.equal(this, o));
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + LayerOptions.hash(this);
    }

    @Override
    public String toString() {
        return LayerOptions.describe(this, getLayerName());
    }

    /** Builds a {@link ScalarEncoder}; {@link #build()} rejects impossible settings and leaves the builder as it was. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {

        private final ScalarEncoder options = new ScalarEncoder();

        /** Input values per example; leave unset to infer it from {@code setInputType}. */
        public Builder nIn(long nIn) {
            options.nIn = nIn;
            return this;
        }

        /** Units per input value. */
        public Builder buckets(int buckets) {
            options.buckets = buckets;
            return this;
        }

        /** The centre of the first bucket; smaller values are clamped to it. */
        public Builder minValue(double minValue) {
            options.minValue = minValue;
            return this;
        }

        /** The centre of the last bucket; larger values are clamped to it. */
        public Builder maxValue(double maxValue) {
            options.maxValue = maxValue;
            return this;
        }

        /** The receptive fields' width, in bucket spacings. */
        public Builder width(double width) {
            options.width = width;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ScalarEncoder build() {
            ScalarEncoder o = options;
            require(o.nIn >= 0, "nIn must be > 0 (or unset, to infer it from setInputType), got " + o.nIn);
            require(o.buckets >= 2, "buckets must be >= 2, got " + o.buckets);
            require(Double.isFinite(o.minValue) && Double.isFinite(o.maxValue) && o.minValue < o.maxValue,
                    "minValue (" + o.minValue + ") must be below maxValue (" + o.maxValue + "), both finite");
            require(Double.isFinite(o.width) && o.width > 0, "width must be > 0 bucket spacings, got " + o.width);
            ScalarEncoder layer = new ScalarEncoder(this);
            LayerOptions.copy(options, layer);
            return layer;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
