package org.deephtm.engine;

import org.deephtm.layers.ScalarEncoder;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the online engine can run a network, and if not, why: the engine's
 * {@code checkSupported}, in the manner of DL4J's layer helpers. Every reason names the layer and
 * the setting, so that a user who asked for the engine knows what to change.
 */
final class EngineSupport {

    private EngineSupport() {
    }

    /** The reasons the engine cannot run {@code net}; empty when it can. */
    static List<String> reasons(MultiLayerNetwork net) {
        List<String> reasons = new ArrayList<>();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (conf.getDataType() != DataType.FLOAT) {
            reasons.add("the network's data type is " + conf.getDataType() + "; the engine computes in FLOAT");
        }
        if (conf.getBackpropType() != BackpropType.TruncatedBPTT) {
            reasons.add("the network is not configured for truncated BPTT");
        }
        if (!net.getListeners().isEmpty()) {
            reasons.add("the network has training listeners " + net.getListeners()
                    + ", which the engine does not call");
        }
        int layers = net.getnLayers();
        for (int i = 0; i < layers; i++) {
            Layer layer = conf.getConf(i).getLayer();
            String name = "layer " + i + " (" + layer.getClass().getSimpleName() + ")";
            if (!conf.getConf(i).isMiniBatch()) {
                reasons.add(name + " does not divide its gradient by the minibatch (miniBatch(false))");
            }
            checkPreprocessor(conf.getInputPreProcess(i), name, reasons);
            boolean last = i == layers - 1;
            if (layer instanceof RnnOutputLayer output) {
                if (!last) {
                    reasons.add(name + " is an output layer before the last layer");
                }
                checkOutput(output, name, reasons);
                checkBaseLayer(output, name, reasons);
            } else if (last) {
                reasons.add(name + " is the last layer; the engine needs an RnnOutputLayer there");
            } else if (layer instanceof DenseLayer dense) {
                ActivationFunction f = ActivationFunction.of(dense.getActivationFn());
                if (f == null || f.kind() == Activation.SOFTMAX) {
                    reasons.add(name + " has activation " + dense.getActivationFn() + ", which the engine does not compute");
                }
                if (dense.hasLayerNorm()) {
                    reasons.add(name + " has layer normalisation");
                }
                checkBaseLayer(dense, name, reasons);
            } else if (layer instanceof ScalarEncoder) {
                if (layer.getIDropout() != null) {
                    reasons.add(name + " has dropout " + layer.getIDropout());
                }
            } else if (layer instanceof SpatialPooler || layer instanceof TemporalMemory) {
                checkSameDiffLayer((AbstractSameDiffLayer) layer, name, reasons);
            } else {
                reasons.add(name + " is not one of ScalarEncoder, DenseLayer, SpatialPooler, TemporalMemory, "
                        + "RnnOutputLayer");
                continue;
            }
            for (String key : net.getLayer(i).paramTable().keySet()) {
                IUpdater updater = layer.getUpdaterByParam(key);
                if (!Parameter.supports(updater)) {
                    reasons.add(name + " parameter " + key + " has updater " + updater
                            + "; the engine runs Sgd, Adam, LazyAdam and NoOp");
                }
            }
        }
        return reasons;
    }

    private static void checkPreprocessor(InputPreProcessor pre, String name, List<String> reasons) {
        if (pre == null) {
            return;
        }
        boolean ncw = (pre instanceof RnnToFeedForwardPreProcessor r && r.getRnnDataFormat() == RNNFormat.NCW)
                || (pre instanceof FeedForwardToRnnPreProcessor f && f.getRnnDataFormat() == RNNFormat.NCW);
        if (!ncw) {
            reasons.add(name + " has the input preprocessor " + pre + "; the engine knows the NCW recurrent and "
                    + "feed-forward reshapes only");
        }
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
        if (layer.getIDropout() != null) {
            reasons.add(name + " has dropout " + layer.getIDropout());
        }
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

    private static void checkSameDiffLayer(AbstractSameDiffLayer layer, String name, List<String> reasons) {
        if (layer.getIDropout() != null) {
            reasons.add(name + " has dropout " + layer.getIDropout());
        }
        if (!empty(layer.getRegularization()) || !empty(layer.getRegularizationBias())) {
            reasons.add(name + " has regularization (l1, l2 or weight decay)");
        }
        checkNormalization(layer.getGradientNormalization(), name, reasons);
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
