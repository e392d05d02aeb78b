package org.deephtm.engine;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the online engine can run a network, and if not, why: the engine's
 * {@code checkSupported}, in the manner of DL4J's layer helpers. The network as a whole is
 * checked here (data type, truncated BPTT, listeners, preprocessors, an output layer last,
 * updaters); each layer by its row of {@link KernelRegistry}. Every reason names the layer and the
 * setting, so that a user who asked for the engine knows what to change.
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
            boolean output = layer instanceof RnnOutputLayer;
            if (output != (i == layers - 1)) {
                reasons.add(name + (output ? " is an output layer before the last layer"
                        : " is the last layer; the engine needs an RnnOutputLayer there"));
            }
            KernelRegistry.Row<?> row = KernelRegistry.of(layer);
            if (row == null) {
                reasons.add(name + " is not one of " + KernelRegistry.supportedTypes());
                continue;
            }
            row.check(layer, name, reasons);
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
}
