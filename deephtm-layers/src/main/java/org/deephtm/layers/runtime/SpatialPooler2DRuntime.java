package org.deephtm.layers.runtime;

import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.ops.Boost;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime {@link SpatialPooler2D}: runs its graph over feature maps, and keeps the channels'
 * duty cycles.
 *
 * <p>A training forward pass records, per channel, the share of positions that won in each
 * example; the backward pass that follows folds it into the duty cycles (one example, one step of
 * the moving average). Forward passes alone leave the state unchanged.
 */
public class SpatialPooler2DRuntime extends HtmLayerRuntime<SpatialPooler2D> {

    private static final String INPUT = "input";
    private static final String COLUMNS = "columns";
    private static final String WINNERS = "winners";

    private INDArray pendingWinShares;
    private long pendingExamples;

    public SpatialPooler2DRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private LayerGraph graph() {
        return graph("spatial pooler 2d", this::defineGraph);
    }

    private void defineGraph(LayerGraph.Builder g) {
        SpatialPooler2D sp = layerConf();
        long[] shape = {-1, sp.getChannels(), sp.getHeight(), sp.getWidth()};
        var x = g.differentiableInput(INPUT, shape);
        var columns = sp.defineLayer(g.sameDiff(), x, g.params());
        g.differentiableOutput(COLUMNS, columns.activity(), shape);
        // Reductions over the winners happen outside the graph: in DL4J 1.0.0-M2.1 a SameDiff sum over
        // an axis of length 1 (a minibatch of one, a 1x1 map) throws a NullPointerException.
        g.output(WINNERS, columns.winners());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInput();
        INDArray in = input.ordering() == 'c' ? input : input.dup('c');
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, in.shape());
        Map<String, INDArray> results = new LinkedHashMap<>();
        results.put(COLUMNS, out);
        INDArray winners = null;
        if (training) {
            winners = Nd4j.createUninitializedDetached(dataType, in.shape());
            results.put(WINNERS, winners);
        }
        graph().forward(Map.of(INPUT, in), results);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            // per channel: the sum over examples of the share of positions won, [1, C]
            pendingWinShares = winners == null ? null : winners.mean(2, 3).sum(true, 0);
        }
        pendingExamples = in.size(0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray in = input.ordering() == 'c' ? input : input.dup('c');
        INDArray upstream = epsilon.ordering() == 'c' ? epsilon : epsilon.dup('c');
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape());
        graph().backward(Map.of(INPUT, in, LayerGraph.gradientName(COLUMNS), upstream),
                Map.of(INPUT, inputGradient), clearedTrainableGradients());
        updateDutyCycles();
        return new Pair<>(gradientForAllParams(), inputGradient);
    }

    /** The duty cycles [1, channels]: the share of positions where each channel wins, as a moving average. */
    public INDArray dutyCycles() {
        return getParam(SpatialPooler2D.DUTY_CYCLE_KEY);
    }

    private void updateDutyCycles() {
        if (pendingWinShares != null) {
            Boost.updateDutyCycle(dutyCycles(), pendingWinShares, pendingExamples,
                    layerConf().getDutyCyclePeriod());
            pendingWinShares = null;
        }
    }

    private void validateInput() {
        SpatialPooler2D sp = layerConf();
        long[] expected = {sp.getChannels(), sp.getHeight(), sp.getWidth()};
        long[] shape = input.shape();
        boolean ok = input.rank() == 4 && Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected);
        if (!ok) {
            throw new IllegalArgumentException(sp.describe() + " expects feature maps of shape [minibatch, "
                    + sp.getChannels() + ", " + sp.getHeight() + ", " + sp.getWidth()
                    + "] ([minibatch, channels, height, width]), got " + Arrays.toString(shape) + hint(shape, expected));
        }
        InputChecks.requireFinite(input, sp.describe());
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

    @Override
    public void clear() {
        super.clear();
        pendingWinShares = null;
    }
}
