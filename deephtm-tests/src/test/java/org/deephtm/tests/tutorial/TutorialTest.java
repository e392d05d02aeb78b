package org.deephtm.tests.tutorial;

// tutorial:begin imports
import org.deephtm.layers.ScalarEncoder;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.learning.LazyAdam;
import org.deephtm.online.OnlineLearner;
import org.deephtm.online.RecurrentState;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
// tutorial:end imports
import org.deephtm.networks.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code of docs/tutorial.md, run from top to bottom. Each {@code tutorial:begin NAME} ...
 * {@code tutorial:end NAME} region appears verbatim on the page ({@link TutorialPageTest} checks
 * it); the assertions between the regions check that the tutorial does what the page says.
 */
class TutorialTest {

    @Test
    void tutorialRunsFromTopToBottom(@TempDir Path dir) throws Exception {
        File folder = dir.toFile();

        // tutorial:begin configuration
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(DataType.FLOAT)
                .updater(new LazyAdam(1e-3)) // Adam where the gradient is not zero (the decoder's)
                .list()
                // Encoder: the value becomes the activity of 64 overlapping receptive fields over [-1, 1].
                .layer(new ScalarEncoder.Builder().buckets(64).minValue(-1).maxValue(1).build())
                // Spatial pooler: 5 winning columns out of 256; its random weights stay (learning rate 0).
                .layer(new SpatialPooler.Builder().columns(256).activeColumns(5).boostStrength(0)
                        .updater(new Sgd(0)).build())
                // Temporal memory: 5 cells per column; emits its active cells, which carry the context.
                .layer(new TemporalMemory.Builder().cellsPerColumn(5).output(TemporalMemory.Output.ACTIVE)
                        .columnPredictionLoss(10).updater(new LazyAdam(3e-2)).build())
                // Decoder: from the active cells to the next value.
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(1))
                // Online learning trains from the state the stream is in: truncated BPTT, 1 step.
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTLength(1)
                .build();

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        System.out.println(net.summary());
        // tutorial:end configuration
        MultiLayerNetwork seed = new MultiLayerNetwork(SeedNetwork.builder().build());
        seed.init();
        assertEquals(seed.getLayerWiseConfigurations(), conf, "the tutorial builds the seed network");
        assertEquals(seed.params(), net.params(), "with the same initial weights");

        // tutorial:begin stream
        OnlineLearner learner = new OnlineLearner(net, 1, 1); // predict 1 step ahead, learn every step

        int steps = 1000;
        double[] series = new double[steps];
        double[] predicted = new double[steps]; // predicted[t] was made at step t - 1
        double[] anomaly = new double[steps];
        for (int t = 0; t < steps; t++) {
            series[t] = Math.sin(2 * Math.PI * t / 25);
            INDArray value = Nd4j.create(new float[][] {{(float) series[t]}});
            OnlineLearner.Step step = learner.step(value, value); // learn from it, predict the next
            anomaly[t] = step.anomaly().getDouble(0);
            if (t + 1 < steps) {
                predicted[t + 1] = step.prediction().getDouble(0);
            }
        }
        // tutorial:end stream

        // tutorial:begin results
        double error = 0;
        double lastValueError = 0;
        double meanAnomaly = 0;
        for (int t = steps - 50; t < steps; t++) {
            error += Math.abs(predicted[t] - series[t]) / 50;
            lastValueError += Math.abs(series[t - 1] - series[t]) / 50;
            meanAnomaly += anomaly[t] / 50;
        }
        System.out.printf("last 50 steps: mean absolute error %.3f (repeating the last value: %.3f), "
                + "mean anomaly score %.2f%n", error, lastValueError, meanAnomaly);
        // tutorial:end results
        double firstError = 0;
        for (int t = 1; t < 51; t++) {
            firstError += Math.abs(predicted[t] - series[t]) / 50;
        }
        System.out.printf("first 50 steps: mean absolute error %.3f%n", firstError);
        assertTrue(error < firstError, "the network learns: error " + error + " at the end, " + firstError
                + " at the start");
        assertTrue(error < lastValueError / 4, "the network beats repeating the last value by a wide margin: "
                + error + " against " + lastValueError);
        for (double score : anomaly) {
            assertTrue(score >= 0 && score <= 1, "anomaly scores are shares of the active columns");
        }

        // tutorial:begin save
        File file = new File(folder, "sine-stream.zip");
        MultiLayerNetwork trained = learner.network(); // the network, holding what the learner learned
        ModelSerializer.writeModel(trained, file, true); // configuration, weights, duty cycles, Adam's state
        RecurrentState.of(trained).saveTo(file);         // the temporal memory's cells: where the stream is
        // tutorial:end save

        // tutorial:begin restore
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        RecurrentState.loadFrom(file).applyTo(restored);

        INDArray next = Nd4j.create(new float[][] {{(float) Math.sin(2 * Math.PI * steps / 25)}});
        INDArray prediction = restored.rnnTimeStep(next); // [1, 1]: the value expected next
        TemporalMemoryRuntime memory = (TemporalMemoryRuntime) restored.getLayer(2);
        double surprise = memory.anomalyScores().getDouble(0, 0); // [streams, steps] of the last call
        System.out.printf("after the restore: predicts %.3f, anomaly score %.2f%n", prediction.getDouble(0),
                surprise);
        // tutorial:end restore
        assertEquals(trained.rnnTimeStep(next), prediction, "the stream continues as if it had not stopped");
        assertEquals(((TemporalMemoryRuntime) trained.getLayer(2)).anomalyScores().getDouble(0, 0), surprise);

        // tutorial:begin resume
        File saved = new File(folder, "sine-learner.zip");
        learner.save(saved.toPath());                                  // the network, the stream, the learning
        OnlineLearner resumed = OnlineLearner.restore(saved.toPath()); // here, or in another JVM
        for (int t = steps; t < steps + 25; t++) {
            float[] value = {(float) Math.sin(2 * Math.PI * t / 25)};
            resumed.step(value, value);                                  // learns on, exactly as the original would
            System.out.printf("step %d: predicts %.3f, anomaly score %.2f%n", t, resumed.prediction()[0],
                    resumed.anomaly(0));
        }
        // tutorial:end resume
        assertEquals(steps + 25, resumed.steps());
        assertTrue(Float.isFinite(resumed.prediction()[0]));
    }
}
