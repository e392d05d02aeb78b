package org.deephtm.tests;

import org.deephtm.layers.ScalarEncoder;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scalar encoder: its fields, its gradient (DL4J's numerical check) and its configuration's round trips. */
class ScalarEncoderTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Dense 2 -> 3 tanh, the encoder (5 buckets over [-1, 1]), Dense 4 tanh, output 2. */
    private static MultiLayerNetwork network(DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(new NoOp())
                .list()
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build())
                .layer(new ScalarEncoder.Builder().buckets(5).minValue(-1).maxValue(1).width(1.5).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void eachValueLightsTheFieldsAroundIt() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new ScalarEncoder.Builder().buckets(5).minValue(0).maxValue(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray y = net.feedForwardToLayer(0, Nd4j.createFromArray(new double[][] {{2}, {2.5}, {9}})).get(1);
        // centres 0..4, width 1: exp(-(x - c)^2)
        assertEquals(1.0, y.getDouble(0, 2), 1e-12);
        assertEquals(Math.exp(-1), y.getDouble(0, 1), 1e-12);
        assertEquals(Math.exp(-0.25), y.getDouble(1, 2), 1e-12);
        assertEquals(Math.exp(-0.25), y.getDouble(1, 3), 1e-12);
        assertEquals(1.0, y.getDouble(2, 4), 1e-12, "a value above the range is clamped to the last centre");
    }

    @Test
    void passesDl4jGradientCheck() {
        MultiLayerNetwork net = network(DataType.DOUBLE);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2).subi(0.5);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @Test
    void survivesJsonAndModelSerializer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = network(DataType.FLOAT);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2);
        assertEquals(net.output(x), restored.output(x));
        assertEquals(new ScalarEncoder.Builder().name("layer1").buckets(5).minValue(-1).maxValue(1).width(1.5).nIn(3)
                        .build(),
                restored.getLayerWiseConfigurations().getConf(1).getLayer());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ScalarEncoder.Builder().buckets(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScalarEncoder.Builder().minValue(2).maxValue(1).build());
        assertEquals("minValue (2.0) must be below maxValue (1.0), both finite", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScalarEncoder.Builder().width(0).build());
    }
}
