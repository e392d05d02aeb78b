package org.deephtm.examples.frames;

import org.deephtm.examples.watch.DenseMemoryPicture;
import org.deephtm.examples.watch.PictureSource;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

/**
 * What a watcher of the frames run sees: the held-out episodes one frame at a time, each true
 * frame beside the frame the network predicted for it, and the memory at that step, read from
 * the layers' activations of one forward pass over the episode (the memory's input is the
 * spatial pooler's winners; its PREDICTIVE output is every cell's prediction for the next step).
 * Each picture shows the next frame of the episodes, so a page sees them play while the network learns.
 */
final class FramesPictures implements PictureSource {

    private final MultiLayerNetwork net;
    private final INDArray inputs;
    private final INDArray targets;
    private final List<String> names;
    private final int memoryLayer;
    private final int cellsPerColumn;
    private final double threshold;
    private final int side;
    private long shown;

    /**
     * @param inputs  the held-out episodes' input frames {@code [episodes, pixels, steps]}
     * @param targets their next frames, the same shape
     * @param names   each episode's clip
     */
    FramesPictures(MultiLayerNetwork net, INDArray inputs, INDArray targets, List<String> names, int side) {
        this.net = net;
        this.inputs = inputs;
        this.targets = targets;
        this.names = names;
        this.side = side;
        int layer = -1;
        for (int i = 0; i < net.getnLayers() && layer < 0; i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof TemporalMemory) {
                layer = i;
            }
        }
        if (layer < 0) {
            throw new IllegalArgumentException("the frames network has no TemporalMemory to draw");
        }
        TemporalMemory tm = (TemporalMemory) net.getLayerWiseConfigurations().getConf(layer).getLayer();
        if (tm.getOutput() != TemporalMemory.Output.PREDICTIVE) {
            throw new IllegalArgumentException("the pictures read the memory's predictions from its output, which "
                    + "must be PREDICTIVE, got " + tm.getOutput());
        }
        this.memoryLayer = layer;
        this.cellsPerColumn = tm.getCellsPerColumn();
        this.threshold = tm.getPredictionThreshold();
    }

    @Override
    public Picture picture() {
        int steps = (int) inputs.size(2);
        int episode = (int) (shown / steps % inputs.size(0));
        int t = (int) (shown % steps);
        shown++;
        INDArray frames = inputs.get(NDArrayIndex.interval(episode, episode + 1), NDArrayIndex.all(),
                NDArrayIndex.all());
        List<INDArray> activations = net.feedForward(frames, false);
        // activations: the input, then each layer's output; the memory reads the layer below's, preprocessed
        INDArray below = activations.get(memoryLayer);
        InputPreProcessor toSequence = net.getLayerWiseConfigurations().getInputPreProcess(memoryLayer);
        INDArray columns = toSequence == null ? below
                : toSequence.preProcess(below, 1, LayerWorkspaceMgr.noWorkspaces());
        INDArray cells = activations.get(memoryLayer + 1);
        INDArray predicted = activations.get(activations.size() - 1);
        float[] input = step(columns, t);
        float[] next = step(cells, t);
        float[] now = t == 0 ? new float[next.length] : step(cells, t - 1);
        FramePair frame = new FramePair(names.get(episode) + ", held-out episode " + episode + ": frame " + (t + 1)
                + " and its prediction from the frames before", side, side,
                targets.get(NDArrayIndex.point(episode), NDArrayIndex.all(), NDArrayIndex.point(t))
                        .castTo(DataType.FLOAT).toFloatVector(),
                step(predicted, t));
        return new Picture(new DenseMemoryPicture(cellsPerColumn, threshold, input, now, next), frame);
    }

    /** Time step {@code t} of a {@code [1, n, steps]} sequence. */
    private static float[] step(INDArray sequence, int t) {
        return sequence.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)).castTo(DataType.FLOAT)
                .toFloatVector();
    }
}
