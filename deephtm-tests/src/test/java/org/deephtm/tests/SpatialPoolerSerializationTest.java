package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.runtime.SpatialPoolerRuntime;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
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

class SpatialPoolerSerializationTest {

    /** Every builder option away from its default, so a field that fails to round-trip shows up. */
    private static SpatialPooler nonDefault() {
        return new SpatialPooler.Builder().name("sp").columns(24).activeColumns(3)
                .output(SpatialPooler.Output.SOFT).activation(Activation.TANH).boostStrength(2.5)
                .dutyCyclePeriod(37).potentialPct(0.6).softTemperature(0.35).maskedStraightThrough(false)
                .hasBias(false).weightInit(WeightInit.RELU).build();
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build())
                .layer(nonDefault())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void everyOptionSurvivesJsonAndYaml() {
        MultiLayerConfiguration conf = network().getLayerWiseConfigurations();
        SpatialPooler original = (SpatialPooler) conf.getConf(1).getLayer();
        SpatialPooler fromJson = (SpatialPooler) MultiLayerConfiguration.fromJson(conf.toJson()).getConf(1).getLayer();
        SpatialPooler fromYaml = (SpatialPooler) MultiLayerConfiguration.fromYaml(conf.toYaml()).getConf(1).getLayer();
        assertEquals(original, fromJson);
        assertEquals(original.toString(), fromJson.toString());
        assertEquals(original, fromYaml);
    }

    @Test
    void modelSerializerRestoresOutputsDutyCyclesAndPool(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = network();
        Nd4j.getRandom().setSeed(1);
        for (int i = 0; i < 20; i++) {
            net.fit(Nd4j.rand(DataType.FLOAT, 8, 5), Nd4j.rand(DataType.FLOAT, 8, 2));
        }
        File file = dir.resolve("sp.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);

        SpatialPoolerRuntime before = (SpatialPoolerRuntime) net.getLayer(1);
        SpatialPoolerRuntime after = (SpatialPoolerRuntime) restored.getLayer(1);
        assertEquals(net.getLayerWiseConfigurations().getConf(1).getLayer(),
                restored.getLayerWiseConfigurations().getConf(1).getLayer());
        assertEquals(before.dutyCycles(), after.dutyCycles());
        assertEquals(before.getParam(SpatialPooler.POTENTIAL_POOL_KEY), after.getParam(SpatialPooler.POTENTIAL_POOL_KEY));
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 5);
        assertEquals(net.output(x), restored.output(x));

        // Training resumes identically: same updater state, same duty cycles.
        INDArray y = Nd4j.rand(DataType.FLOAT, 6, 2);
        net.fit(x, y);
        restored.fit(x, y);
        assertEquals(net.params(), restored.params());
    }
}
