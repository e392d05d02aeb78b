package org.deephtm.tests.support;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small networks holding every DeepHTM layer and mode, for the tests that run DL4J's utilities on
 * them. Sequence networks read 3 values a step and predict 2; sizes are tiny so that each test
 * runs in a second or two.
 */
public final class SmallNetworks {

    public static final int INPUTS = 3;
    public static final int OUTPUTS = 2;
    public static final int COLUMNS = 12;
    public static final int CELLS_PER_COLUMN = 3;
    /** Cells of the temporal memory, N = columns * cellsPerColumn. */
    public static final int CELLS = COLUMNS * CELLS_PER_COLUMN;

    private SmallNetworks() {
    }

    /** A combination of spatial pooler and temporal memory options; together they cover every mode. */
    public enum Mode {
        /** Decimal columns from a potential pool, predictive decimal cells, column prediction loss. */
        DECIMAL_PREDICTIVE,
        /** Binary columns (unmasked straight-through), active binary cells, the anomaly score as an output row. */
        BINARY_ACTIVE_WITH_ANOMALY_ROW,
        /** Soft columns without boosting, predictive decimal cells without the column prediction loss. */
        SOFT_WITHOUT_LOSSES;

        public SpatialPooler spatialPooler() {
            SpatialPooler.Builder b = new SpatialPooler.Builder().name("sp").columns(COLUMNS).activeColumns(2);
            return switch (this) {
                case DECIMAL_PREDICTIVE -> b.output(SpatialPooler.Output.DECIMAL).potentialPct(0.5)
                        .dutyCyclePeriod(20).build();
                case BINARY_ACTIVE_WITH_ANOMALY_ROW -> b.output(SpatialPooler.Output.BINARY)
                        .maskedStraightThrough(false).activation(Activation.TANH).build();
                case SOFT_WITHOUT_LOSSES -> b.output(SpatialPooler.Output.SOFT).softTemperature(0.3).boostStrength(0)
                        .hasBias(false).weightInit(WeightInit.RELU).build();
            };
        }

        public TemporalMemory temporalMemory() {
            TemporalMemory.Builder b = new TemporalMemory.Builder().name("tm").cellsPerColumn(CELLS_PER_COLUMN);
            return switch (this) {
                case DECIMAL_PREDICTIVE -> b.output(TemporalMemory.Output.PREDICTIVE).build();
                case BINARY_ACTIVE_WITH_ANOMALY_ROW -> b.output(TemporalMemory.Output.ACTIVE)
                        .cells(TemporalMemory.Cells.BINARY).predictionThreshold(0.4).anomalyOutput(true).build();
                case SOFT_WITHOUT_LOSSES -> b.output(TemporalMemory.Output.PREDICTIVE).columnPredictionLoss(0)
                        .biasInit(-1).build();
            };
        }
    }

