package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.TopK;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DL4J 1.0.0-M2.1 defects DeepHTM works around, each asserted to still be there. When one of
 * these tests fails after a DL4J upgrade, the defect is fixed: drop the workaround it names.
 */
class Dl4jDefectsTest {

    /** A minimal DL4J SameDiffLayer, y = x . W, run by DL4J's own SameDiff runtime. */
    public static class Product extends SameDiffLayer {
        private long n;

        public Product() {
        }

        Product(long n) {
            this.n = n;
        }

        public long getN() {
            return n;
        }

        public void setN(long n) {
            this.n = n;
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
            return x.mmul(params.get("W"));
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.addWeightParam("W", n, n);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("W").assign(Nd4j.rand(DataType.DOUBLE, n, n));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return InputType.feedForward(n);
        }
    }

    /**
     * Workaround: DeepHTM's {@code LayerGraph} backpropagates with its own vector-Jacobian product
     * instead of DL4J's SameDiff layer runtime, whose ExternalErrorsFunction doubles gradients.
     */
    @Test
    void stockSameDiffLayerRuntimeDoublesTheGradientItPassesBack() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new Product(3))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 3);
        net.setInput(x);
        net.setLabels(labels);
        net.computeGradientAndScore();
        INDArray reported = net.gradient().getGradientFor("0_W");
        // By hand: h = x W0, z = h Wout + b, DL4J's MSE gives dL/dz = 2 (z - y) / nOut (summed over the
        // minibatch), dL/dh = dL/dz Wout^T and dL/dW0 = x^T dL/dh.
        INDArray wOut = net.getLayer(1).getParam("W");
        INDArray z = x.mmul(net.getLayer(0).getParam("W")).mmul(wOut).addRowVector(net.getLayer(1).getParam("b"));
        INDArray upstream = z.sub(labels).mul(2.0 / 3).mmul(wOut.transpose());
        INDArray analytic = x.transpose().mmul(upstream);
        assertTrue(analytic.mul(2).equalsWithEps(reported, 1e-10),
                "DL4J's SameDiffLayer no longer doubles gradients: " + reported + " vs analytic " + analytic);
    }

    /**
     * Workaround: {@code KWinners} and {@code NthLargest} use nth_element instead of top_k, whose
     * SameDiff wrapper passes its arguments in the wrong order.
     */
    @Test
    void topKThroughSameDiffIgnoresK() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant(Nd4j.createFromArray(new float[][] {{4, 1, 3, 2}}));
        SDVariable[] out = sd.nn.topK(x, 3, true);
        assertEquals(1, out[0].eval().size(1), "sd.nn.topK now honours k");
    }

    /** Workaround: same as above; top_k also returns repeated indices when values tie. */
    @Test
    void topKRepeatsIndicesOnTies() {
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 3, 3, 3, 0, 3, 2}});
        TopK op = new TopK(x, 3, true) {
            {
                iArguments.clear();
                addIArgument(3, 1); // k, then sorted: the order the native op expects
            }
        };
        INDArray indices = Nd4j.exec(op)[1];
        assertEquals(indices.getInt(0, 0), indices.getInt(0, 1), "top_k no longer repeats indices on ties");
    }

    /**
     * Workaround: the spatial pooler sums its winners over the minibatch outside the graph, and
     * {@code CellActivity.columnMax} skips the reduction when a column has one cell.
     */
    @Test
    void sameDiffReductionOverAnAxisOfLengthOneThrows() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable sum = x.mul(2).sum(true, 0);
        assertThrows(NullPointerException.class,
                () -> sd.output(Map.of("x", Nd4j.rand(DataType.FLOAT, 1, 4)), sum.name()),
                "a SameDiff sum over a length-1 axis now works");
    }

    /** Workaround: {@code QuietGradientFunction} filters that line out of standard output. */
    @Test
    void creatingAGradientFunctionPrintsALinePerOp() {
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 2, 2));
        sd.setLossVariables(w.mul(3).sum());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Added differentiated op"),
                "SameDiff.createGradFunction no longer prints to standard output");
    }

    /** The spatial pooler's own graph, built through the workaround, prints nothing. */
    @Test
    void deepHtmLayersBuildTheirGraphsQuietly() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new SpatialPooler.Builder().columns(8).activeColumns(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            net.fit(Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.rand(DataType.FLOAT, 4, 1));
        } finally {
            System.setOut(original);
        }
        assertTrue(!captured.toString(StandardCharsets.UTF_8).contains("Added differentiated op"), captured.toString());
    }
}
