package org.deephtm.online;

import org.deephtm.learning.LazyAdam;
import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which machinery an {@link OnlineLearner} runs on, and how the network's arrays follow the engine. */
class OnlineLearnerEngineTest {

    private static MultiLayerNetwork seed() {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().encoderSize(16).columns(32).activeColumns(3)
                .cellsPerColumn(2).decoderSize(16).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork lstm() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new LSTM.Builder().nOut(8).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.recurrent(1))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(1)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void theSeedNetworkRunsOnTheEngineByDefault() {
        OnlineLearner learner = new OnlineLearner(seed(), 1, 1);
        assertTrue(learner.usesEngine(), learner.path());
        assertEquals("online engine", learner.path());
    }

    @Test
    void aNetworkTheEngineCannotRunFallsBackToDl4jAndSaysWhy() {
        OnlineLearner learner = new OnlineLearner(lstm(), 1, 1);
        assertFalse(learner.usesEngine());
        assertTrue(learner.path().startsWith("DL4J (the online engine cannot run this network: layer 1 (LSTM)"),
                learner.path());
        learner.step(new float[] {0.5f}, new float[] {0.5f});
        assertEquals(1, learner.prediction().length);
    }

    @Test
    void askingForTheEngineOnANetworkItCannotRunIsAnErrorThatGivesTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(lstm(), 1, 1, OnlineLearner.Engine.FAST));
        assertTrue(e.getMessage().contains("layer 1 (LSTM) is not one of"), e.getMessage());
        MultiLayerNetwork adaGrad = new MultiLayerNetwork(SeedNetwork.builder().encoderSize(8).columns(16)
                .activeColumns(2).cellsPerColumn(2).decoderSize(8).updater(new AdaGrad(0.1)).build());
        adaGrad.init();
        e = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(adaGrad, 1, 1, OnlineLearner.Engine.FAST));
        assertTrue(e.getMessage().contains("has updater AdaGrad"), e.getMessage());
    }

    @Test
    void dl4jCanBeChosenForANetworkTheEngineRuns() {
        OnlineLearner learner = new OnlineLearner(seed(), 1, 1, OnlineLearner.Engine.DL4J);
        assertFalse(learner.usesEngine());
        assertEquals("DL4J (as asked)", learner.path());
    }

    @Test
    void networkHoldsWhatTheEngineLearnedAndChangesToItAreSeen() {
        MultiLayerNetwork net = seed();
        INDArray initial = net.params().dup();
        OnlineLearner learner = new OnlineLearner(net, 1, 1);
        for (int t = 0; t < 20; t++) {
            float[] x = {(float) Math.sin(t / 3.0)};
            learner.step(x, x);
        }
        assertEquals(initial, net.params(), "the engine learns on its own copies until network() is called");
        MultiLayerNetwork synced = learner.network();
        assertNotEquals(initial, synced.params());
        assertEquals(19, synced.getIterationCount());

        // a change made to the network between steps is what the next step learns from: back to the
        // initial weights, no moments, iteration 0: one Adam step moves no weight by more than about its
        // learning rate (at most 3e-2, the memory's), where the 20 steps before moved them up to 20 times that
        synced.params().assign(initial);
        synced.getUpdater().getStateViewArray().assign(0);
        synced.setIterationCount(0);
        float[] x = {0.25f};
        learner.step(x, x);
        MultiLayerNetwork after = learner.network();
        assertEquals(1, after.getIterationCount());
        double moved = after.params().sub(initial).amaxNumber().doubleValue();
        assertTrue(moved > 0 && moved < 3.2e-2, "one step from the restored weights moved them by " + moved);
    }

    @Test
    void lazyAdamRunsOnTheEngine() {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().encoderSize(8).columns(16).activeColumns(2)
                .cellsPerColumn(2).decoderSize(8).updater(new LazyAdam(1e-3)).build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        INDArray x = Nd4j.create(new float[][] {{0.1f}});
        assertEquals(1, learner.step(x, x).prediction().length());
    }
}
