package org.deephtm.networks;

import org.deephtm.layers.ScalarEncoder;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.learning.LazyAdam;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.Serializable;

/**
 * The network of the DeepHTM forum thread, as an ordinary DL4J configuration, with the settings
 * measured to learn best:
 * <pre>
 *   x_t (nIn values, about [-1, 1])
 *   -> ScalarEncoder 64 buckets per value                 HTM's scalar encoder       (forum: Dense 256 ReLU x2)
 *   -> SpatialPooler 256 columns, 5 winners               global inhibition, fixed weights, no boosting
 *                                                          (forum: learned weights, boosting 1)
 *   -> TemporalMemory 5 cells per column, ACTIVE          1280 cells, column loss 10 (forum: PREDICTIVE, 1)
 *   -> Dense 256 ReLU -> RnnOutputLayer nOut identity     learned decoder, squared error
 * </pre>
 * configured for truncated BPTT over {@code window} steps, so that {@code OnlineLearner} can train
 * it from the carried state. {@link #forumThread()} gives the forum thread's network exactly.
 *
 * <p>Why each default (the sweeps behind them are in docs/sine.md; {@code deephtm sweep} reruns
 * them): the forum's dense encoder gave the spatial pooler 3 distinct column sets for the 20
 * phases of a sine, so the memory could not tell apart values it had to; a spatial pooler whose
 * weights learn from the decoder's error, and boosting, keep moving the columns a value wins, and
 * the memory's predictions trail them (the drift the forum thread's author saw); the memory learns
 * to predict its columns faster at a higher learning rate and a stronger column loss; and a
 * decoder that reads the active cells (which carry the context) instead of the cells predicted for
 * the next step predicts as well and runs faster.
 *
 * <p>Updaters, the "mixed" ones unless {@link Builder#updater} or {@link Builder#updaters} replace
 * them: {@link LazyAdam} for the temporal memory at {@link Builder#memoryRateFactor(double)}
 * ({@value #MEMORY_RATE_FACTOR}) times the {@link Builder#learningRate(double)} ({@value #LEARNING_RATE};
 * most of the memory's weights have no gradient at a step), LazyAdam at the learning rate for the
 * decoder, and
 * for the spatial pooler (and a DENSE encoder) Adam at the learning rate when
 * {@link Builder#spatialPoolerLearning} is on, else SGD at 0: it keeps its random initial weights.
 * They are resolved when the network is built, so the order of the calls does not matter.
 * {@code updater(new Adam(1e-3))} puts DL4J's exact Adam on every layer, the spatial pooler
 * learning. Every size can be changed; the result is a plain {@link MultiLayerConfiguration}, open
 * to further edits.
 *
 * <p>Besides values, the network can read sparse codes (an {@link Encoder#NONE} encoder: the inputs
 * go straight to the spatial pooler) and predict one of several classes ({@link Prediction#CLASSES}:
 * a softmax), as HTM's sequence tasks do.
 *
 * <pre>{@code
 * MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().build());
 * net.init();
 * }</pre>
 */
public final class SeedNetwork {

    /** How the input values reach the spatial pooler. */
    public enum Encoder {
        /** A {@link ScalarEncoder}: each value as the activity of overlapping receptive fields (the default). */
        SCALAR,
        /** Two Dense ReLU layers of {@code encoderSize} units, as in the forum thread. */
        DENSE,
        /** None: the inputs are already sparse codes (one-hot symbols, say) and go straight to the spatial pooler. */
        NONE
    }

    /** What the output layer predicts. */
    public enum Prediction {
        /** {@code outputs} values: an identity output layer, squared error (the default). */
        VALUES,
        /** One of {@code outputs} classes: a softmax output layer, cross-entropy. */
        CLASSES
    }

    /** The default learning rate: the decoder's, and the spatial pooler's when it learns. */
    public static final double LEARNING_RATE = 1e-3;

    /** The memory's default learning rate over the others': it predicts its columns sooner. */
    public static final double MEMORY_RATE_FACTOR = 30;

    private SeedNetwork() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The forum thread's network: Dense 256 ReLU x2, SpatialPooler 256/5 with boosting,
     * TemporalMemory 5 cells PREDICTIVE with a column loss of 1, Dense 256; Adam 1e-3 for the
     * encoder and spatial pooler, LazyAdam 1e-3 for the rest (a memory rate factor of 1).
     */
    public static Builder forumThread() {
        return new Builder().encoder(Encoder.DENSE).boostStrength(1.0).columnPredictionLoss(1.0)
                .memoryOutput(TemporalMemory.Output.PREDICTIVE).spatialPoolerLearning(true).memoryRateFactor(1);
    }

