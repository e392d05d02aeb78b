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
 * <p>Updaters: the spatial pooler keeps its random initial weights (SGD at a learning rate of 0;
 * {@link Builder#spatialPoolerLearning} lets it learn, with Adam); {@link LazyAdam} for the
 * temporal memory at {@value #MEMORY_RATE_FACTOR} times the learning rate (most of its weights have
 * no gradient at a step) and for the decoder at the learning rate, 1e-3. {@link Builder#updater}
 * puts one updater on every layer ({@code new Adam(1e-3)}: DL4J's exact Adam throughout, the spatial
 * pooler learning). Every size can be changed; the result is a plain
 * {@link MultiLayerConfiguration}, open to further edits.
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
        DENSE
    }

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
     * encoder and spatial pooler, LazyAdam 1e-3 for the rest.
     */
    public static Builder forumThread() {
        return new Builder().encoder(Encoder.DENSE).boostStrength(1.0).columnPredictionLoss(1.0)
                .memoryOutput(TemporalMemory.Output.PREDICTIVE).spatialPoolerLearning(true)
                .updaters(new Adam(1e-3), new LazyAdam(1e-3), new LazyAdam(1e-3));
    }

    /** Options of the seed network; defaults are the measured best (see the class comment). */
    public static final class Builder {
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
        private int window = 1;
        private boolean representationLearns;
        private IUpdater representationUpdater = new Sgd(0);
        private IUpdater memoryUpdater = new LazyAdam(3e-2);
        private IUpdater decoderUpdater = new LazyAdam(1e-3);
        private long seed = 12345;
        private DataType dataType = DataType.FLOAT;
        private SpatialPooler.Output spatialPoolerOutput = SpatialPooler.Output.DECIMAL;
        private TemporalMemory.Cells cells = TemporalMemory.Cells.DECIMAL;

        public Builder inputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder outputs(int outputs) {
            this.outputs = outputs;
            return this;
        }

        public Builder encoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** SCALAR encoder: buckets per input value. */
        public Builder buckets(int buckets) {
            this.buckets = buckets;
            return this;
        }

        /** SCALAR encoder: the range of the input values (values outside are clamped). */
        public Builder valueRange(double minValue, double maxValue) {
            this.minValue = minValue;
            this.maxValue = maxValue;
            return this;
        }

        /** DENSE encoder: units of each of its two layers. */
        public Builder encoderSize(int encoderSize) {
            this.encoderSize = encoderSize;
            return this;
        }

        public Builder columns(int columns) {
            this.columns = columns;
            return this;
        }

        public Builder activeColumns(int activeColumns) {
            this.activeColumns = activeColumns;
            return this;
        }

        public Builder boostStrength(double boostStrength) {
            this.boostStrength = boostStrength;
            return this;
        }

        public Builder cellsPerColumn(int cellsPerColumn) {
            this.cellsPerColumn = cellsPerColumn;
            return this;
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

        public Builder decoderSize(int decoderSize) {
            this.decoderSize = decoderSize;
            return this;
        }

        /** Steps per training pass (the truncated-BPTT length); 1 learns every step. */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

        /** One updater for every layer. */
        public Builder updater(IUpdater updater) {
            return updaters(updater, updater, updater);
        }

        /**
         * Whether the spatial pooler (and a DENSE encoder) learn: with Adam at the learning rate, or
         * not at all (the default: they keep their random initial weights).
         */
        public Builder spatialPoolerLearning(boolean learns) {
            this.representationLearns = learns;
            this.representationUpdater = learns ? new Adam(1e-3) : new Sgd(0);
            return this;
        }

        /**
         * The default updaters at another rate: LazyAdam {@value #MEMORY_RATE_FACTOR} times it for the
         * temporal memory, LazyAdam {@code learningRate} for the decoder, and Adam {@code learningRate}
         * for the spatial pooler when it learns.
         */
        public Builder learningRate(double learningRate) {
            return updaters(representationLearns ? new Adam(learningRate) : new Sgd(0),
                    new LazyAdam(MEMORY_RATE_FACTOR * learningRate), new LazyAdam(learningRate));
        }

        /**
         * @param representation the encoder's and the spatial pooler's updater
         * @param memory         the temporal memory's
         * @param decoder        the decoder's and the output layer's
         */
        public Builder updaters(IUpdater representation, IUpdater memory, IUpdater decoder) {
            if (representation == null || memory == null || decoder == null) {
                throw new IllegalArgumentException("updaters must not be null");
            }
            this.representationUpdater = representation;
            this.memoryUpdater = memory;
            this.decoderUpdater = decoder;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
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

        public MultiLayerConfiguration build() {
            require(inputs >= 1 && outputs >= 1, "inputs and outputs must be >= 1, got " + inputs + " and " + outputs);
            require(encoder != null, "encoder must be SCALAR or DENSE, got null");
            require(encoder != Encoder.DENSE || encoderSize >= 1, "encoderSize must be >= 1, got " + encoderSize);
            require(decoderSize >= 1, "decoderSize must be >= 1, got " + decoderSize);
            require(window >= 1, "window must be >= 1 (1 learns every step), got " + window);
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                    .seed(seed)
                    .dataType(dataType)
                    .updater(decoderUpdater)
                    .list();
            if (encoder == Encoder.SCALAR) {
                list.layer(new ScalarEncoder.Builder().buckets(buckets).minValue(minValue).maxValue(maxValue).build());
            } else {
                list.layer(new DenseLayer.Builder().nOut(encoderSize).activation(Activation.RELU)
                        .updater(representationUpdater).build());
                list.layer(new DenseLayer.Builder().nOut(encoderSize).activation(Activation.RELU)
                        .updater(representationUpdater).build());
            }
            return list
                    .layer(new SpatialPooler.Builder().columns(columns).activeColumns(activeColumns)
                            .boostStrength(boostStrength).output(spatialPoolerOutput)
                            .updater(representationUpdater).build())
                    .layer(new TemporalMemory.Builder().cellsPerColumn(cellsPerColumn).output(memoryOutput)
                            .cells(cells).columnPredictionLoss(columnPredictionLoss).updater(memoryUpdater).build())
                    .layer(new DenseLayer.Builder().nOut(decoderSize).activation(Activation.RELU).build())
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(outputs)
                            .activation(Activation.IDENTITY).build())
                    .setInputType(InputType.recurrent(inputs))
                    .backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTLength(window)
                    .build();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
