package org.deephtm.tests;

import org.deephtm.examples.cli.DeepHtm;
import org.deephtm.examples.frames.FramesExperiment;
import org.deephtm.examples.frames.Repertoire;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.preprocessing.ImageSequencePreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frames experiment in small: 16x16 frames, a network that trains in seconds. */
class FramesExperimentTest {

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static FramesExperiment.Options small(int updates, Path output) {
        return new FramesExperiment.Options(16, Repertoire.STANDARD, 0.05, 0, updates, 8, 3e-3,
                SpatialPooler2D.Inhibition.PER_POSITION, 16, 2, 4, TemporalMemory.Cells.DECIMAL,
                TemporalMemory.Connectivity.DENSE, 0, 1.0, true, 20, 30, 11,
                output);
    }

    @Test
    void aSmallNetworkBeatsCopyingTheLastFrameOnHeldOutSequences(@TempDir Path dir) throws Exception {
        FramesExperiment.Result r = FramesExperiment.run(small(50, dir), done -> { });
        assertTrue(r.mse() < 0.8 * r.baselineMse(), "held-out MSE " + r.mse() + ", copy-last " + r.baselineMse());
        for (Path plot : r.plots()) {
            assertTrue(Files.size(plot) > 1000, plot + " is missing or empty");
        }
    }

    @Test
    void theSevensSharedFramesKeepTheirColumnsFromEpisodeToEpisodeOnlyWithoutNoise() throws Exception {
        FramesExperiment.Parting[] parting = new FramesExperiment.Parting[2];
        double[] noises = {0, 0.05};
        for (int i = 0; i < 2; i++) {
            FramesExperiment.Options o = small(1, null);
            parting[i] = FramesExperiment.run(new FramesExperiment.Options(o.size(), Repertoire.HIGH_ORDER, noises[i],
                    o.jitter(), o.updates(), o.batch(), o.learningRate(), o.inhibition(), o.channels(),
                    o.activeColumns(), o.cellsPerColumn(), o.cells(), o.connectivity(), o.burstMatch(), o.columnPredictionLoss(),
                    o.representationLearning(), o.evaluateEvery(), o.heldOut(), o.seed(), null), done -> { })
                    .parting();
        }
        assertEquals(1.0, parting[0].sharedColumns(), 1e-9, "identical frames, identical columns");
        assertTrue(parting[1].sharedColumns() > 0.3 && parting[1].sharedColumns() < 0.95,
                "pixel noise moves some columns: " + parting[1].sharedColumns());

        // The memory's predicted cells, step by step: identical episodes of one seven predict the same cells;
        // the sevens' first frames differ, and so do their cells.
        double[] within = parting[0].cellsWithin();
        double[] across = parting[0].cellsAcross();
        assertEquals(Repertoire.SEVEN_ACROSS.length() - 1, within.length, "one value per input step");
        for (int t = 0; t < within.length; t++) {
            assertEquals(1.0, within[t], 1e-6, "step " + t); // float rounding between rows of a batch
            assertTrue(across[t] >= 0 && across[t] <= 1, "step " + t + ": " + across[t]);
        }
        assertTrue(across[0] < 1 - 1e-6, "the sevens enter differently: " + Arrays.toString(across));
        assertTrue(parting[1].cellsWithin()[0] < 1, "noise moves some cells too");
    }

    @Test
    void inputTypesFlowFromFramesThroughTheMemoryBackToFrames() {
        MultiLayerConfiguration conf = FramesExperiment.configuration(small(1, null));
        List<InputType> types = conf.getLayerActivationTypes(InputType.recurrent(16 * 16));
        assertInstanceOf(ImageSequencePreProcessor.class, conf.getInputPreProcess(0));
        assertEquals(InputType.convolutional(8, 8, 8), types.get(0), "the first strided convolution");
        assertEquals(InputType.convolutional(2, 2, 16), types.get(4), "SpatialPooler2D: 16 columns at 2x2 positions");
        assertEquals(InputType.recurrent(16 * 2 * 2 * 4), types.get(5), "TemporalMemory: 4 cells per column");
        assertEquals(InputType.convolutional(16, 16, 1), types.get(types.size() - 2), "the decoder's last image");
        assertEquals(InputType.recurrent(16 * 16), types.get(types.size() - 1), "frames again, one per step");

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertArrayEquals(new long[] {3, 256, 5}, net.output(Nd4j.rand(DataType.FLOAT, 3, 256, 5)).shape());
    }

    @Test
    void theConfigurationSurvivesJson() {
        MultiLayerConfiguration conf = FramesExperiment.configuration(small(1, null));
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    }