    /**
     * Options of the seed network; defaults are the measured best (see the class comment). Each
     * option has a getter of the same name. {@link #build()} checks them all and may be called more
     * than once; {@link #copy()} gives an independent builder with the same options. Serializable,
     * so that a Spark job can ship it to the executors that build the networks.
     */
    public static final class Builder implements Serializable {

        private static final long serialVersionUID = 1L;

        private int inputs = 1;
        private int outputs = 1;
        private Encoder encoder = Encoder.SCALAR;
        private int buckets = 64;
        private double minValue = -1;
        private double maxValue = 1;
        private int encoderSize = 256;
        private int columns = 256;
        private int activeColumns = 5;
        private double boostStrength = 0;
        private int cellsPerColumn = 5;
        private TemporalMemory.Output memoryOutput = TemporalMemory.Output.ACTIVE;
        private double columnPredictionLoss = 10;
        private int decoderSize = 256;
        private Prediction prediction = Prediction.VALUES;
        private int window = 1;
        private double learningRate = LEARNING_RATE;
        private double memoryRateFactor = MEMORY_RATE_FACTOR;
        private boolean spatialPoolerLearning;
        private IUpdater[] updaters; // representation, memory, decoder; null for the mixed updaters
        private long seed = 12345;
        private DataType dataType = DataType.FLOAT;
        private SpatialPooler.Output spatialPoolerOutput = SpatialPooler.Output.DECIMAL;
        private TemporalMemory.Cells cells = TemporalMemory.Cells.DECIMAL;
        private TemporalMemory.Connectivity connectivity = TemporalMemory.Connectivity.DENSE;
        private double minHitRate;

        /** An independent builder with these options. */
        public Builder copy() {
            Builder b = new Builder();
            b.inputs = inputs;
            b.outputs = outputs;
            b.encoder = encoder;
            b.buckets = buckets;
            b.minValue = minValue;
            b.maxValue = maxValue;
            b.encoderSize = encoderSize;
            b.columns = columns;
            b.activeColumns = activeColumns;
            b.boostStrength = boostStrength;
            b.cellsPerColumn = cellsPerColumn;
            b.memoryOutput = memoryOutput;
            b.columnPredictionLoss = columnPredictionLoss;
            b.decoderSize = decoderSize;
            b.prediction = prediction;
            b.window = window;
            b.learningRate = learningRate;
            b.memoryRateFactor = memoryRateFactor;
            b.spatialPoolerLearning = spatialPoolerLearning;
            b.updaters = updaters == null ? null : updaters.clone();
            b.seed = seed;
            b.dataType = dataType;
            b.spatialPoolerOutput = spatialPoolerOutput;
            b.cells = cells;
            b.connectivity = connectivity;
            b.minHitRate = minHitRate;
            return b;
        }

        /** Values per step. */
        public Builder inputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        public int inputs() {
            return inputs;
        }

        /** Values (or classes) the output layer predicts. */
        public Builder outputs(int outputs) {
            this.outputs = outputs;
            return this;
        }

        public int outputs() {
            return outputs;
        }

        public Builder encoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        public Encoder encoder() {
            return encoder;
        }

        /** SCALAR encoder: buckets per input value, &gt;= 2 (default 64). */
        public Builder buckets(int buckets) {
            this.buckets = buckets;
            return this;
        }

        public int buckets() {
            return buckets;
        }

        /** SCALAR encoder: the range of the input values (values outside are clamped; default [-1, 1]). */
        public Builder valueRange(double minValue, double maxValue) {
            this.minValue = minValue;
            this.maxValue = maxValue;
            return this;
        }

        /** DENSE encoder: units of each of its two layers, &gt;= 1 (default 256). */
        public Builder encoderSize(int encoderSize) {
            this.encoderSize = encoderSize;
            return this;
        }

        public int encoderSize() {
            return encoderSize;
        }

        /** Spatial pooler columns, &gt;= 2 (default 256). */
        public Builder columns(int columns) {
            this.columns = columns;
            return this;
        }

        public int columns() {
            return columns;
        }

        /** Columns active per step, in [1, columns) (default 5). */
        public Builder activeColumns(int activeColumns) {
            this.activeColumns = activeColumns;
            return this;
        }

