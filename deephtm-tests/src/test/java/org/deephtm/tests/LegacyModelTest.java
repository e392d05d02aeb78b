package org.deephtm.tests;

import org.deephtm.layers.ScalarEncoder;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Models saved by an earlier release still load and compute what they computed then. The files in
 * {@code src/test/resources/legacy} were written by the code of commit 2506dac (before the layers
 * were reorganised into configuration, math and runtime): a sequence network with every DeepHTM
 * layer and options away from their defaults, an image network with a {@code SpatialPooler2D}
 * (its k under the old JSON name {@code numActiveColumnsPerInhArea}), and an {@code OnlineLearner}
 * saved in the middle of a stream. Beside each, what that code computed from it, as float bits.
 * Never regenerate them: they are the contract.
 */
class LegacyModelTest {

    @TempDir
    Path dir;

    @Test
    void aSequenceNetworkSavedBeforeLoadsWithItsOptionsAndComputesAsItDid() throws IOException {
        MultiLayerNetwork net = MultiLayerNetwork.load(resource("sequence-network.zip").toFile(), true);
        ScalarEncoder encoder = (ScalarEncoder) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(8, encoder.getBuckets());
        assertEquals(1.5, encoder.getWidth());
        SpatialPooler sp = (SpatialPooler) net.getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(16, sp.getColumns());
        assertEquals(3, sp.getActiveColumns());
        assertEquals(SpatialPooler.Output.SOFT, sp.getOutput());
        assertEquals(0.2, sp.getSoftTemperature());
        assertEquals(0.5, sp.getPotentialPct());
        assertEquals(50, sp.getDutyCyclePeriod());
        TemporalMemory tm = (TemporalMemory) net.getLayerWiseConfigurations().getConf(2).getLayer();
        assertEquals(3, tm.getCellsPerColumn());
        assertEquals(TemporalMemory.Output.PREDICTIVE, tm.getOutput());
        assertEquals(2.0, tm.getColumnPredictionLoss());
        assertEquals(-1.5, tm.getBiasInit());
        assertEquals(true, tm.isAnomalyOutput());

        net.rnnClearPreviousState();
        INDArray output = net.rnnTimeStep(sine(10, 0.3));
        assertClose(floats("sequence-network-output.txt"), output.dup('c').data().asFloat(), 1e-6);

        net.fit(new DataSet(sine(12, 2.0), sine(12, 2.7)));
        assertClose(floats("sequence-network-params-after-fit.txt"), net.params().dup('c').data().asFloat(), 1e-5);
    }

    @Test
    void anImageNetworkSavedBeforeLoadsItsSpatialPooler2DAndComputesAsItDid() throws IOException {
        MultiLayerNetwork net = MultiLayerNetwork.load(resource("image-network.zip").toFile(), true);
        SpatialPooler2D sp = (SpatialPooler2D) net.getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(SpatialPooler2D.Inhibition.NEIGHBOURHOOD, sp.getInhibition());
        assertEquals(2, sp.getActiveColumns());
        assertEquals(0.5, sp.getBoostStrength());
        assertEquals(20, sp.getDutyCyclePeriod());
        assertEquals(Activation.TANH, sp.getActivation());

        float[] input = floats("image-network-input.txt");
        INDArray x = Nd4j.create(input, new long[] {2, 1, 6, 6}, 'c');
        assertClose(floats("image-network-output.txt"), net.output(x).dup('c').data().asFloat(), 1e-6);
    }

    @Test
    void aStreamSavedBeforeResumesWhereItStopped() throws IOException {
        OnlineLearner learner = OnlineLearner.restore(resource("stream.zip"));
        assertEquals(20, learner.steps());
        List<String> lines = Files.readAllLines(resource("stream-continued.txt"));
        for (int t = 20; t < 30; t++) {
            float v = (float) Math.sin(2 * Math.PI * t / 9.0);
            learner.step(new float[] {v}, new float[] {v});
            String[] expected = lines.get(t - 20).split(" ");
            assertEquals(Float.intBitsToFloat(Integer.parseInt(expected[0])), learner.prediction()[0], 1e-5,
                    "prediction at step " + t);
            assertEquals(Float.intBitsToFloat(Integer.parseInt(expected[1])), learner.anomaly(0), 1e-5,
                    "anomaly at step " + t);
        }
    }

    private static INDArray sine(int length, double phase) {
        float[] v = new float[length];
        for (int t = 0; t < length; t++) {
            v[t] = (float) Math.sin(phase + 2 * Math.PI * t / 9.0);
        }
        return Nd4j.create(v, new long[] {1, 1, length}, 'c');
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = LegacyModelTest.class.getResourceAsStream("/legacy/" + name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** The values of a file written as its shape, then one float's bits per line. */
    private float[] floats(String name) throws IOException {
        List<String> lines = Files.readAllLines(resource(name));
        float[] values = new float[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            values[i - 1] = Float.intBitsToFloat(Integer.parseInt(lines.get(i).trim()));
        }
        return values;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "length");
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance * Math.max(1, scale)) {
                assertArrayEquals(expected, actual, "first difference at index " + i + " of "
                        + Arrays.toString(Arrays.copyOf(actual, Math.min(actual.length, 8))));
            }
        }
    }
}
