package org.deephtm.online;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Learns from a stream one step at a time, as HTM does: at each step it predicts the target
 * {@code horizon} steps ahead, and when that target arrives it learns from the error, carrying the
 * recurrent state (the temporal memory's cells) from step to step.
 *
 * <pre>{@code
 * OnlineLearner learner = new OnlineLearner(net, 1, 1);   // horizon 1, learn every step
 * for (double x : series) {
 *     INDArray v = Nd4j.create(new double[][] {{x}});
 *     OnlineLearner.Step step = learner.step(v, v);    // features and target of this step
 *     double next = step.prediction().getDouble(0);    // the prediction for the next value
 *     double surprise = step.anomaly().getDouble(0);
 * }
 * }</pre>
 *
 * <p>Learning happens in windows of {@code window} steps: once the targets of {@code window}
 * consecutive steps are known, one training pass runs over them, starting from the state the
 * previous window ended in (truncated BPTT, with gradients flowing back over the window). A window
 * of 1 updates the weights every step, like the seed experiment; longer windows make fewer, larger
 * calls, which is much faster per step in DL4J (see the docs for measurements). Predictions always
 * come one step at a time, from the latest weights, and run on their own copy of the state.
 *
 * <p>Any {@link MultiLayerNetwork} whose output layer is recurrent works (DeepHTM layers, LSTMs, or
 * both), with several streams at once as the minibatch. The configuration must use
 * {@link BackpropType#TruncatedBPTT}: that is how DL4J trains from a carried state.
 */
public final class OnlineLearner {

    /**
     * What the learner says at one step.
     *
     * @param prediction   [streams, nOut], the target expected {@code horizon} steps ahead
     * @param anomaly      [streams], the anomaly score of this step from the network's first
     *                     TemporalMemory (null when it has none)
     * @param trainingLoss the loss of the training pass run at this step, NaN if none ran
     */
    public record Step(INDArray prediction, INDArray anomaly, double trainingLoss) {
    }

    private final MultiLayerNetwork net;
    private final int horizon;
    private final int window;
    private final TemporalMemoryRuntime anomalySource;

    private final ArrayDeque<INDArray> awaitingTarget = new ArrayDeque<>();
    private final List<INDArray> windowFeatures = new ArrayList<>();
    private final List<INDArray> windowTargets = new ArrayList<>();
    private RecurrentState trainingState;
    private long streams = -1;

    /**
     * @param net     an initialised network with a recurrent output layer, configured for truncated BPTT
     * @param horizon how many steps ahead to predict, &gt;= 1
     * @param window  steps per training pass, &gt;= 1
     */
    public OnlineLearner(MultiLayerNetwork net, int horizon, int window) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (net.getLayerWiseConfigurations().getBackpropType() != BackpropType.TruncatedBPTT) {
            throw new IllegalArgumentException("OnlineLearner trains from the carried recurrent state, which DL4J "
                    + "does for truncated BPTT only: build the configuration with "
                    + ".backpropType(BackpropType.TruncatedBPTT).tBPTTLength(" + window + ")");
        }
        this.net = net;
        this.horizon = horizon;
        this.window = window;
        this.anomalySource = firstTemporalMemory(net);
        net.getUpdater(); // creates the network's solver, whose optimiser (and updater state) we train with
        reset();
    }

    /**
     * Feeds one step of the stream.
     *
     * @param features [streams, nIn], this step's input
     * @param target   [streams, nOut], the value observed at this step: the training target of the
     *                 step {@code horizon} steps back
     */
    public Step step(INDArray features, INDArray target) {
        checkShapes(features, target);
        double loss = Double.NaN;
        if (awaitingTarget.size() == horizon) {
            windowFeatures.add(awaitingTarget.poll());
            windowTargets.add(target.dup());
            if (windowFeatures.size() == window) {
                loss = train();
            }
        }
        INDArray prediction = net.rnnTimeStep(features);
        awaitingTarget.add(features.dup());
        INDArray anomaly = anomalySource == null ? null : anomalySource.anomalyScores()
                .get(NDArrayIndex.all(), NDArrayIndex.point(0)).dup();
        return new Step(prediction, anomaly, loss);
    }

    /** Forgets the stream: zero state, no pending targets (HTM's reset between sequences). */
    public void reset() {
        net.rnnClearPreviousState();
        awaitingTarget.clear();
        windowFeatures.clear();
        windowTargets.clear();
        trainingState = RecurrentState.of(net);
        streams = -1;
    }

    public int horizon() {
        return horizon;
    }

    public int window() {
        return window;
    }

    /** One training pass over the completed window, from the state the last window ended in. */
    private double train() {
        RecurrentState predictionState = RecurrentState.of(net);
        trainingState.applyTo(net);
        net.setInput(Nd4j.stack(2, windowFeatures.toArray(new INDArray[0])));
        net.setLabels(Nd4j.stack(2, windowTargets.toArray(new INDArray[0])));
        net.setLayerMaskArrays(null, null);
        net.getOptimizer().optimize(LayerWorkspaceMgr.noWorkspaces());
        double loss = net.score();
        trainingState = RecurrentState.ofTruncatedBptt(net);
        net.clearLayersStates();
        predictionState.applyTo(net);
        windowFeatures.clear();
        windowTargets.clear();
        return loss;
    }

    private void checkShapes(INDArray features, INDArray target) {
        long nIn = inputSize(net);
        long nOut = net.layerSize(net.getnLayers() - 1);
        if (features.rank() != 2 || (nIn > 0 && features.size(1) != nIn)) {
            throw new IllegalArgumentException("features must have shape [streams, " + nIn + "], got "
                    + Arrays.toString(features.shape()));
        }
        if (target.rank() != 2 || target.size(1) != nOut || target.size(0) != features.size(0)) {
            throw new IllegalArgumentException("target must have shape [" + features.size(0) + ", " + nOut
                    + "], got " + Arrays.toString(target.shape()));
        }
        if (streams >= 0 && features.size(0) != streams) {
            throw new IllegalArgumentException("the stream count changed from " + streams + " to " + features.size(0)
                    + "; call reset() first");
        }
        streams = features.size(0);
    }

    /** The network's input size, or -1 when its first layer does not say. */
    private static long inputSize(MultiLayerNetwork net) {
        org.deeplearning4j.nn.conf.layers.Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (first instanceof FeedForwardLayer ff) {
            return ff.getNIn();
        }
        if (first instanceof SpatialPooler sp) {
            return sp.getNIn();
        }
        if (first instanceof TemporalMemory tm) {
            return tm.getColumns();
        }
        return -1;
    }

    private static TemporalMemoryRuntime firstTemporalMemory(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            if (layer instanceof TemporalMemoryRuntime tm) {
                return tm;
            }
        }
        return null;
    }
}