    public static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(new Adam(1e-2));
    }

    /**
     * Dense encoder, spatial pooler, temporal memory, dense decoder, recurrent output: the seed
     * network's shape in miniature. Layer indices: 0 encoder, 1 spatial pooler, 2 temporal memory,
     * 3 decoder, 4 output.
     */
    public static MultiLayerConfiguration sequence(Mode mode) {
        return sequence(mode, BackpropType.Standard, 0);
    }

    /** {@link #sequence(Mode)} trained with truncated BPTT over {@code length} steps. */
    public static MultiLayerConfiguration sequence(Mode mode, BackpropType backprop, int length) {
        return base(7).list()
                .layer(new DenseLayer.Builder().name("encoder").nOut(8).activation(Activation.RELU).build())
                .layer(mode.spatialPooler())
                .layer(mode.temporalMemory())
                .layer(new DenseLayer.Builder().name("decoder").nOut(8).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).name("out").nOut(OUTPUTS)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(INPUTS))
                .backpropType(backprop).tBPTTForwardLength(length).tBPTTBackwardLength(length)
                .build();
    }

    /**
     * Convolution, per-position SpatialPooler2D, convolution, neighbourhood SpatialPooler2D, and a
     * dense output of 2 values, on 2-channel 5x6 images.
     */
    public static MultiLayerConfiguration images() {
        return base(7).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new SpatialPooler2D.Builder().activeColumns(2)
                        .output(SpatialPooler.Output.BINARY).dutyCyclePeriod(30).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new SpatialPooler2D.Builder().inhibition(SpatialPooler2D.Inhibition.NEIGHBOURHOOD)
                        .inhibitionRadius(1).activeColumns(6).output(SpatialPooler.Output.SOFT).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(OUTPUTS)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(5, 6, 2))
                .build();
    }

    /** A feed-forward layer applied at every time step: keeps the graph in [b, n, T] form (see below). */
    public static TimeDistributed everyStep(Layer layer) {
        return new TimeDistributed(layer, RNNFormat.NCW);
    }

    private static DenseLayer dense(int nOut) {
        return new DenseLayer.Builder().nOut(nOut).activation(Activation.RELU).build();
    }

    /**
     * A graph with two outputs: {@code "prediction"} (the next value, decoded from the cells) and
     * {@code "anomaly"} (the temporal memory's anomaly score at each step, [b, 1, T]). The temporal
     * memory emits its cells and one more row, the score; two SubsetVertex split them.
     *
     * <p>The feed-forward layers are wrapped in {@code TimeDistributed}: in DL4J 1.0.0-M2.1,
     * {@code ComputationGraph.rnnTimeStep} skips the input preprocessor of a recurrent layer and
     * reshapes other preprocessors' input with a stale minibatch size, so a graph that is stepped
     * must not need a feed-forward-to-recurrent preprocessor anywhere.
     */
    public static ComputationGraphConfiguration twoOutputs(BackpropType backprop, int length) {
        return base(7).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(INPUTS))
                .addLayer("encoder", everyStep(dense(8)), "in")
                .addLayer("sp", everyStep(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(2).build()),
                        "encoder")
                .addLayer("tm", new TemporalMemory.Builder().cellsPerColumn(CELLS_PER_COLUMN).anomalyOutput(true)
                        .build(), "sp")
                .addVertex("cells", new SubsetVertex(0, CELLS - 1), "tm")
                .addVertex("score", new SubsetVertex(CELLS, CELLS), "tm")
                .addLayer("decoder", everyStep(dense(8)), "cells")
                .addLayer("prediction", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(OUTPUTS)
                        .activation(Activation.IDENTITY).build(), "decoder")
                .addLayer(Graphs.ANOMALY_OUTPUT, new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "score")
                .setOutputs("prediction", Graphs.ANOMALY_OUTPUT)
                .backpropType(backprop).tBPTTForwardLength(length).tBPTTBackwardLength(length)
                .build();
    }

    /**
     * Two HTM regions stacked: the second region's spatial pooler reads the first region's active
     * cells. One output, the prediction. The first region has no column prediction loss, so its
     * distal weights learn only from the error that comes down from the second region.
     */
    public static ComputationGraphConfiguration hierarchy() {
        return base(7).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(INPUTS))
                .addLayer("encoder", everyStep(dense(8)), "in")
                .addLayer("sp1", everyStep(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(2).build()),
                        "encoder")
                .addLayer("tm1", new TemporalMemory.Builder().cellsPerColumn(CELLS_PER_COLUMN)
                        .output(TemporalMemory.Output.ACTIVE).columnPredictionLoss(0).build(), "sp1")
                .addLayer("sp2", everyStep(new SpatialPooler.Builder().columns(10).activeColumns(2).build()), "tm1")
                .addLayer("tm2", new TemporalMemory.Builder().cellsPerColumn(2).build(), "sp2")
                .addLayer("decoder", everyStep(dense(8)), "tm2")
                .addLayer("prediction", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(OUTPUTS)
                        .activation(Activation.IDENTITY).build(), "decoder")
                .setOutputs("prediction")
                .build();
    }
}
