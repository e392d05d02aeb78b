package org.deephtm.tests.dl4j;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.tests.support.Graphs;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.recurrent.TimeDistributedLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.Set;

import static org.deephtm.tests.support.SmallNetworks.everyStep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DeepHTM layers in a ComputationGraph: a graph with two outputs (the predicted value and the
 * anomaly score), truncated BPTT, stepping with {@code rnnTimeStep}, and two HTM regions stacked.
 */
class ComputationGraphTest {

    private static final long SEED = 21;

    private static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static INDArray sequences(long batch, int features, int steps) {
        return Nd4j.rand(DataType.FLOAT, batch, features, steps);
    }

    private static TemporalMemoryRuntime temporalMemory(ComputationGraph graph, String name) {
        return (TemporalMemoryRuntime) graph.getLayer(name);
    }

    @Test
    void anomalyOutputIsTheTemporalMemorysScoreAtEveryStep() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.twoOutputs(BackpropType.Standard, 0));
        INDArray x = sequences(3, SmallNetworks.INPUTS, 5);
        INDArray[] out = graph.output(x);
        assertArrayEquals(new long[] {3, SmallNetworks.OUTPUTS, 5}, out[0].shape(), "prediction");
        assertArrayEquals(new long[] {3, 1, 5}, out[1].shape(), "anomaly score");
        assertEquals(temporalMemory(graph, "tm").anomalyScores(), out[1].reshape(3, 5));
        assertTrue(out[1].minNumber().doubleValue() >= 0 && out[1].maxNumber().doubleValue() <= 1,
                "scores are shares of the active columns: " + out[1]);
    }

    /**
     * The anomaly output's labels come with a zero label mask: its loss and gradient are zero, so
     * the graph trains exactly like one without that output.
     */
    @Test
    void maskedAnomalyLabelsLeaveTrainingToThePrediction() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph twoOutputs = init(SmallNetworks.twoOutputs(BackpropType.Standard, 0));
        ComputationGraph predictionOnly = init(SmallNetworks.base(7).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(SmallNetworks.INPUTS))
                .addLayer("encoder", everyStep(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build()),
                        "in")
                .addLayer("sp", everyStep(new SpatialPooler.Builder().columns(SmallNetworks.COLUMNS).activeColumns(2)
                        .build()), "encoder")
                .addLayer("tm", new TemporalMemory.Builder().cellsPerColumn(SmallNetworks.CELLS_PER_COLUMN).build(),
                        "sp")
                .addLayer("decoder", everyStep(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build()),
                        "tm")
                .addLayer("prediction", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nOut(SmallNetworks.OUTPUTS).activation(Activation.IDENTITY).build(), "decoder")
                .setOutputs("prediction")
                .build());
        for (GraphVertex vertex : predictionOnly.getVertices()) {
            if (vertex.hasLayer()) {
                vertex.getLayer().params().assign(twoOutputs.getLayer(vertex.getVertexName()).params());
            }
        }

        INDArray x = sequences(2, SmallNetworks.INPUTS, 6);
        INDArray y = sequences(2, SmallNetworks.OUTPUTS, 6);
        MultiDataSet data = Graphs.data(twoOutputs, x, y);
        for (int i = 0; i < 3; i++) {
            twoOutputs.fit(data);
            predictionOnly.fit(Graphs.data(predictionOnly, x, y));
        }
        assertEquals(predictionOnly.score(), twoOutputs.score(), 1e-6);
        for (GraphVertex vertex : predictionOnly.getVertices()) {
            if (vertex.hasLayer()) {
                String name = vertex.getVertexName();
                assertTrue(vertex.getLayer().params().equalsWithEps(twoOutputs.getLayer(name).params(), 1e-6), name);
            }
        }
    }

    /** With TimeDistributed feed-forward layers, stepping the graph gives the whole sequence's outputs. */
    @Test
    void steppingTheGraphReproducesTheWholeSequenceEvenAfterTraining() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.twoOutputs(BackpropType.Standard, 0));
        graph.fit(Graphs.data(graph, sequences(2, SmallNetworks.INPUTS, 6), sequences(2, SmallNetworks.OUTPUTS, 6)));

        INDArray x = sequences(1, SmallNetworks.INPUTS, 7);
        INDArray[] whole = graph.output(x);
        graph.rnnClearPreviousState();
        for (int t = 0; t < 7; t++) {
            INDArray[] step = graph.rnnTimeStep(Graphs.steps(x, t, t + 1));
            assertTrue(Graphs.steps(whole[0], t, t + 1).equalsWithEps(step[0], 1e-6), "prediction at step " + t);
            assertTrue(Graphs.steps(whole[1], t, t + 1).equalsWithEps(step[1], 1e-6), "anomaly at step " + t);
        }
    }

    /**
     * Truncated BPTT in a ComputationGraph (TimeDistributed feed-forward layers) trains the same
     * weights as in the equivalent MultiLayerNetwork (preprocessors): the temporal memory's state
     * is carried from segment to segment the same way.
     */
    @Test
    void graphTruncatedBpttTrainsLikeTheMultiLayerNetwork() {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE,
                BackpropType.TruncatedBPTT, 3));
        net.init();
        ComputationGraph graph = init(SmallNetworks.base(7).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(SmallNetworks.INPUTS))
                .addLayer("encoder", everyStep(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build()),
                        "in")
                .addLayer("sp", everyStep(Mode.DECIMAL_PREDICTIVE.spatialPooler()), "encoder")
                .addLayer("tm", Mode.DECIMAL_PREDICTIVE.temporalMemory(), "sp")
                .addLayer("decoder", everyStep(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build()),
                        "tm")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(SmallNetworks.OUTPUTS)
                        .activation(Activation.IDENTITY).build(), "decoder")
                .setOutputs("out")
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(3).tBPTTBackwardLength(3)
                .build());
        String[] names = {"encoder", "sp", "tm", "decoder", "out"};
        for (int i = 0; i < names.length; i++) {
            graph.getLayer(names[i]).params().assign(net.getLayer(i).params());
        }

        INDArray x = sequences(2, SmallNetworks.INPUTS, 9);
        INDArray y = sequences(2, SmallNetworks.OUTPUTS, 9);
        net.fit(x, y);
        graph.fit(new INDArray[] {x}, new INDArray[] {y});
        for (int i = 0; i < names.length; i++) {
            assertTrue(net.getLayer(i).params().equalsWithEps(graph.getLayer(names[i]).params(), 1e-5), names[i]);
        }
    }

    /**
     * What {@code tbpttBackpropGradient(epsilon, L)} computes for its callers (in DL4J 1.0.0-M2.1,
     * {@code ComputationGraph.backpropGradient(epsilons...)} of a truncated-BPTT graph; {@code fit}
     * never calls it): the gradient of the last L steps' loss with the state at step T-L taken as a
     * constant, which is what a forward pass of the last L steps from that stored state gives.
     */
    @Test
    void truncatedBackwardLengthLimitsTheGradientToTheLastSteps() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.twoOutputs(BackpropType.Standard, 0));
        graph.initGradientsView();
        TemporalMemoryRuntime tm = temporalMemory(graph, "tm");
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        int steps = 7;
        int kept = 3;
        INDArray columns = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.COLUMNS, steps);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, 2, SmallNetworks.CELLS + 1, steps);

        tm.rnnClearPreviousState();
        tm.setInput(columns, noWorkspaces);
        tm.activate(true, noWorkspaces);
        Pair<Gradient, INDArray> truncated = tm.tbpttBackpropGradient(epsilon.dup(), kept, noWorkspaces);
        INDArray truncatedD = truncated.getFirst().getGradientFor(TemporalMemory.DISTAL_KEY).dup();
        INDArray truncatedInput = truncated.getSecond().dup();

        tm.rnnClearPreviousState();
        tm.rnnTimeStep(Graphs.steps(columns, 0, steps - kept), noWorkspaces);
        tm.rnnActivateUsingStoredState(Graphs.steps(columns, steps - kept, steps), true, false, noWorkspaces);
        Pair<Gradient, INDArray> lastSteps = tm.backpropGradient(Graphs.steps(epsilon, steps - kept, steps),
                noWorkspaces);

        assertTrue(truncatedD.equalsWithEps(lastSteps.getFirst().getGradientFor(TemporalMemory.DISTAL_KEY), 1e-5));
        assertTrue(Graphs.steps(truncatedInput, steps - kept, steps).equalsWithEps(lastSteps.getSecond(), 1e-5));
        assertEquals(0.0, Graphs.steps(truncatedInput, 0, steps - kept).norm1Number().doubleValue(),
                "no gradient reaches the steps before the window");
    }

    @Test
    void secondRegionsSpatialPoolerReadsTheFirstRegionsCells() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.hierarchy());
        LayerVertex vertex = (LayerVertex) graph.getConfiguration().getVertices().get("sp2");
        SpatialPooler sp2 = (SpatialPooler) ((TimeDistributed) vertex.getLayerConf().getLayer()).getUnderlying();
        assertEquals(SmallNetworks.CELLS, sp2.getNIn());

        INDArray x = sequences(2, SmallNetworks.INPUTS, 5);
        Map<String, INDArray> activations = graph.feedForward(x, false);
        assertArrayEquals(new long[] {2, SmallNetworks.CELLS, 5}, activations.get("tm1").shape());
        INDArray columns = activations.get("sp2");
        assertArrayEquals(new long[] {2, 10, 5}, columns.shape());
        INDArray winnersPerStep = columns.neq(0).castTo(DataType.FLOAT).sum(1);
        assertEquals(Nd4j.valueArrayOf(new long[] {2, 5}, 2f), winnersPerStep, "2 winning columns at every step");

        INDArray direct = ((TimeDistributedLayer) graph.getLayer("sp2")).activate(activations.get("tm1"), false,
                LayerWorkspaceMgr.noWorkspaces());
        assertEquals(columns, direct);
    }

    /** The first region has no loss of its own: its distal weights move only if error comes down through the second. */
    @Test
    void errorFromTheSecondRegionTrainsTheFirstRegionsMemory() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.hierarchy());
        INDArray before = graph.getLayer("tm1").getParam(TemporalMemory.DISTAL_KEY).dup();
        graph.fit(new INDArray[] {sequences(2, SmallNetworks.INPUTS, 6)},
                new INDArray[] {sequences(2, SmallNetworks.OUTPUTS, 6)});
        INDArray after = graph.getLayer("tm1").getParam(TemporalMemory.DISTAL_KEY);
        assertNotEquals(before, after);
    }

    @Test
    void bothRegionsCarryTheirStateAcrossRnnTimeStep() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.hierarchy());
        INDArray x = sequences(1, SmallNetworks.INPUTS, 6);
        INDArray whole = graph.output(x)[0];
        INDArray lowerScores = temporalMemory(graph, "tm1").anomalyScores().dup();
        INDArray upperScores = temporalMemory(graph, "tm2").anomalyScores().dup();
        graph.rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray step = graph.rnnTimeStep(Graphs.steps(x, t, t + 1))[0];
            assertTrue(Graphs.steps(whole, t, t + 1).equalsWithEps(step, 1e-6), "step " + t);
            assertEquals(lowerScores.getDouble(0, t), temporalMemory(graph, "tm1").anomalyScores().getDouble(0, 0),
                    1e-6);
            assertEquals(upperScores.getDouble(0, t), temporalMemory(graph, "tm2").anomalyScores().getDouble(0, 0),
                    1e-6);
        }
    }

    /**
     * Backpropagation through both regions, the subset vertex and the TimeDistributed wrappers is
     * exact. The distal matrices and the output layer are left out to keep the check short (the
     * distal gradients have their own check, TemporalMemoryGradientCheckTest); the first region's
     * weights are only right if the error passed down through everything above them is.
     */
    @Test
    void hierarchyPassesAGradientCheck() {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph graph = init(new NeuralNetConfiguration.Builder().seed(3)
                    .dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                    .addInputs("in")
                    .setInputTypes(InputType.recurrent(3))
                    .addLayer("sp1", everyStep(new SpatialPooler.Builder().columns(3).activeColumns(1)
                            .boostStrength(0).build()), "in")
                    .addLayer("tm1", new TemporalMemory.Builder().cellsPerColumn(2).output(TemporalMemory.Output.ACTIVE)
                            .biasInit(0).anomalyOutput(true).build(), "sp1")
                    .addVertex("cells1", new SubsetVertex(0, 5), "tm1")
                    .addLayer("sp2", everyStep(new SpatialPooler.Builder().columns(3).activeColumns(1)
                            .boostStrength(0).build()), "cells1")
                    .addLayer("tm2", new TemporalMemory.Builder().cellsPerColumn(2).biasInit(0).build(), "sp2")
                    .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build(), "tm2")
                    .setOutputs("out")
                    .build());
            graph.getLayer("tm1").getParam(TemporalMemory.DISTAL_KEY).muli(5);
            graph.getLayer("tm2").getParam(TemporalMemory.DISTAL_KEY).muli(5);
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 2);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 2);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .excludeParams(Set.of("sp1_" + SpatialPooler.DUTY_CYCLE_KEY, "sp2_" + SpatialPooler.DUTY_CYCLE_KEY,
                            "tm1_" + TemporalMemory.DISTAL_KEY, "tm2_" + TemporalMemory.DISTAL_KEY, "out_W", "out_b"))
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok);
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }
}
