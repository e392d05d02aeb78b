package org.deephtm.layers.runtime;

import org.deephtm.layers.ScalarEncoder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime {@link ScalarEncoder}: its forward and backward pass as a few ND4J ops on the whole
 * minibatch (the layer has no parameters and no state).
 */
public class ScalarEncoderRuntime extends AbstractLayer<ScalarEncoder> {

    private int networkMinibatch;

    public ScalarEncoderRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** DL4J tells every layer its network's minibatch (AbstractLayer drops it): kept to name input positions. */
    @Override
    public void setInputMiniBatchSize(int size) {
        networkMinibatch = size;
    }

    /** The centres as a row [1, buckets]. */
    private INDArray centres() {
        ScalarEncoder e = layerConf();
        double[] c = new double[e.getBuckets()];
        for (int j = 0; j < c.length; j++) {
            c[j] = e.centre(j);
        }
        return Nd4j.createFromArray(c).castTo(dataType).reshape(1, c.length);
    }

    /** {@code z = (clamp(x) - c) / s}, one row per (example, input): [b * nIn, buckets]. */
    private INDArray distances(INDArray x) {
        ScalarEncoder e = layerConf();
        INDArray clamped = Transforms.min(Transforms.max(x.castTo(dataType), e.getMinValue(), true), e.getMaxValue(),
                false);
        return clamped.reshape('c', clamped.length(), 1).broadcast(clamped.length(), e.getBuckets()).dup()
                .subiRowVector(centres()).divi(e.scale());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInput();
        INDArray z = distances(input);
        INDArray y = Transforms.exp(z.muli(z).negi(), false);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, y.reshape('c', input.size(0), layerConf().outputSize()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        LayerChecks.requireFiniteGradient(epsilon, site());
        ScalarEncoder e = layerConf();
        INDArray z = distances(input);
        INDArray y = Transforms.exp(z.mul(z).negi(), false);
        INDArray dy = epsilon.castTo(dataType).dup('c').reshape('c', input.length(), e.getBuckets());
        INDArray dx = dy.muli(y).muli(z).muli(-2.0 / e.scale()).sum(1);
        INDArray inside = input.castTo(dataType).gte(e.getMinValue()).castTo(dataType)
                .muli(input.castTo(dataType).lte(e.getMaxValue()).castTo(dataType));
        INDArray gradient = dx.reshape('c', input.size(0), e.getNIn()).muli(inside);
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, gradient));
    }

    private void validateInput() {
        ScalarEncoder e = layerConf();
        LayerChecks.requireShape(input, name(), 2, e.getNIn(), "[minibatch, " + e.getNIn() + "]");
        LayerChecks.requireFiniteInput(input, site());
    }

    private String name() {
        String name = layerConf().getLayerName();
        return name == null ? "ScalarEncoder" : "ScalarEncoder \"" + name + "\"";
    }

    private LayerChecks.Site site() {
        return new LayerChecks.Site(name(), getIndex(), networkMinibatch);
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weights
    }

    @Override
    public INDArray params() {
        return null;
    }
}
