package org.deephtm.networks;

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
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The network of the DeepHTM forum thread, as an ordinary DL4J configuration:
 * <pre>
 *   x_t (nIn values)
 *   -> Dense 256 ReLU -> Dense 256 ReLU                  learned encoder
 *   -> SpatialPooler 256 columns, 5 winners               global inhibition
 *   -> TemporalMemory 5 cells per column, PREDICTIVE      1280 cells
 *   -> Dense 256 ReLU -> RnnOutputLayer nOut identity     learned decoder, squared error
 * </pre>
 * configured for truncated BPTT over {@code window} steps, so that {@code OnlineLearner} can train
 * it from the carried state.
 *
 * <p>Updaters, by default at 1e-3: Adam for the encoder and the spatial pooler, where the
 * representation forms (132k weights), and {@link LazyAdam} for the temporal memory and the
 * decoder, where most weights have no gradient at a step (the rows of inactive cells). Measured on
 * the seed's sine over periods 15 to 30 and three seeds (docs/online-learning.md): this mix learns
 * better than exact Adam everywhere and than LazyAdam everywhere (which once predicted a constant
 * for 5,000 steps), and the online engine runs it six times faster than exact Adam.
 * {@link Builder#updater} puts one updater on every layer ({@code new Adam(1e-3)}: DL4J's exact
 * Adam throughout). Every size can be changed; the result is a plain
 * {@link MultiLayerConfiguration}, open to further edits.
 *
 * <pre>{@code
 * MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().build());
 * net.init();
 * }</pre>
 */
public final class SeedNetwork {

    private SeedNetwork() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of the seed network; defaults are the forum thread's sizes. */
    public static final class Builder {
        private int inputs = 1;
        private int outputs = 1;
        private int encoderSize = 256;
        private int columns = 256;
        private int activeColumns = 5;
        private int cellsPerColumn = 5;
        private int decoderSize = 256;
        private int window = 1;
        private IUpdater representationUpdater = new Adam(1e-3);
        private IUpdater memoryUpdater = new LazyAdam(1e-3);
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

        public Builder cellsPerColumn(int cellsPerColumn) {
            this.cellsPerColumn = cellsPerColumn;
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
            return updaters(updater, updater);
        }

        /** The default mix at another learning rate: Adam for the encoder and spatial pooler, LazyAdam for the rest. */
        public Builder learningRate(double learningRate) {
            return updaters(new Adam(learningRate), new LazyAdam(learningRate));
        }

        /**
         * @param representation the encoder's and the spatial pooler's updater
         * @param memory         the temporal memory's, the decoder's and the output layer's
         */
        public Builder updaters(IUpdater representation, IUpdater memory) {
            if (representation == null || memory == null) {
                throw new IllegalArgumentException("updaters must not be null");
            }
            this.representationUpdater = representation;
            this.memoryUpdater = memory;
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
            return new NeuralNetConfiguration.Builder()
                    .seed(seed)
                    .dataType(dataType)
                    .updater(memoryUpdater)
                    .list()
                    .layer(new DenseLayer.Builder().nOut(encoderSize).activation(Activation.RELU)
                            .updater(representationUpdater).build())
                    .layer(new DenseLayer.Builder().nOut(encoderSize).activation(Activation.RELU)
                            .updater(representationUpdater).build())
                    .layer(new SpatialPooler.Builder().columns(columns).activeColumns(activeColumns)
                            .output(spatialPoolerOutput).updater(representationUpdater).build())
                    .layer(new TemporalMemory.Builder().cellsPerColumn(cellsPerColumn)
                            .output(TemporalMemory.Output.PREDICTIVE).cells(cells).build())
                    .layer(new DenseLayer.Builder().nOut(decoderSize).activation(Activation.RELU).build())
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(outputs)
                            .activation(Activation.IDENTITY).build())
                    .setInputType(InputType.recurrent(inputs))
                    .backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTLength(window)
                    .build();
        }
    }
}
