package org.deephtm.examples.frames;

import org.deephtm.examples.watch.MemoryPicture;
import org.deephtm.examples.watch.PictureSource;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a watcher of the frames run is shown: held-out frames one by one beside their predictions, and the memory. */
class FramesPicturesTest {

    @Test
    void eachPictureIsTheNextHeldOutFrameBesideItsPredictionWithTheMemoryAtThatStep() {
        // 16x16 frames: 2x2 positions of 4 channels, one winner per position, 2 cells per column
        FramesExperiment.Options o = new FramesExperiment.Options(16, Repertoire.STANDARD, 0.05, 0, 1, 2, 2e-3,
                SpatialPooler2D.Inhibition.PER_POSITION, 4, 1, 2, TemporalMemory.Cells.DECIMAL,
                TemporalMemory.Connectivity.DENSE, 0, 1.0, true, 1, 2, 7, null);
        MultiLayerNetwork net = new MultiLayerNetwork(FramesExperiment.configuration(o));
        net.init();
        List<FrameSequences.Episode> episodes = FrameSequences.builder().repertoire(o.repertoire()).size(16, 16)
                .seed(3).build().next(2);
        INDArray series = FrameSequences.timeSeries(episodes);
        INDArray inputs = FramesExperiment.inputs(series);
        INDArray targets = FramesExperiment.targets(series);
        INDArray predicted = net.output(inputs);
        FramesPictures pictures = new FramesPictures(net, inputs, targets,
                episodes.stream().map(FrameSequences.Episode::name).toList(), 16);
        int steps = (int) inputs.size(2);
        float[] predictedBefore = null;
        for (int i = 0; i < steps + 2; i++) {
            int episode = i / steps;
            int t = i % steps;
            PictureSource.Picture p = pictures.picture();
            assertEquals(episodes.get(episode).name() + ", held-out episode " + episode + ": frame " + (t + 1)
                    + " and its prediction from the frames before", p.frame().caption());
            assertArrayEquals(pixels(targets, episode, t), p.frame().truth(), "the true frame " + (t + 1));
            assertArrayEquals(pixels(predicted, episode, t), p.frame().predicted(), 1e-5f, "its prediction");
            MemoryPicture m = p.memory();
            assertEquals(16, m.columns());
            assertEquals(2, m.cellsPerColumn());
            assertEquals(4, m.activeColumns().length, "one winner at each of the 2x2 positions");
            float[] now = new float[32];
            float[] next = new float[32];
            for (int n = 0; n < 32; n++) {
                now[n] = m.strength(n);
                next[n] = m.nextStrength(n);
            }
            assertArrayEquals(t == 0 ? new float[32] : predictedBefore, now,
                    "this step's predictions are what the step before predicted for it; none at an episode's start");
            predictedBefore = next;
        }
    }

    private static float[] pixels(INDArray sequences, int episode, int t) {
        return sequences.get(NDArrayIndex.point(episode), NDArrayIndex.all(), NDArrayIndex.point(t))
                .castTo(DataType.FLOAT).toFloatVector();
    }
}