        public int activeColumns() {
            return activeColumns;
        }

        public Builder boostStrength(double boostStrength) {
            this.boostStrength = boostStrength;
            return this;
        }

        /** Temporal memory cells per column, &gt;= 1 (default 5). */
        public Builder cellsPerColumn(int cellsPerColumn) {
            this.cellsPerColumn = cellsPerColumn;
            return this;
        }

        public int cellsPerColumn() {
            return cellsPerColumn;
        }

        /** How the memory's cells connect: DENSE (default) or HTM's dendritic SEGMENTS. */
        public Builder connectivity(TemporalMemory.Connectivity connectivity) {
            this.connectivity = connectivity;
            return this;
        }

        public TemporalMemory.Connectivity connectivity() {
            return connectivity;
        }

        /**
         * SEGMENTS: the hit rate a segment needs to predict ({@link TemporalMemory.Builder#minHitRate});
         * 0, the default, turns it off.
         */
        public Builder minHitRate(double minHitRate) {
            this.minHitRate = minHitRate;
            return this;
        }

        public double minHitRate() {
            return minHitRate;
        }

        /** What the decoder reads: the active cells (default) or the cells predicted for the next step. */
        public Builder memoryOutput(TemporalMemory.Output memoryOutput) {
            this.memoryOutput = memoryOutput;
            return this;
        }

        public Builder columnPredictionLoss(double columnPredictionLoss) {
            this.columnPredictionLoss = columnPredictionLoss;
            return this;
        }

        /** Units of the Dense decoder layer (default 256); 0 for none: the output layer reads the memory. */
        public Builder decoderSize(int decoderSize) {
            this.decoderSize = decoderSize;
            return this;
        }

        public int decoderSize() {
            return decoderSize;
        }

        public Builder prediction(Prediction prediction) {
            this.prediction = prediction;
            return this;
        }

        /** Steps per training pass (the truncated-BPTT length), &gt;= 1; 1 (the default) learns every step. */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

        public int window() {
            return window;
        }

        /** The mixed updaters' learning rate, &gt; 0 (default {@value SeedNetwork#LEARNING_RATE}). */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public double learningRate() {
            return learningRate;
        }

        /**
         * The mixed updaters' temporal memory rate over the learning rate, &gt;= 0 (default
         * {@value SeedNetwork#MEMORY_RATE_FACTOR}); 0 leaves the memory's weights to HTM's rule (SEGMENTS).
         */
        public Builder memoryRateFactor(double memoryRateFactor) {
            this.memoryRateFactor = memoryRateFactor;
            return this;
        }

        public double memoryRateFactor() {
            return memoryRateFactor;
        }

        /**
         * Whether the mixed updaters let the spatial pooler (and a DENSE encoder) learn, with Adam at
         * the learning rate; off by default: they keep their random initial weights.
         */
        public Builder spatialPoolerLearning(boolean learns) {
            this.spatialPoolerLearning = learns;
            return this;
        }

        /** One updater for every layer, in place of the mixed updaters. */
        public Builder updater(IUpdater updater) {
            return updaters(updater, updater, updater);
        }

        /**
         * Updaters in place of the mixed ones.
         *
         * @param representation the encoder's and the spatial pooler's updater
         * @param memory         the temporal memory's
         * @param decoder        the decoder's and the output layer's
         */
        public Builder updaters(IUpdater representation, IUpdater memory, IUpdater decoder) {
            if (representation == null || memory == null || decoder == null) {
                throw new IllegalArgumentException("updaters must not be null");
            }
            this.updaters = new IUpdater[] {representation, memory, decoder};
            return this;
        }

        /** Network initialisation seed (default 12345). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public long seed() {
            return seed;
        }

        public Builder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        public Builder spatialPoolerOutput(SpatialPooler.Output output) {
            this.spatialPoolerOutput = output;
            return this;
        }

        public Builder cells(TemporalMemory.Cells cells) {
            this.cells = cells;
            return this;
        }

        /** The representation's, the memory's and the decoder's updaters, as {@link #build()} puts them. */
        private IUpdater[] resolvedUpdaters() {
            if (updaters != null) {
                return updaters.clone();
            }
            return new IUpdater[] {spatialPoolerLearning ? new Adam(learningRate) : new Sgd(0),
                    new LazyAdam(memoryRateFactor * learningRate), new LazyAdam(learningRate)};
        }

