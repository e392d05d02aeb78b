package org.deephtm.engine;

import org.deephtm.layers.ScalarEncoder;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The layer types the online engine runs, one row each: what a layer of that type must be for
 * the engine to run it (each reason names the setting), which of its parameters DL4J holds
 * column by column, its input size, and the kernel that runs it. The engine ({@link EngineNetwork}),
 * its support check ({@link EngineSupport}) and {@code OnlineLearner} all ask this table, as DL4J
 * asks a layer helper {@code checkSupported}: a new layer type is one row and one kernel.
 */
final class KernelRegistry {

    private KernelRegistry() {
    }

    /** What a kernel's factory is given: its layer index, its parameters, the row capacity, the kernel below it, the layer's seed. */
    record Context(int layer, EngineNetwork.Parameters params, int maxRows, int streams, Kernel below, long seed) {
    }

    /** The reasons a layer of the row's type cannot run, added to {@code reasons}, each prefixed with {@code name}. */
    interface Check<L extends Layer> {
        void check(L layer, String name, List<String> reasons);
    }

    interface Factory<L extends Layer> {
        Kernel create(L layer, Context context);
    }

    /**
     * One layer type.
     *
     * @param columnMajor the parameter keys DL4J holds column by column ('f' order): a dense
     *                    layer's weights, whose engine rows are the weights of one output unit
     */
    record Row<L extends Layer>(Class<L> type, Check<L> check, Factory<L> factory, Set<String> columnMajor,
                                ToLongFunction<L> inputSize) {

        void check(Layer layer, String name, List<String> reasons) {
            check.check(type.cast(layer), name, reasons);
        }

        Kernel create(Layer layer, Context context) {
            return factory.create(type.cast(layer), context);
        }

        long inputSize(Layer layer) {
            return inputSize.applyAsLong(type.cast(layer));
        }
    }

    static final List<Row<?>> ROWS = List.of(
            new Row<>(ScalarEncoder.class, (e, name, reasons) -> dropout(e, name, reasons),
                    (e, c) -> new ScalarEncoderKernel(c.layer(), e, c.maxRows()), Set.of(), ScalarEncoder::getNIn),
            new Row<>(DenseLayer.class, KernelRegistry::checkDense,
                    (d, c) -> new DenseKernel(c.layer(), (int) d.getNIn(), (int) d.getNOut(),
                            ActivationFunction.of(d.getActivationFn()), c.params().get(DefaultParamInitializer.WEIGHT_KEY),
                            c.params().optional(DefaultParamInitializer.BIAS_KEY), c.maxRows(),
                            c.params().inputMajor(DefaultParamInitializer.WEIGHT_KEY), c.below()),
                    Set.of(DefaultParamInitializer.WEIGHT_KEY), FeedForwardLayer::getNIn),
            new Row<>(RnnOutputLayer.class, KernelRegistry::checkOutput, KernelRegistry::output,
                    Set.of(DefaultParamInitializer.WEIGHT_KEY), FeedForwardLayer::getNIn),
            new Row<>(SpatialPooler.class, KernelRegistry::checkSameDiff,
                    (sp, c) -> new SpatialPoolerKernel(c.layer(), sp, c.params().get(SpatialPooler.WEIGHT_KEY),
                            c.params().optional(SpatialPooler.POTENTIAL_POOL_KEY),
                            c.params().optional(SpatialPooler.BIAS_KEY),
                            c.params().get(SpatialPooler.DUTY_CYCLE_KEY), c.maxRows()),
                    Set.of(), SpatialPooler::getNIn),
            new Row<>(TemporalMemory.class, KernelRegistry::checkSameDiff, KernelRegistry::temporalMemory, Set.of(),
                    TemporalMemory::getColumns));

    /** The row of {@code layer}'s type, or null when the engine has no kernel for it. */
    static Row<?> of(Layer layer) {
        for (Row<?> row : ROWS) {
            if (row.type().isInstance(layer)) {
                return row;
            }
        }
        return null;
    }

    /** The names of the layer types the engine runs, for messages. */
    static String supportedTypes() {
        return String.join(", ", ROWS.stream().map(r -> r.type().getSimpleName()).toList());
    }

    // ------------------------------------------------------------------ factories

    private static Kernel output(RnnOutputLayer o, Context c) {
        ActivationFunction f = ActivationFunction.of(o.getActivationFn());
        return new OutputKernel(c.layer(), (int) o.getNIn(), (int) o.getNOut(), f, loss(o.getLossFn(), f),
                c.params().get(DefaultParamInitializer.WEIGHT_KEY),
                c.params().optional(DefaultParamInitializer.BIAS_KEY), c.maxRows(),
                c.params().inputMajor(DefaultParamInitializer.WEIGHT_KEY), c.below());
    }

