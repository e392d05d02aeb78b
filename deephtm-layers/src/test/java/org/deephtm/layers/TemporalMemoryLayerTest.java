package org.deephtm.layers;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalMemoryLayerTest {

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(TemporalMemory.Builder tm, int columns) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(tm.build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(columns)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    private static INDArray columns(double[]... steps) {
        INDArray x = Nd4j.create(DataType.DOUBLE, 1, steps[0].length, steps.length);
        for (int t = 0; t < steps.length; t++) {
            for (int c = 0; c < steps[t].length; c++) {
                x.putScalar(0, c, t, steps[t][c]);
            }
        }
        return x;
    }

    @Test
    void unpredictedColumnBursts() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2).biasInit(-40)
                .output(TemporalMemory.Output.ACTIVE), 4);
        TemporalMemoryRuntime tm = (TemporalMemoryRuntime) net.getLayer(0);
        INDArray active = tm.activate(columns(new double[] {1, 0, 1, 0}), false, NO_WORKSPACES);
        assertTrue(Nd4j.createFromArray(new double[] {1, 1, 0, 0, 1, 1, 0, 0}).reshape(1, 8, 1)
                .equalsWithEps(active, 1e-9), active.toString());
        assertEquals(1.0, tm.anomalyScores().getDouble(0, 0), 1e-9);
    }

    @Test
    void aPredictedColumnActivatesOnlyItsPredictedCell() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2)
                .output(TemporalMemory.Output.ACTIVE), 2);
        TemporalMemoryRuntime tm = (TemporalMemoryRuntime) net.getLayer(0);
        // Cells 0 and 1 (column 0) predict cell 3 (column 1, second cell); nothing else is predicted.
        INDArray distal = tm.getParam(TemporalMemory.DISTAL_KEY);
        distal.assign(0);
        distal.putScalar(0, 3, 60);
        distal.putScalar(1, 3, 60);
        tm.getParam(TemporalMemory.BIAS_KEY).assign(-40);
        INDArray active = tm.activate(columns(new double[] {1, 0}, new double[] {0, 1}), false, NO_WORKSPACES);
        INDArray second = active.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1));
        assertTrue(Nd4j.createFromArray(new double[][] {{0, 0, 0, 1}}).equalsWithEps(second, 1e-9), active.toString());
        assertEquals(0.0, tm.anomalyScores().getDouble(0, 1), 1e-9, "the active column was predicted");
    }

    @Test
    void anomalyCountsTheShareOfUnpredictedColumns() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(1), 4);
        TemporalMemoryRuntime tm = (TemporalMemoryRuntime) net.getLayer(0);
        INDArray distal = tm.getParam(TemporalMemory.DISTAL_KEY);
        distal.assign(0);
        distal.putScalar(0, 1, 80); // column 0 predicts column 1 only
        tm.getParam(TemporalMemory.BIAS_KEY).assign(-40);
        tm.activate(columns(new double[] {1, 0, 0, 0}, new double[] {0, 1, 1, 0}), false, NO_WORKSPACES);
        assertEquals(0.5, tm.anomalyScores().getDouble(0, 1), 1e-9, "one of two active columns was predicted");
    }

    @Test
    void binaryCellsPredictZeroOrOneAndBackpropagateStraightThrough() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2).cells(TemporalMemory.Cells.BINARY)
                .columnPredictionLoss(0).biasInit(-40), 3);
        Layer tm = net.getLayer(0);
        INDArray distal = tm.getParam(TemporalMemory.DISTAL_KEY);
        distal.assign(Nd4j.randn(DataType.DOUBLE, 6, 6).muli(3));
        tm.getParam(TemporalMemory.BIAS_KEY).assign(Nd4j.createFromArray(new double[][] {{-1, 0.5, 2}}));
        INDArray s = columns(new double[] {0.7, 0, 1.3});
        INDArray predicted = tm.activate(s, true, NO_WORKSPACES);
        assertTrue(predicted.mul(predicted.rsub(1)).sumNumber().doubleValue() == 0, "0/1 predictions: " + predicted);

        // One step from a zero state. pi_0 = [sigmoid(e) >= 0.5] per cell = (0 0 | 1 1 | 1 1): column 0 bursts,
        // columns 1 and 2 are predicted; a_0 = s * (pi_0 + 1 - p) = (0.7 0.7 | 0 0 | 1.3 1.3).
        // Output [sigmoid(a_0 D + e) >= 0.5]; straight-through: d out / d logits = sigmoid'(logits), so
        // dL/dD = a_0^T (dL/dout * sigmoid'(a_0 D + e)) (the zero state adds nothing).
        INDArray a0 = Nd4j.createFromArray(new double[][] {{0.7, 0.7, 0, 0, 1.3, 1.3}});
        INDArray cellBias = Nd4j.createFromArray(new double[][] {{-1, -1, 0.5, 0.5, 2, 2}});
        INDArray logits = a0.mmul(distal).add(cellBias);
        INDArray upstream = Nd4j.randn(DataType.DOUBLE, 1, 6, 1);
        Gradient g = tm.backpropGradient(upstream, NO_WORKSPACES).getFirst();
        INDArray dLogits = upstream.reshape(1, 6).mul(Transforms.sigmoidDerivative(logits));
        assertTrue(a0.transpose().mmul(dLogits).equalsWithEps(g.getGradientFor(TemporalMemory.DISTAL_KEY), 1e-9));
    }

    @Test
    void rejectsInputWhoseWidthIsNotTheColumnCount() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.rand(DataType.DOUBLE, 1, 5, 3)));
        assertTrue(e.getMessage().contains("[minibatch, 4, time]") && e.getMessage().contains("[1, 5, 3]"),
                e.getMessage());
    }

    @Test
    void rejectsTwoDimensionalInput() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2), 4);
        Layer tm = net.getLayer(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tm.activate(Nd4j.rand(DataType.DOUBLE, 3, 4), false, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("[minibatch, size, time]"), e.getMessage());
    }

    @Test
    void rejectsNaNInTheInput() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2), 4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 4, 3);
        x.putScalar(0, 2, 1, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(x));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("[0, 2, 1]"), e.getMessage());
    }

    @Test
    void aStateForAnotherMinibatchSizeIsRejectedWithAHint() {
        MultiLayerNetwork net = network(new TemporalMemory.Builder().cellsPerColumn(2), 4);
        net.rnnTimeStep(Nd4j.rand(DataType.DOUBLE, 2, 4, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.rnnTimeStep(Nd4j.rand(DataType.DOUBLE, 3, 4, 1)));
        assertTrue(e.getMessage().contains("rnnClearPreviousState"), e.getMessage());
    }
}
