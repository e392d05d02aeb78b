package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler2D;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SpatialPooler2D among DL4J's convolutional layers: an 8x8 image goes down through convolution,
 * local inhibition and pooling, and back up through deconvolution and upsampling to an 8x8 image,
 * in a MultiLayerNetwork and in a ComputationGraph.
 */
class ConvolutionalCompositionTest {

    private static final InputType IMAGE = InputType.convolutional(8, 8, 1);

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(11).updater(new Adam(1e-2))
                .convolutionMode(ConvolutionMode.Same);
    }

    private static MultiLayerConfiguration encoderDecoder() {
        return base().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new SpatialPooler2D.Builder().activeColumns(2).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY).build())
                .layer(new SpatialPooler2D.Builder().inhibition(SpatialPooler2D.Inhibition.NEIGHBOURHOOD)
                        .inhibitionRadius(1).activeColumns(6).build())
                .layer(new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(4).activation(Activation.RELU).build())
                .layer(new Upsampling2D.Builder(2).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(1).activation(Activation.SIGMOID).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(IMAGE).build();
    }

    @Test
    void inputTypesFlowThroughEncoderAndDecoder() {
        List<InputType> types = encoderDecoder().getLayerActivationTypes(IMAGE);
        assertEquals(InputType.convolutional(8, 8, 6), types.get(1), "SpatialPooler2D keeps the shape");
        assertEquals(InputType.convolutional(4, 4, 8), types.get(4), "after pooling and a second convolution");
        assertEquals(InputType.convolutional(8, 8, 4), types.get(5), "deconvolution doubles the size");
        assertEquals(InputType.convolutional(16, 16, 4), types.get(6), "upsampling doubles it again");
        assertEquals(IMAGE, types.get(8));
    }

    @Test
    void theNetworkTrainsAndEmitsImagesOfTheInputShape() {
        MultiLayerNetwork net = new MultiLayerNetwork(encoderDecoder());
        net.init();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 8, 8);
        double before = net.score(new org.nd4j.linalg.dataset.DataSet(x, x));
        for (int i = 0; i < 30; i++) {
            net.fit(x, x);
        }
        assertArrayEquals(new long[] {6, 1, 8, 8}, net.output(x).shape());
        assertTrue(net.score() < before, "loss " + before + " -> " + net.score());
    }

    @Test
    void aComputationGraphSplitsAndMergesLocallyInhibitedMaps() {
        ComputationGraphConfiguration conf = base().graphBuilder()
                .addInputs("image")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build(),
                        "image")
                .addLayer("perPosition", new SpatialPooler2D.Builder().activeColumns(1).build(), "conv")
                .addLayer("neighbourhood", new SpatialPooler2D.Builder()
                        .inhibition(SpatialPooler2D.Inhibition.NEIGHBOURHOOD).activeColumns(5).build(),
                        "conv")
                .addVertex("both", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "perPosition", "neighbourhood")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        "both")
                .addLayer("deconv", new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(3)
                        .activation(Activation.RELU).build(), "pool")
                .addLayer("up", new Upsampling2D.Builder(1).build(), "deconv")
                .addLayer("toImage", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.SIGMOID).build(),
                        "up")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "toImage")
                .setOutputs("loss")
                .setInputTypes(IMAGE).build();
        Map<String, InputType> types = conf.getLayerActivationTypes(IMAGE);
        assertEquals(InputType.convolutional(8, 8, 6), types.get("neighbourhood"));
        assertEquals(InputType.convolutional(8, 8, 12), types.get("both"));
        assertEquals(InputType.convolutional(8, 8, 3), types.get("deconv"));

        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 8, 8);
        for (int i = 0; i < 5; i++) {
            net.fit(new INDArray[] {x}, new INDArray[] {x});
        }
        assertArrayEquals(new long[] {3, 1, 8, 8}, net.outputSingle(x).shape());
    }

    @Test
    void flatImagesGetAPreprocessorAndDenseLayersFlattenTheMaps() {
        MultiLayerConfiguration conf = base().list()
                .layer(new SpatialPooler2D.Builder().activeColumns(1).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutionalFlat(4, 4, 2)).build();
        assertInstanceOf(FeedForwardToCnnPreProcessor.class, conf.getInputPreProcess(0));
        assertInstanceOf(CnnToFeedForwardPreProcessor.class, conf.getInputPreProcess(1));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertArrayEquals(new long[] {3, 2}, net.output(Nd4j.rand(DataType.FLOAT, 3, 32)).shape());
    }

    @Test
    void convolutionalInputNeedsNoPreprocessor() {
        assertNull(new SpatialPooler2D.Builder().build().getPreProcessorForInputType(IMAGE));
    }

    @Test
    void feedForwardInputIsRejectedWithTheExpectedShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base().list()
                .layer(new SpatialPooler2D.Builder().name("local").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build())
                .setInputType(InputType.feedForward(16)).build());
        assertTrue(e.getMessage().contains("SpatialPooler2D \"local\"")
                && e.getMessage().contains("[minibatch, channels, height, width]"), e.getMessage());
    }

    @Test
    void tooManyWinnersForTheAreaAreRejectedWhenTheShapeIsKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).build())
                .layer(new SpatialPooler2D.Builder().activeColumns(3).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).build())
                .setInputType(IMAGE).build());
        assertTrue(e.getMessage().contains("activeColumns (3)") && e.getMessage().contains("3 channels"),
                e.getMessage());
    }
}
