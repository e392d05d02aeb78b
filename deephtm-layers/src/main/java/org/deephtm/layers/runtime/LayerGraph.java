package org.deephtm.layers.runtime;

import org.deephtm.layers.ops.GradientFlow;
import org.deeplearning4j.nn.layers.samediff.DL4JSameDiffMemoryMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A SameDiff graph run on behalf of a DL4J layer.
 *
 * <p>The graph's parameters are bound to the layer's parameter views, so the optimiser's updates
 * are seen without copying. Every execution runs in a private workspace, and its results are
 * copied into arrays the caller owns, so nothing the graph allocates outlives the call.
 *
 * <p>A graph that declares differentiable outputs can also backpropagate, by SameDiff's automatic
 * differentiation; a graph without them only runs forward (a layer can write its gradient out as
 * such a graph). Backpropagation computes vector-Jacobian products: for the differentiable outputs
 * {@code y_i} and their upstream gradients {@code g_i} (placeholders named {@code "d" + name}) the
 * graph's loss is
 * <pre>  L = sum_i sum(y_i * g_i) + extra loss terms</pre>
 * so {@code dL/dx} and {@code dL/dtheta} are exactly what a DL4J layer returns from
 * {@code backpropGradient}. DL4J's own SameDiff layer runtime injects the upstream gradient with
 * {@code ExternalErrorsFunction} instead, which in 1.0.0-M2.1 doubles every gradient.
 */
public final class LayerGraph {

    private static final String WORKSPACE = "DEEPHTM_LAYER_GRAPH";
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(2)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();
    private static final String GRADIENT_FUNCTION = "grad";

    private final SameDiff sd;
    private final List<String> trainableParams;
    private final List<String> differentiableInputs;

    private LayerGraph(SameDiff sd, List<String> trainableParams, List<String> differentiableInputs) {
        this.sd = sd;
        this.trainableParams = trainableParams;
        this.differentiableInputs = differentiableInputs;
    }

