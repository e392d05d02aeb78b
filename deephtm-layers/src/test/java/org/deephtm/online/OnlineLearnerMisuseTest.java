package org.deephtm.online;

import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An {@link OnlineLearner} used wrongly says so where the mistake is made, with the fix. */
class OnlineLearnerMisuseTest {

    private static SeedNetwork.Builder small() {
        return SeedNetwork.builder().columns(32).activeColumns(2).cellsPerColumn(2).decoderSize(8);
    }

    private static MultiLayerNetwork initialised(SeedNetwork.Builder b) {
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(value = OnlineLearner.Engine.class, names = {"FAST", "DL4J"})
    void aStreamBeyondTheStreamsIsRefusedNamingHowManyThereAre(OnlineLearner.Engine engine) {
        OnlineLearner one = new OnlineLearner(initialised(small()), 1, 1, engine);
        one.step(new float[] {0.1f}, new float[] {0.1f});
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class, () -> one.anomaly(1));
        assertTrue(beyond.getMessage().contains("stream 1 does not exist: the learner has 1 stream (0)"),
                beyond.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> one.anomaly(-1));
        assertTrue(negative.getMessage().contains("stream -1 does not exist"), negative.getMessage());

        OnlineLearner three = new OnlineLearner(initialised(small()), 1, 1, engine);
        three.step(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.1f, 0.2f, 0.3f});
        for (int stream : new int[] {3, 5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three.anomaly(stream));
            assertTrue(e.getMessage().contains("the learner has 3 streams (0 to 2)"), e.getMessage());
        }
        assertTrue(Float.isFinite(three.anomaly(2)));
    }

    @Test
    void aNetworkEndingInAFeedForwardOutputLayerIsRefusedWhenTheLearnerIsMade() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.recurrent(1))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(1)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnlineLearner(net, 1, 1));
        assertTrue(e.getMessage().contains("layer 1 (OutputLayer)"), e.getMessage());
        assertTrue(e.getMessage().contains("use an RnnOutputLayer"), e.getMessage());
    }

    @Test
    void anUninitialisedNetworkIsRefusedWhenTheLearnerIsMade() {
        MultiLayerNetwork net = new MultiLayerNetwork(small().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnlineLearner(net, 1, 1));
        assertTrue(e.getMessage().contains("the network is not initialised: call net.init() before"), e.getMessage());
    }

    @Test
    void aDoubleNetworkWarnsThatItRunsOnDl4jThousandsOfTimesSlowerAndHowToFixIt() {
        String doubleLog = logOf(() -> new OnlineLearner(initialised(small().dataType(DataType.DOUBLE)), 1, 1));
        assertTrue(doubleLog.contains("WARN"), doubleLog);
        assertTrue(doubleLog.contains("about 1000 times slower"), doubleLog);
        assertTrue(doubleLog.contains(".dataType(DataType.FLOAT)"), doubleLog);

        String floatLog = logOf(() -> new OnlineLearner(initialised(small()), 1, 1));
        assertFalse(floatLog.contains("WARN"), floatLog);
    }

    /** What the logger (slf4j-simple, to standard error) wrote while {@code action} ran. */
    private static String logOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