        /** Whether the spatial pooler's weights stay as they were initialised. */
        private boolean spatialPoolerFixed() {
            return resolvedUpdaters()[0] instanceof Sgd sgd && sgd.getLearningRate() == 0;
        }

        /**
         * Checks the options the layers do not check themselves, each message naming its option.
         * The layers' builders check theirs (buckets, columns, activeColumns, cellsPerColumn) when
         * {@link #build()} builds them.
         */
        private void validate() {
            require(inputs >= 1, "inputs must be >= 1, got " + inputs);
            require(outputs >= 1, "outputs must be >= 1, got " + outputs);
            require(encoder != null, "encoder must be SCALAR, DENSE or NONE, got null");
            require(encoder != Encoder.DENSE || encoderSize >= 1, "encoderSize must be >= 1, got " + encoderSize);
            require(decoderSize >= 0, "decoderSize must be >= 0 (0: no decoder layer), got " + decoderSize);
            require(prediction != null, "prediction must be VALUES or CLASSES, got null");
            require(prediction != Prediction.CLASSES || outputs >= 2,
                    "outputs must be >= 2 classes to predict CLASSES, got " + outputs);
            require(window >= 1, "window must be >= 1 (1 learns every step), got " + window);
            require(learningRate > 0 && Double.isFinite(learningRate),
                    "learningRate must be a positive number, got " + learningRate);
            require(memoryRateFactor >= 0 && Double.isFinite(memoryRateFactor),
                    "memoryRateFactor must be a number >= 0 (0: the memory's weights stay as HTM's rule sets them), got "
                            + memoryRateFactor);
        }

        /** The configuration; the builder stays as it is and can build again. */
        public MultiLayerConfiguration build() {
            validate();
            IUpdater[] u = resolvedUpdaters();
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                    .seed(RepeatableSeed.of(seed))
                    .dataType(dataType)
                    .updater(u[2])
                    .list();
            if (encoder == Encoder.SCALAR) {
                list.layer(new ScalarEncoder.Builder().buckets(buckets).minValue(minValue).maxValue(maxValue).build());
            } else if (encoder == Encoder.DENSE) {
                for (int layer = 0; layer < 2; layer++) {
                    list.layer(new DenseLayer.Builder().nOut(encoderSize).activation(Activation.RELU).updater(u[0])
                            .build());
                }
            }
            list.layer(new SpatialPooler.Builder().columns(columns).activeColumns(activeColumns)
                            .boostStrength(boostStrength).output(spatialPoolerOutput).updater(u[0]).build())
                    .layer(new TemporalMemory.Builder().cellsPerColumn(cellsPerColumn).output(memoryOutput)
                            .cells(cells).connectivity(connectivity).columnPredictionLoss(columnPredictionLoss)
                            .minHitRate(minHitRate).updater(u[1]).build());
            if (decoderSize > 0) {
                list.layer(new DenseLayer.Builder().nOut(decoderSize).activation(Activation.RELU).build());
            }
            RnnOutputLayer.Builder output = prediction == Prediction.VALUES
                    ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                    : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX);
            return list
                    .layer(output.nOut(outputs).build())
                    .setInputType(InputType.recurrent(inputs))
                    .backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTLength(window)
                    .build();
        }

        /**
         * One line on what {@link #build()} makes: "ScalarEncoder 1x64, SpatialPooler 256 columns/5
         * active (fixed), TemporalMemory 5 cells per column (active), Dense 256-1".
         */
        public String describe() {
            String encoding = switch (encoder == null ? Encoder.NONE : encoder) {
                case SCALAR -> "ScalarEncoder " + inputs + "x" + buckets + ", ";
                case DENSE -> "Dense " + inputs + "-" + encoderSize + "-" + encoderSize + ", ";
                case NONE -> inputs + " inputs, ";
            };
            String decoding = (decoderSize > 0 ? "Dense " + decoderSize + "-" : "") + outputs
                    + (prediction == Prediction.CLASSES ? " classes" : "");
            return encoding + "SpatialPooler " + columns + " columns/" + activeColumns + " active"
                    + (spatialPoolerFixed() ? " (fixed)" : "") + ", TemporalMemory " + cellsPerColumn
                    + " cells per column (" + String.valueOf(memoryOutput).toLowerCase(java.util.Locale.ROOT)
                    + (connectivity == TemporalMemory.Connectivity.SEGMENTS ? ", segments" : "")
                    + (minHitRate > 0 ? ", min hit rate " + minHitRate : "") + "), "
                    + decoding;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
