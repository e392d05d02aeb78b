package org.deephtm.layers.runtime;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.math.SpatialPoolerMath;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The runtime {@link SpatialPooler}: rows of columns from rows of inputs, through its weights. */
public class SpatialPoolerRuntime extends AbstractSpatialPoolerRuntime<SpatialPooler> {

    public SpatialPoolerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    long[] inputPlaceholderShape() {
        return new long[] {-1, layerConf().getNIn()};
    }

    @Override
    long[] outputPlaceholderShape() {
        return new long[] {-1, layerConf().getColumns()};
    }

    @Override
    SDVariable overlap(LayerGraph.Builder g, SDVariable x) {
        return SpatialPoolerMath.overlap(layerConf(), x, g.params());
    }

    @Override
    void overlapBackward(LayerGraph.Builder g, SDVariable x, SDVariable dOverlap) {
        SpatialPoolerMath.OverlapGradients gradients = SpatialPoolerMath.overlapBackward(g.sameDiff(), layerConf(), x,
                dOverlap, g.params());
        g.output(D_INPUT, gradients.input());
        g.output(LayerGraph.gradientName(SpatialPooler.WEIGHT_KEY), gradients.weights());
        if (gradients.bias() != null) {
            g.output(LayerGraph.gradientName(SpatialPooler.BIAS_KEY), gradients.bias());
        }
    }

    @Override
    long[] outputShape(INDArray in) {
        return new long[] {in.size(0), layerConf().getColumns()};
    }

    @Override
    INDArray winsPerColumn(INDArray winners) {
        return winners.sum(true, 0);
    }

    @Override
    void validateInput(INDArray in) {
        SpatialPooler sp = layerConf();
        LayerChecks.requireShape(in, sp.describe(), 2, sp.getNIn(), "[minibatch, " + sp.getNIn() + "]");
        LayerChecks.requireFiniteInput(in, site());
    }
}