    @Test
    void framesOfTheWrongSizeAreRejectedWithTheExpectedShape() {
        MultiLayerNetwork net = new MultiLayerNetwork(FramesExperiment.configuration(small(1, null)));
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.rand(DataType.FLOAT, 2, 20 * 20, 5)));
        assertTrue(e.getMessage().contains("[minibatch, 256, time]") && e.getMessage().contains("16x16")
                && e.getMessage().contains("frames of 20x20"), e.getMessage());
    }

    @Test
    void framesWithTheWrongChannelsAreRejectedWithTheExpectedShape() {
        MultiLayerNetwork net = new MultiLayerNetwork(FramesExperiment.configuration(small(1, null)));
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.rand(DataType.FLOAT, 2, 3 * 256, 5)));
        assertTrue(e.getMessage().contains("[minibatch, 256, time]")
                && e.getMessage().contains("3 channels of 16x16 where 1 are configured"), e.getMessage());
    }

    @Test
    void theSegmentMemoryGrowsItsSegmentsWhileTheEpisodesTrain() {
        FramesExperiment.Options o = small(1, null);
        FramesExperiment.Options segments = new FramesExperiment.Options(o.size(), o.repertoire(), o.noise(),
                o.jitter(), o.updates(), o.batch(), o.learningRate(), o.inhibition(), o.channels(),
                o.activeColumns(), o.cellsPerColumn(), o.cells(), TemporalMemory.Connectivity.SEGMENTS,
                o.burstMatch(), o.columnPredictionLoss(), o.representationLearning(), o.evaluateEvery(), o.heldOut(), o.seed(), null);
        MultiLayerNetwork net = new MultiLayerNetwork(FramesExperiment.configuration(segments));
        net.init();
        INDArray presynaptic = net.getLayer(5).getParam(TemporalMemory.PRESYNAPTIC_KEY);
        assertEquals(0, presynaptic.gte(0).castTo(DataType.INT32).sumNumber().intValue(), "no synapse before training");
        INDArray episodes = Nd4j.rand(DataType.FLOAT, 2, 256, 4);
        net.fit(episodes, episodes);
        assertTrue(presynaptic.gte(0).castTo(DataType.INT32).sumNumber().intValue() > 0,
                "the rule grew synapses during the training pass");
    }

    @Test
    void theSegmentMemoryIsRefusedBeyondWhatDl4jsPathHolds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FramesExperiment.Options(
                32, Repertoire.STANDARD, 0.05, 0, 1, 8, 3e-3, SpatialPooler2D.Inhibition.PER_POSITION, 16, 2, 16,
                TemporalMemory.Cells.DECIMAL, TemporalMemory.Connectivity.SEGMENTS, 0, 1.0, false, 20, 30, 11, null));
        assertTrue(e.getMessage().contains("the segment memory would have 4096 cells")
                && e.getMessage().contains("at most " + FramesExperiment.MAX_SEGMENT_CELLS), e.getMessage());
    }

    @Test
    void theBurstMatchIsRefusedBeyondTheMatchOrWithoutSegments() {
        IllegalArgumentException dense = assertThrows(IllegalArgumentException.class, () -> new FramesExperiment.Options(
                16, Repertoire.HIGH_ORDER, 0.05, 0, 1, 8, 3e-3, SpatialPooler2D.Inhibition.PER_POSITION, 16, 2, 4,
                TemporalMemory.Cells.DECIMAL, TemporalMemory.Connectivity.DENSE, 0.25, 1.0, false, 20, 30, 11, null));
        assertEquals("--burst-match needs --connectivity segments, got --burst-match 0.25 with dense",
                dense.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> new FramesExperiment.Options(
                16, Repertoire.HIGH_ORDER, 0.05, 0, 1, 8, 3e-3, SpatialPooler2D.Inhibition.PER_POSITION, 16, 2, 4,
                TemporalMemory.Cells.DECIMAL, TemporalMemory.Connectivity.SEGMENTS, 0.6, 1.0, false, 20, 30, 11, null));
        assertEquals("--burst-match must be in [0, 0.5] (0: off), got 0.6", high.getMessage());
    }

    @Test
    void theCommandRejectsAFrameSizeThatIsNotAMultipleOfEight() {
        StringWriter err = new StringWriter();
        CommandLine cli = DeepHtm.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("frames", "--size", "20", "--quiet");
        assertEquals(DeepHtm.BAD_INPUT, code);
        assertTrue(err.toString().contains("size must be a multiple of 8"), err.toString());
    }
}
