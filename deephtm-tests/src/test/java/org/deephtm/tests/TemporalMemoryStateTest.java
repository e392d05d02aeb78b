package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.online.RecurrentState;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The temporal memory's state across calls: stepwise, truncated BPTT, save and restore. */
class TemporalMemoryStateTest {

    private static final int LAYER = 2;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerConfiguration configuration(BackpropType backprop, int tbpttLength) {
        return new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build())
                .layer(new SpatialPooler.Builder().columns(16).activeColumns(3).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(3).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(3))
                .backpropType(backprop).tBPTTForwardLength(tbpttLength).tBPTTBackwardLength(tbpttLength)
                .build();
    }

    private static MultiLayerNetwork network(BackpropType backprop, int tbpttLength) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(backprop, tbpttLength));
        net.init();
        return net;
    }

    private static INDArray steps(INDArray sequence, int from, int to) {
        return sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }

    @Test
    void oneStepAtATimeEqualsTheWholeSequence() {
        MultiLayerNetwork net = network(BackpropType.Standard, 0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 9);
        INDArray whole = net.output(x);
        INDArray wholeAnomaly = ((TemporalMemoryRuntime) net.getLayer(LAYER)).anomalyScores().dup();
        net.rnnClearPreviousState();
        for (int t = 0; t < 9; t++) {
            INDArray step = net.rnnTimeStep(steps(x, t, t + 1));
            assertTrue(steps(whole, t, t + 1).equalsWithEps(step, 1e-12), "step " + t);
            assertEquals(wholeAnomaly.getColumn(t).reshape(2),
                    ((TemporalMemoryRuntime) net.getLayer(LAYER)).anomalyScores().reshape(2), "anomaly at step " + t);
        }
    }

    @Test
    void sequenceLengthMayChangeFromCallToCall() {
        MultiLayerNetwork net = network(BackpropType.Standard, 0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 3, 10);
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        INDArray first = net.rnnTimeStep(steps(x, 0, 3));
        INDArray second = net.rnnTimeStep(steps(x, 3, 10));
        assertTrue(steps(whole, 0, 3).equalsWithEps(first, 1e-12));
        assertTrue(steps(whole, 3, 10).equalsWithEps(second, 1e-12));
    }

    @Test
    void clearingTheStateStartsAgainFromZero() {
        MultiLayerNetwork net = network(BackpropType.Standard, 0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 3, 4);
        INDArray first = net.rnnTimeStep(x);
        INDArray continued = net.rnnTimeStep(x);
        net.rnnClearPreviousState();
        INDArray again = net.rnnTimeStep(x);
        assertTrue(first.equalsWithEps(again, 1e-12));
        assertTrue(!first.equalsWithEps(continued, 1e-6), "a carried state changes the outputs");
    }

    /**
     * DL4J 1.0.0-M2.1's truncated BPTT: each segment starts from the state the previous segment's
     * forward pass ended in, computed with the weights before that segment's update, and
     * gradients stop at the segment boundary.
     */
    @Test
    void truncatedBpttCarriesTheStateBetweenSegments() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 8);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 8);
        MultiLayerNetwork tbptt = network(BackpropType.TruncatedBPTT, 4);
        tbptt.fit(x, y);

        MultiLayerNetwork manual = network(BackpropType.TruncatedBPTT, 4);
        manual.rnnTimeStep(steps(x, 0, 4)); // the state after segment 1, before any update
        RecurrentState afterFirstSegment = RecurrentState.of(manual);
        manual.rnnClearPreviousState();
        manual.fit(steps(x, 0, 4), steps(y, 0, 4));
        afterFirstSegment.applyTo(manual);
        manual.setInput(steps(x, 4, 8));
        manual.setLabels(steps(y, 4, 8));
        manual.getOptimizer().optimize(LayerWorkspaceMgr.noWorkspaces());

        assertTrue(tbptt.params().equalsWithEps(manual.params(), 1e-10));
    }

    @Test
    void savingMidStreamAndRestoringContinuesExactly(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = network(BackpropType.Standard, 0);
        for (int i = 0; i < 3; i++) {
            net.fit(Nd4j.rand(DataType.DOUBLE, 2, 3, 6), Nd4j.rand(DataType.DOUBLE, 2, 2, 6));
        }
        INDArray stream = Nd4j.rand(DataType.DOUBLE, 1, 3, 12);
        net.rnnClearPreviousState();
        net.rnnTimeStep(steps(stream, 0, 5));

        File file = dir.resolve("stream.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        RecurrentState.of(net).saveTo(file);
        INDArray uninterrupted = net.rnnTimeStep(steps(stream, 5, 12));

        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        RecurrentState.loadFrom(file).applyTo(restored);
        assertEquals(uninterrupted, restored.rnnTimeStep(steps(stream, 5, 12)));
    }

    @Test
    void theModelFileAloneDoesNotCarryTheState(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = network(BackpropType.Standard, 0);
        net.rnnTimeStep(Nd4j.rand(DataType.DOUBLE, 1, 3, 5));
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        assertEquals(Map.of(), restored.rnnGetPreviousState(LAYER), "documented: save the state with RecurrentState");
    }
}