    /**
     * Builds a graph.
     *
     * @param dataType      the network's data type
     * @param params        the layer's parameter views, by key
     * @param frozenParams  keys of parameters read without gradient (layer state)
     * @param definition    declares inputs, outputs and loss terms on the {@link Builder}
     */
    public static LayerGraph build(DataType dataType, Map<String, INDArray> params, Set<String> frozenParams,
            Consumer<Builder> definition) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Builder builder = new Builder(dataType, params, frozenParams);
            definition.accept(builder);
            return builder.finish();
        }
    }

    /**
     * Runs the graph and copies each requested output into its destination array.
     *
     * @param inputs       placeholder values, by input name
     * @param destinations output name to the array that receives it (same shape)
     */
    public void forward(Map<String, INDArray> inputs, Map<String, INDArray> destinations) {
        forward(inputs, destinations, Map.of());
    }

    /**
     * Runs the graph; copies some outputs into their destinations and adds others to accumulators
     * (a gradient summed over time steps, for instance).
     */
    public void forward(Map<String, INDArray> inputs, Map<String, INDArray> destinations,
            Map<String, INDArray> accumulators) {
        InferenceSession session = session(sd);
        List<String> wanted = new ArrayList<>(destinations.keySet());
        wanted.addAll(accumulators.keySet());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG,
                WORKSPACE)) {
            session.setMmgr(memoryManager());
            Map<String, INDArray> out = sd.output(inputs, wanted);
            destinations.forEach((name, destination) -> destination.assign(out.get(name)));
            accumulators.forEach((name, accumulator) -> accumulator.addi(out.get(name)));
        } finally {
            release();
        }
    }

    /**
     * Backpropagates upstream gradients through the graph.
     *
     * @param inputs             placeholder values, including {@code "d" + output} for every
     *                           differentiable output
     * @param inputGradients     input name to the array that receives dL/d(input)
     * @param paramGradients     trainable parameter key to the array dL/d(param) is added to
     */
    public void backward(Map<String, INDArray> inputs, Map<String, INDArray> inputGradients,
            Map<String, INDArray> paramGradients) {
        SameDiff gradientFunction = sd.getFunction(GRADIENT_FUNCTION);
        if (gradientFunction == null) {
            throw new IllegalStateException("This graph has no differentiable output to backpropagate from");
        }
        InferenceSession session = session(gradientFunction);
        List<String> wanted = new ArrayList<>(inputGradients.keySet());
        wanted.addAll(paramGradients.keySet());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG,
                WORKSPACE)) {
            session.setMmgr(memoryManager());
            Map<String, INDArray> gradients = sd.calculateGradients(inputs, wanted);
            inputGradients.forEach((name, destination) -> destination.assign(gradients.get(name)));
            paramGradients.forEach((name, accumulator) -> accumulator.addi(gradients.get(name)));
        } finally {
            release();
        }
    }

    /** Keys of the parameters that receive gradients. */
    public List<String> trainableParams() {
        return trainableParams;
    }

    /** Inputs whose gradients {@link #backward} can return. */
    public List<String> differentiableInputs() {
        return differentiableInputs;
    }

    /** This thread's session of {@code graph}, a {@link ForgetfulInferenceSession} (replacing any stock one). */
    private static InferenceSession session(SameDiff graph) {
        return graph.getSessions().compute(Thread.currentThread().getId(),
                (id, session) -> session instanceof ForgetfulInferenceSession ? session
                        : new ForgetfulInferenceSession(graph));
    }

    /** The graph, for tests of this package. */
    SameDiff sameDiff() {
        return sd;
    }

    private static DL4JSameDiffMemoryMgr memoryManager() {
        return new DL4JSameDiffMemoryMgr(WORKSPACE, WORKSPACE, WORKSPACE_CONFIG, WORKSPACE_CONFIG);
    }

    /**
     * Drops references to this call's arrays, which live in a workspace that is now closed, and
     * the sessions' record of them.
     */
    private void release() {
        release(sd);
        SameDiff gradientFunction = sd.getFunction(GRADIENT_FUNCTION);
        if (gradientFunction != null) {
            release(gradientFunction);
        }
    }

    private static void release(SameDiff graph) {
        graph.clearPlaceholders(true);
        graph.clearOpInputs();
        if (graph.getSessions().get(Thread.currentThread().getId()) instanceof ForgetfulInferenceSession session) {
            session.forgetReleasedArrays();
        }
    }

    /** Declares a layer graph: its inputs, parameters, outputs and extra loss terms. */
    public static final class Builder {

        private final SameDiff sd = SameDiff.create();
        private final DataType dataType;
        private final Map<String, SDVariable> params = new LinkedHashMap<>();
        private final List<String> trainableParams = new ArrayList<>();
        private final List<String> differentiableInputs = new ArrayList<>();
        private final List<SDVariable> lossTerms = new ArrayList<>();
        private final Set<String> outputNames = new HashSet<>();

        private Builder(DataType dataType, Map<String, INDArray> paramArrays, Set<String> frozenParams) {
            this.dataType = dataType;
            // Views of the network's flat parameter array: a single-thread holder keeps them as views.
            sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            paramArrays.forEach((key, array) -> {
                SDVariable variable = sd.var(key, dataType, array.shape());
                sd.associateArrayWithVariable(array, variable);
                if (frozenParams.contains(key)) {
                    params.put(key, GradientFlow.stop(sd, variable));
                } else {
                    params.put(key, variable);
                    trainableParams.add(key);
                }
            });
        }

        public SameDiff sameDiff() {
            return sd;
        }

        /** The layer's parameters by key; state parameters come wrapped in a stop-gradient. */
        public Map<String, SDVariable> params() {
            return Collections.unmodifiableMap(params);
        }

        /** A placeholder whose gradient {@link LayerGraph#backward} can return; -1 for any size. */
        public SDVariable differentiableInput(String name, long... shape) {
            differentiableInputs.add(name);
            return sd.placeHolder(name, dataType, shape);
        }

        /** A placeholder that receives no gradient (state from an earlier call, for instance). */
        public SDVariable input(String name, long... shape) {
            return sd.placeHolder(name, dataType, shape);
        }

        /** Names an output that {@link LayerGraph#forward} can return; no gradient flows into it. */
        public SDVariable output(String name, SDVariable value) {
            return named(name, value);
        }

        /**
         * Names an output that receives an upstream gradient in {@link LayerGraph#backward}, fed as
         * the placeholder {@code "d" + name} of the given shape.
         */
        public SDVariable differentiableOutput(String name, SDVariable value, long... shape) {
            SDVariable named = named(name, value);
            SDVariable upstream = sd.placeHolder(gradientName(name), dataType, shape);
            lossTerms.add(named.mul(upstream).sum());
            return named;
        }

        /** Gives {@code value} the name {@code name}, through an identity op if it already is an output or an input. */
        private SDVariable named(String name, SDVariable value) {
            boolean free = value.getVariableType() == VariableType.ARRAY && outputNames.add(value.name());
            if (free) {
                outputNames.remove(value.name());
                outputNames.add(name);
                return value.rename(name);
            }
            outputNames.add(name);
            return sd.identity(name, value);
        }

        /** Adds a scalar to the loss the graph backpropagates (an activity regulariser, say). */
        public void lossTerm(SDVariable scalar) {
            lossTerms.add(scalar);
        }

        /** Builds the graph, with a gradient function when it has differentiable outputs. */
        private LayerGraph finish() {
            if (lossTerms.isEmpty()) {
                return new LayerGraph(sd, List.copyOf(trainableParams), List.of());
            }
            SDVariable loss = lossTerms.get(0);
            for (int i = 1; i < lossTerms.size(); i++) {
                loss = loss.add(lossTerms.get(i));
            }
            sd.setLossVariables(loss);
            QuietGradientFunction.create(sd, differentiableInputs.toArray(new String[0]));
            return new LayerGraph(sd, List.copyOf(trainableParams), List.copyOf(differentiableInputs));
        }
    }

    /** The placeholder name of the upstream gradient of an output. */
    public static String gradientName(String output) {
        return "d" + output;
    }
}
