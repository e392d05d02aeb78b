package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.runtime.SpatialPooler2DRuntime;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SpatialPooler2DSerializationTest {

    /** Every builder option away from its default, so a field that fails to round-trip shows up. */
    private static SpatialPooler2D nonDefault() {
        return new SpatialPooler2D.Builder().name("local").inhibition(SpatialPooler2D.Inhibition.NEIGHBOURHOOD)
                .inhibitionRadius(2).activeColumns(9).output(SpatialPooler.Output.SOFT)
                .activation(Activation.TANH).boostStrength(2.5).dutyCyclePeriod(37).softTemperature(0.35)
                .maskedStraightThrough(false).weightInit(WeightInit.RELU).build();
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.IDENTITY).build())
                .layer(nonDefault())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(6, 7, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void everyOptionSurvivesJsonAndYaml() {
        MultiLayerConfiguration conf = network().getLayerWiseConfigurations();
        SpatialPooler2D original = (SpatialPooler2D) conf.getConf(1).getLayer();
        SpatialPooler2D fromJson = (SpatialPooler2D) MultiLayerConfiguration.fromJson(conf.toJson()).getConf(1)
                .getLayer();
        SpatialPooler2D fromYaml = (SpatialPooler2D) MultiLayerConfiguration.fromYaml(conf.toYaml()).getConf(1)
                .getLayer();
        assertEquals(original, fromJson);
        assertEquals(original.toString(), fromJson.toString());
        assertEquals(original, fromYaml);
        assertEquals(5, fromJson.getChannels(), "the inferred shape is part of the configuration");
        assertEquals(6, fromJson.getHeight());
        assertEquals(7, fromJson.getWidth());
    }

    @Test
    void modelSerializerRestoresOutputsAndDutyCycles(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = network();
        Nd4j.getRandom().setSeed(1);
        for (int i = 0; i < 20; i++) {
            net.fit(Nd4j.rand(DataType.FLOAT, 4, 2, 6, 7), Nd4j.rand(DataType.FLOAT, 4, 2));
        }
        SpatialPooler2DRuntime before = (SpatialPooler2DRuntime) net.getLayer(1);
        assertNotEquals(0.0, before.dutyCycles().sumNumber().doubleValue(), "training moved the duty cycles");
        File file = dir.resolve("sp2d.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);

        SpatialPooler2DRuntime after = (SpatialPooler2DRuntime) restored.getLayer(1);
        assertEquals(net.getLayerWiseConfigurations().getConf(1).getLayer(),
                restored.getLayerWiseConfigurations().getConf(1).getLayer());
        assertEquals(before.dutyCycles(), after.dutyCycles());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 6, 7);
        assertEquals(net.output(x), restored.output(x));

        // Training resumes identically: same updater state, same duty cycles.
        INDArray y = Nd4j.rand(DataType.FLOAT, 3, 2);
        net.fit(x, y);
        restored.fit(x, y);
        assertEquals(net.params(), restored.params());
    }
}