    private static Kernel temporalMemory(TemporalMemory tm, Context c) {
        SpatialPoolerKernel pooler = c.below() instanceof SpatialPoolerKernel sp ? sp : null;
        int maxActive = pooler != null ? pooler.winnerCount() * tm.getCellsPerColumn() : (int) tm.cellCount();
        MemoryKernel memory = tm.getConnectivity() == TemporalMemory.Connectivity.SEGMENTS
                ? new SegmentMemoryKernel(c.layer(), tm, c.seed(), c.params().get(TemporalMemory.SEGMENT_WEIGHTS_KEY),
                        c.params().get(TemporalMemory.SEGMENT_BIAS_KEY), c.params().get(TemporalMemory.PRESYNAPTIC_KEY),
                        c.params().get(TemporalMemory.RECENCY_KEY), c.params().get(TemporalMemory.HITS_KEY),
                        c.params().get(TemporalMemory.VISITS_KEY), c.maxRows(), c.streams(), maxActive)
                : new TemporalMemoryKernel(c.layer(), tm,
                        new DenseDistal(c.params().get(TemporalMemory.DISTAL_KEY), 2 * c.maxRows() * maxActive),
                        c.params().get(TemporalMemory.BIAS_KEY), c.maxRows(), c.streams(), maxActive);
        memory.below = pooler;
        return memory;
    }

    // ------------------------------------------------------------------ checks

    private static void checkDense(DenseLayer dense, String name, List<String> reasons) {
        ActivationFunction f = ActivationFunction.of(dense.getActivationFn());
        if (f == null || f.kind() == Activation.SOFTMAX) {
            reasons.add(name + " has activation " + dense.getActivationFn() + ", which the engine does not compute");
        }
        if (dense.hasLayerNorm()) {
            reasons.add(name + " has layer normalisation");
        }
        checkBaseLayer(dense, name, reasons);
    }

    private static void checkOutput(RnnOutputLayer output, String name, List<String> reasons) {
        if (output.getRnnDataFormat() != RNNFormat.NCW) {
            reasons.add(name + " has data format " + output.getRnnDataFormat() + "; the engine needs NCW");
        }
        ActivationFunction f = ActivationFunction.of(output.getActivationFn());
        if (f == null) {
            reasons.add(name + " has activation " + output.getActivationFn() + ", which the engine does not compute");
        }
        if (loss(output.getLossFn(), f) == null) {
            reasons.add(name + " has the loss " + output.getLossFn() + " with activation " + output.getActivationFn()
                    + "; the engine computes MSE and L2 (elementwise activations) and MCXENT or negative "
                    + "log-likelihood with softmax, without weights");
        }
        checkBaseLayer(output, name, reasons);
    }

    /** The engine's form of a DL4J loss with the output layer's activation, or null. */
    static OutputKernel.Loss loss(ILossFunction loss, ActivationFunction f) {
        if (f == null) {
            return null;
        }
        boolean softmax = f.kind() == Activation.SOFTMAX;
        if (loss.getClass() == LossMSE.class && ((LossMSE) loss).getWeights() == null && !softmax) {
            return OutputKernel.Loss.MSE;
        }
        if (loss.getClass() == LossL2.class && ((LossL2) loss).getWeights() == null && !softmax) {
            return OutputKernel.Loss.L2;
        }
        if ((loss.getClass() == LossMCXENT.class || loss.getClass() == LossNegativeLogLikelihood.class) && softmax
                && ((LossMCXENT) loss).getWeights() == null && ((LossMCXENT) loss).getSoftmaxClipEps() == 1e-10) {
            return OutputKernel.Loss.MCXENT;
        }
        return null;
    }

    private static void checkBaseLayer(BaseLayer layer, String name, List<String> reasons) {
        dropout(layer, name, reasons);
        if (layer.getWeightNoise() != null) {
            reasons.add(name + " has weight noise " + layer.getWeightNoise());
        }
        if (layer.getConstraints() != null && !layer.getConstraints().isEmpty()) {
            reasons.add(name + " has constraints " + layer.getConstraints());
        }
        if (!empty(layer.getRegularization()) || !empty(layer.getRegularizationBias())) {
            reasons.add(name + " has regularization (l1, l2 or weight decay)");
        }
        checkNormalization(layer.getGradientNormalization(), name, reasons);
    }

    private static void checkSameDiff(AbstractSameDiffLayer layer, String name, List<String> reasons) {
        dropout(layer, name, reasons);
        if (!empty(layer.getRegularization()) || !empty(layer.getRegularizationBias())) {
            reasons.add(name + " has regularization (l1, l2 or weight decay)");
        }
        checkNormalization(layer.getGradientNormalization(), name, reasons);
    }

    private static void dropout(Layer layer, String name, List<String> reasons) {
        if (layer.getIDropout() != null) {
            reasons.add(name + " has dropout " + layer.getIDropout());
        }
    }

    private static void checkNormalization(GradientNormalization normalization, String name, List<String> reasons) {
        if (normalization != null && normalization != GradientNormalization.None) {
            reasons.add(name + " has gradient normalization " + normalization);
        }
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
