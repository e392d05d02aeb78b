package org.deephtm.layers.runtime;

import org.deephtm.layers.SpatialPooler;
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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime {@link SpatialPooler}: runs its graph, and keeps its duty cycles.
 *
 * <p>A training forward pass records how often each column won; the backward pass that follows
 * folds those counts into the duty cycles. Forward passes that are not followed by a backward pass
 * (inference, DL4J's scoring) leave the state unchanged.
 */
public class SpatialPoolerRuntime extends HtmLayerRuntime<SpatialPooler> {

    private static final String INPUT = "input";
    private static final String COLUMNS = "columns";
    private static final String WINNERS = "winners";

    private INDArray pendingWinCounts;
    private long pendingExamples;

    public SpatialPoolerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private LayerGraph forwardGraph() {
        return graph("spatial pooler", g -> {
            SpatialPooler sp = layerConf();
            var x = g.input(INPUT, -1, sp.getNIn());
            SpatialPooler.Columns columns = sp.defineLayer(g.sameDiff(), x, g.params());
            g.output(COLUMNS, columns.activity());
            // The winners are summed over the minibatch outside the graph: in DL4J 1.0.0-M2.1 a SameDiff
            // sum over an axis of length 1 (a minibatch of one) throws a NullPointerException.
            g.output(WINNERS, columns.winners());
        });
    }

    private LayerGraph gradientGraph() {
        return graph("spatial pooler gradient", g -> {
            SpatialPooler sp = layerConf();
            var x = g.input(INPUT, -1, sp.getNIn());
            var dColumns = g.input(LayerGraph.gradientName(COLUMNS), -1, sp.getColumns());
            SpatialPooler.Gradients gradients = sp.defineLayerGradients(g.sameDiff(), x, dColumns, g.params());
            g.output(LayerGraph.gradientName(INPUT), gradients.input());
            g.output(LayerGraph.gradientName(SpatialPooler.WEIGHT_KEY), gradients.weights());
            if (gradients.bias() != null) {
                g.output(LayerGraph.gradientName(SpatialPooler.BIAS_KEY), gradients.bias());
            }
        });
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInput();
        SpatialPooler sp = layerConf();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.size(0),
                sp.getColumns());
        Map<String, INDArray> results = new LinkedHashMap<>();
        results.put(COLUMNS, out);
        INDArray winners = null;
        if (training) {
            winners = Nd4j.createUninitializedDetached(dataType, input.size(0), sp.getColumns());
            results.put(WINNERS, winners);
        }
        forwardGraph().forward(Map.of(INPUT, input), results);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            pendingWinCounts = winners == null ? null : winners.sum(true, 0); // kept until the backward pass
        }
        pendingExamples = input.size(0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape());
        Map<String, INDArray> accumulators = new LinkedHashMap<>();
        clearedTrainableGradients().forEach((key, view) -> accumulators.put(LayerGraph.gradientName(key), view));
        gradientGraph().forward(Map.of(INPUT, input, LayerGraph.gradientName(COLUMNS), epsilon),
                Map.of(LayerGraph.gradientName(INPUT), inputGradient), accumulators);
        updateDutyCycles();
        return new Pair<>(gradientForAllParams(), inputGradient);
    }

    /** The duty cycles [1, columns]: how often each column has won, as a moving average. */
    public INDArray dutyCycles() {
        return getParam(SpatialPooler.DUTY_CYCLE_KEY);
    }

    private void updateDutyCycles() {
        if (pendingWinCounts != null) {
            Boost.updateDutyCycle(dutyCycles(), pendingWinCounts, pendingExamples, layerConf().getDutyCyclePeriod());
            pendingWinCounts = null;
        }
    }

    private void validateInput() {
        SpatialPooler sp = layerConf();
        String name = sp.getLayerName() == null ? "SpatialPooler" : "SpatialPooler \"" + sp.getLayerName() + "\"";
        InputChecks.requireShape(input, name, 2, sp.getNIn(), "[minibatch, " + sp.getNIn() + "]");
        InputChecks.requireFinite(input, name);
    }

    @Override
    public void clear() {
        super.clear();
        pendingWinCounts = null;
    }
}
