package org.deephtm.layers.runtime;

import org.deephtm.layers.AbstractSpatialPooler;
import org.deephtm.layers.math.SpatialPoolerMath;
import org.deephtm.layers.ops.Boost;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the spatial poolers' runtimes share: their two graphs ({@link SpatialPoolerMath}'s
 * forward, and its backward written out as forward ops), and the duty cycles.
 *
 * <p>A training forward pass records how often each column won; the backward pass that follows
 * folds that into the duty cycles. Forward passes that are not followed by a backward pass
 * (inference, DL4J's scoring) leave the state unchanged.
 */
public abstract class AbstractSpatialPoolerRuntime<C extends AbstractSpatialPooler> extends HtmLayerRuntime<C> {

    static final String INPUT = "input";
    static final String COLUMNS = "columns";
    static final String WINNERS = "winners";
    static final String D_INPUT = LayerGraph.gradientName(INPUT);
    static final String D_COLUMNS = LayerGraph.gradientName(COLUMNS);

    private INDArray pendingWins;
    private long pendingExamples;

    protected AbstractSpatialPoolerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The input placeholder's shape, -1 for the minibatch. */
    abstract long[] inputPlaceholderShape();

    /** The output placeholder's shape (its gradient's), -1 for the minibatch. */
    abstract long[] outputPlaceholderShape();

    /** The overlaps from the input: {@code x (W * P) + c}, or the input itself. */
    abstract SDVariable overlap(LayerGraph.Builder g, SDVariable x);

    /** Declares, as outputs of the gradient graph, the input's gradient and the parameters' from the overlaps'. */
    abstract void overlapBackward(LayerGraph.Builder g, SDVariable x, SDVariable dOverlap);

    /** The output's shape for this input. */
    abstract long[] outputShape(INDArray in);

    /** Per column, the wins of this pass summed over its examples ([1, C]), from the 0/1 winners. */
    abstract INDArray winsPerColumn(INDArray winners);

    abstract void validateInput(INDArray in);

    private LayerGraph forwardGraph() {
        return graph("forward", g -> {
            C sp = layerConf();
            SDVariable x = g.input(INPUT, inputPlaceholderShape());
            SpatialPoolerMath.Columns columns = SpatialPoolerMath.columns(g.sameDiff(), sp, overlap(g, x),
                    g.params().get(AbstractSpatialPooler.DUTY_CYCLE_KEY));
            g.output(COLUMNS, columns.activity());
            // The winners are counted outside the graph: in DL4J 1.0.0-M2.1 a SameDiff sum over an axis
            // of length 1 (a minibatch of one, a 1x1 map) throws a NullPointerException.
            g.output(WINNERS, columns.winners());
        });
    }

    private LayerGraph gradientGraph() {
        return graph("gradient", g -> {
            C sp = layerConf();
            SDVariable x = g.input(INPUT, inputPlaceholderShape());
            SDVariable dColumns = g.input(D_COLUMNS, outputPlaceholderShape());
            SDVariable dutyCycle = g.params().get(AbstractSpatialPooler.DUTY_CYCLE_KEY);
            SDVariable overlap = overlap(g, x);
            SpatialPoolerMath.Columns columns = SpatialPoolerMath.columns(g.sameDiff(), sp, overlap, dutyCycle);
            overlapBackward(g, x, SpatialPoolerMath.columnsBackward(g.sameDiff(), sp, columns, overlap, dutyCycle,
                    dColumns));
        });
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInput(input);
        INDArray in = input.ordering() == 'c' ? input : input.dup('c');
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outputShape(in));
        Map<String, INDArray> results = new LinkedHashMap<>();
        results.put(COLUMNS, out);
        INDArray winners = null;
        if (training) {
            winners = Nd4j.createUninitializedDetached(dataType, outputShape(in));
            results.put(WINNERS, winners);
        }
        forwardGraph().forward(Map.of(INPUT, in), results);
        LayerChecks.requireFiniteOutput(out, in, site(), paramTable());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            pendingWins = winners == null ? null : winsPerColumn(winners); // kept until the backward pass
        }
        pendingExamples = in.size(0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        LayerChecks.requireFiniteGradient(epsilon, site());
        INDArray in = input.ordering() == 'c' ? input : input.dup('c');
        INDArray upstream = epsilon.ordering() == 'c' ? epsilon : epsilon.dup('c');
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape());
        Map<String, INDArray> accumulators = new LinkedHashMap<>();
        clearedTrainableGradients().forEach((key, view) -> accumulators.put(LayerGraph.gradientName(key), view));
        gradientGraph().forward(Map.of(INPUT, in, D_COLUMNS, upstream), Map.of(D_INPUT, inputGradient),
                accumulators);
        updateDutyCycles();
        return new Pair<>(gradientForAllParams(), inputGradient);
    }

    /** The duty cycles [1, C]: how often each column has won, as a moving average. */
    public INDArray dutyCycles() {
        return getParam(AbstractSpatialPooler.DUTY_CYCLE_KEY);
    }

    private void updateDutyCycles() {
        if (pendingWins != null) {
            Boost.updateDutyCycle(dutyCycles(), pendingWins, pendingExamples, layerConf().getDutyCyclePeriod());
            pendingWins = null;
        }
    }

    @Override
    public void clear() {
        super.clear();
        pendingWins = null;
    }
}
