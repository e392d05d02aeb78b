package org.deephtm.layers.runtime;

import org.deephtm.layers.SpatialPooler2D;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The runtime {@link SpatialPooler2D}: feature maps in, the same maps' winners out. The maps are
 * the overlaps; a channel's duty cycle counts the share of its positions that won in each example
 * (one example, one step of the moving average).
 */
public class SpatialPooler2DRuntime extends AbstractSpatialPoolerRuntime<SpatialPooler2D> {

    public SpatialPooler2DRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    long[] inputPlaceholderShape() {
        SpatialPooler2D sp = layerConf();
        return new long[] {-1, sp.getChannels(), sp.getHeight(), sp.getWidth()};
    }

    @Override
    long[] outputPlaceholderShape() {
        return inputPlaceholderShape();
    }

    @Override
    SDVariable overlap(LayerGraph.Builder g, SDVariable x) {
        return x;
    }

    @Override
    void overlapBackward(LayerGraph.Builder g, SDVariable x, SDVariable dOverlap) {
        g.output(D_INPUT, dOverlap);
    }

    @Override
    long[] outputShape(INDArray in) {
        return in.shape();
    }

    @Override
    INDArray winsPerColumn(INDArray winners) {
        return winners.mean(2, 3).sum(true, 0);
    }

    @Override
    void validateInput(INDArray in) {
        SpatialPooler2D sp = layerConf();
        long[] expected = {sp.getChannels(), sp.getHeight(), sp.getWidth()};
        long[] shape = in.shape();
        boolean ok = in.rank() == 4 && Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected);
        if (!ok) {
            throw new IllegalArgumentException(sp.describe() + " expects feature maps of shape [minibatch, "
                    + sp.getChannels() + ", " + sp.getHeight() + ", " + sp.getWidth()
                    + "] ([minibatch, channels, height, width]), got " + Arrays.toString(shape) + hint(shape, expected));
        }
        LayerChecks.requireFiniteInput(in, site());
    }

    private static String hint(long[] shape, long[] expected) {
        if (shape.length != 4) {
            return " (a " + shape.length + "-D array)";
        }
        if (shape[1] != expected[0]) {
            return " (" + shape[1] + " channels where " + expected[0] + " are configured)";
        }
        return " (maps of " + shape[2] + "x" + shape[3] + " where " + expected[1] + "x" + expected[2]
                + " are configured)";
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }
}
