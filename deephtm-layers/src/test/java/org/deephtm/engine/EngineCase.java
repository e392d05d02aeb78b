package org.deephtm.engine;

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
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A network and a stream setting for the engine's equivalence tests: together the cases cover
 * every option the engine supports. Networks are small (a few thousand parameters) so that a
 * hundred lockstep steps take a second.
 *
 * @param name     what the case covers
 * @param conf     the network
 * @param streams  streams (the minibatch)
 * @param horizon  steps ahead
 * @param window   steps per training pass
 * @param classes  0 for a regression target (the next value of the first input), else the number
 *                 of symbols of a one-hot stream
 */
record EngineCase(String name, MultiLayerConfiguration conf, int streams, int horizon, int window, int classes) {

    static final int INPUTS = 3;

    @Override
    public String toString() {
        return name;
    }

    /** A seed-shaped network: Dense encoder, SpatialPooler, TemporalMemory, Dense decoder, output. */
    static MultiLayerConfiguration network(IUpdater updater, UnaryOperator<SpatialPooler.Builder> sp,
            UnaryOperator<TemporalMemory.Builder> tm, Activation dense, int window) {
        return new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT).updater(updater).list()
                .layer(new DenseLayer.Builder().nOut(12).activation(dense).build())
                .layer(sp.apply(new SpatialPooler.Builder().columns(24).activeColumns(3)).build())
                .layer(tm.apply(new TemporalMemory.Builder().cellsPerColumn(3)).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(dense).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(INPUTS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(window)
                .build();
    }

    static EngineCase of(String name, IUpdater updater, UnaryOperator<SpatialPooler.Builder> sp,
            UnaryOperator<TemporalMemory.Builder> tm) {
        return new EngineCase(name, network(updater, sp, tm, Activation.RELU, 1), 1, 1, 1, 0);
    }

    static List<EngineCase> all() {
        UnaryOperator<SpatialPooler.Builder> sp = b -> b;
        UnaryOperator<TemporalMemory.Builder> tm = b -> b;
        return List.of(
                of("seed shape, LazyAdam", new LazyAdam(1e-2), sp, tm),
                of("seed shape, Adam", new Adam(1e-2), sp, tm),
                of("seed shape, SGD", new Sgd(5e-2), sp, tm),
                of("Adam with a learning-rate schedule", new Adam(new ExponentialSchedule(ScheduleType.ITERATION,
                        1e-2, 0.99)), sp, tm),
                of("decimal columns from a potential pool, short duty cycles", new LazyAdam(1e-2),
                        b -> b.potentialPct(0.5).dutyCyclePeriod(20).activation(Activation.TANH), tm),
                of("binary columns, masked straight-through", new LazyAdam(1e-2),
                        b -> b.output(SpatialPooler.Output.BINARY), tm),
                of("binary columns, unmasked; active binary cells; anomaly row", new LazyAdam(1e-2),
                        b -> b.output(SpatialPooler.Output.BINARY).maskedStraightThrough(false),
                        b -> b.output(TemporalMemory.Output.ACTIVE).cells(TemporalMemory.Cells.BINARY)
                                .predictionThreshold(0.4).anomalyOutput(true)),
                of("soft columns with boosting", new LazyAdam(1e-2),
                        b -> b.output(SpatialPooler.Output.SOFT).softTemperature(0.3), tm),
                of("soft columns without boosting or bias; no column loss", new Adam(1e-2),
                        b -> b.output(SpatialPooler.Output.SOFT).boostStrength(0).hasBias(false),
                        b -> b.columnPredictionLoss(0).biasInit(-1)),
                of("binary predictive cells, strong column loss", new LazyAdam(1e-2), sp,
                        b -> b.cells(TemporalMemory.Cells.BINARY).columnPredictionLoss(5)),
                of("one cell per column", new LazyAdam(1e-2), sp, b -> b.cellsPerColumn(1)),
                of("identity columns, ReLU columns", new Sgd(5e-2),
                        b -> b.activation(Activation.RELU).boostStrength(3), b -> b.anomalyOutput(true)),
                new EngineCase("3 streams", network(new LazyAdam(1e-2), sp, tm, Activation.RELU, 1), 3, 1, 1, 0),
                new EngineCase("window of 4 (backpropagation through time)",
                        network(new LazyAdam(1e-2), sp, tm, Activation.RELU, 4), 1, 1, 4, 0),
                new EngineCase("horizon 3", network(new Adam(1e-2), sp, tm, Activation.RELU, 1), 1, 3, 1, 0),
                new EngineCase("2 streams, horizon 2, window 3",
                        network(new LazyAdam(1e-2), sp, tm, Activation.TANH, 3), 2, 2, 3, 0),
                new EngineCase("sigmoid and leaky ReLU layers, L2 loss, a NoOp encoder", others(), 1, 1, 1, 0),
                new EngineCase("symbols: softmax output, cross-entropy", symbols(), 1, 1, 1, 5),
                new EngineCase("a memory fed by a dense layer, two regions", regions(), 2, 1, 2, 0),
                new EngineCase("the seed network's defaults: a scalar encoder, active cells", encoded(false), 1, 1, 1,
                        0),
                new EngineCase("a scalar encoder after a dense layer (its backward pass)", encoded(true), 2, 1, 2, 0),
                new EngineCase("symbols: negative log-likelihood; cube and ELU layers, softplus and hard-tanh columns, "
                        + "one cell per column, window 2", likelihood(), 1, 1, 2, 5),
                new EngineCase("softsign and softplus layers, ELU, softsign and cube columns, a hard-tanh output; "
                        + "binary cells through a window of 3", smoothActivations(), 2, 1, 3, 0));
    }

    /**
     * A pooler over a pooler, so that one case checks two column activations; a first-order memory
     * (one cell per column) trained over windows of 2.
     */
    private static MultiLayerConfiguration likelihood() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new LazyAdam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.CUBE).build())
                .layer(new SpatialPooler.Builder().columns(24).activeColumns(4).activation(Activation.SOFTPLUS).build())
                .layer(new SpatialPooler.Builder().columns(20).activeColumns(6).activation(Activation.HARDTANH).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(1).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.ELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(5))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(2)
                .build();
    }

    /**
     * Three poolers in a row, the first with half its columns winning, so that negative overlaps
     * win and ELU's negative side is used; binary cells trained through time.
     */
    private static MultiLayerConfiguration smoothActivations() {
        return new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.SOFTSIGN).build())
                .layer(new SpatialPooler.Builder().columns(24).activeColumns(12).activation(Activation.ELU).build())
                .layer(new SpatialPooler.Builder().columns(20).activeColumns(5).activation(Activation.SOFTSIGN).build())
                .layer(new SpatialPooler.Builder().columns(16).activeColumns(3).activation(Activation.CUBE).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(3).cells(TemporalMemory.Cells.BINARY).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.SOFTPLUS).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.HARDTANH).build())
                .setInputType(InputType.recurrent(INPUTS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(3)
                .build();
    }

    private static MultiLayerConfiguration others() {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).updater(new LazyAdam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.SIGMOID).updater(new NoOp()).build())
                .layer(new SpatialPooler.Builder().columns(20).activeColumns(2).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(2).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.LEAKYRELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.L2).nOut(2).activation(Activation.TANH)
                        .build())
                .setInputType(InputType.recurrent(INPUTS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(1)
                .build();
    }

    private static MultiLayerConfiguration symbols() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new LazyAdam(1e-2)).list()
                .layer(new SpatialPooler.Builder().columns(24).activeColumns(3).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(4).output(TemporalMemory.Output.ACTIVE)
                        .columnPredictionLoss(10).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(5))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(1)
                .build();
    }

    private static MultiLayerConfiguration encoded(boolean afterDense) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(13).dataType(DataType.FLOAT)
                .updater(new LazyAdam(3e-2)).list();
        if (afterDense) {
            list.layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).updater(new Adam(1e-2)).build());
        }
        return list
                .layer(new ScalarEncoder.Builder().buckets(16).width(1.5).build())
                .layer(new SpatialPooler.Builder().columns(24).activeColumns(3).boostStrength(0).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(3).output(TemporalMemory.Output.ACTIVE)
                        .columnPredictionLoss(10).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(INPUTS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(afterDense ? 2 : 1)
                .build();
    }

    private static MultiLayerConfiguration regions() {
        return new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT).updater(new LazyAdam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.SIGMOID).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(2).output(TemporalMemory.Output.ACTIVE).build())
                .layer(new SpatialPooler.Builder().columns(12).activeColumns(2).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(2).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(INPUTS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(2)
                .build();
    }
}
