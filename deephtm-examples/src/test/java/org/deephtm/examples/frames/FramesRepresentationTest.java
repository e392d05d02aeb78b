package org.deephtm.examples.frames;

import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code frames --no-representation-learning}: the convolutional encoder keeps its weights, the rest learns. */
class FramesRepresentationTest {

    private static final int[] ENCODER = {0, 1, 2};   // three convolutions (the spatial pooler has no weights)
    private static final int DECODER = 6;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theRepresentationLearnsOnlyWhenAsked(boolean representationLearning) {
        FramesExperiment.Options o = new FramesExperiment.Options(16, Repertoire.STANDARD, 0.05, 0, 1, 2, 2e-3,
                SpatialPooler2D.Inhibition.PER_POSITION, 4, 1, 2, TemporalMemory.Cells.DECIMAL,
                TemporalMemory.Connectivity.DENSE, 0, 1.0,
                representationLearning, 1, 2, 7, null);
        MultiLayerNetwork net = new MultiLayerNetwork(FramesExperiment.configuration(o));
        net.init();
        List<FrameSequences.Episode> episodes = FrameSequences.builder().repertoire(o.repertoire()).size(16, 16)
                .seed(3).build().next(2);
        INDArray series = FrameSequences.timeSeries(episodes);
        INDArray[] before = new INDArray[net.getnLayers()];
        for (int layer : new int[] {0, 1, 2, DECODER}) {
            before[layer] = net.getLayer(layer).params().dup();
        }
        net.fit(FramesExperiment.inputs(series), FramesExperiment.targets(series));
        for (int layer : ENCODER) {
            if (representationLearning) {
                assertNotEquals(before[layer], net.getLayer(layer).params(), "layer " + layer + " learns");
            } else {
                assertEquals(before[layer], net.getLayer(layer).params(), "layer " + layer + " keeps its weights");
            }
        }
        assertNotEquals(before[DECODER], net.getLayer(DECODER).params(), "the decoder learns either way");
    }
}
