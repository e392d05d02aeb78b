package org.deephtm.online;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps through DL4J: {@code rnnTimeStep} for each prediction, and DL4J's optimizer (its forward
 * pass, the layers' backward passes, its updater) for each training pass, from the recurrent
 * state the previous window ended in. Any network with a recurrent output layer runs here, on any
 * ND4J backend.
 */
final class Dl4jRunner implements StepRunner {

    private final MultiLayerNetwork net;
    private final int streams;
    private final int horizon;
    private final int window;
    private final long nIn;
    private final long nOut;
    private final TemporalMemoryRuntime anomalySource;

    private final ArrayDeque<INDArray> awaitingTarget = new ArrayDeque<>();
    private final List<INDArray> windowFeatures = new ArrayList<>();
    private final List<INDArray> windowTargets = new ArrayList<>();
    private RecurrentState trainingState;
    private float[] prediction;
    private INDArray anomaly;
    private double trainingLoss = Double.NaN;

    Dl4jRunner(MultiLayerNetwork net, int streams, int horizon, int window, long nIn, long nOut) {
        this.net = net;
        this.streams = streams;
        this.horizon = horizon;
        this.window = window;
        this.nIn = nIn;
        this.nOut = nOut;
        this.anomalySource = firstTemporalMemory(net);
        this.trainingState = RecurrentState.of(net);
    }

    @Override
    public void step(float[] features, float[] target) {
        step(Nd4j.create(features, new long[] {streams, nIn}, 'c'), Nd4j.create(target, new long[] {streams, nOut}, 'c'));
    }

    /** One step with the arrays as given: [streams, nIn] and [streams, nOut]. */
    void step(INDArray features, INDArray target) {
        trainingLoss = Double.NaN;
        if (awaitingTarget.size() == horizon) {
            windowFeatures.add(awaitingTarget.poll());
            windowTargets.add(target.castTo(net.getLayerWiseConfigurations().getDataType()).dup());
            if (windowFeatures.size() == window) {
                trainingLoss = train();
            }
        }
        INDArray output = net.rnnTimeStep(features);
        prediction = output.castTo(DataType.FLOAT).dup('c').data().asFloat();
        awaitingTarget.add(features.dup());
        anomaly = anomalySource == null ? null : anomalySource.anomalyScores().dup();
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

    @Override
    public float[] prediction() {
        return prediction;
    }

    @Override
    public float anomaly(int stream) {
        return anomaly == null ? Float.NaN : anomaly.getFloat(stream, 0);
    }

    @Override
    public double trainingLoss() {
        return trainingLoss;
    }

    @Override
    public void reset() {
        net.rnnClearPreviousState();
        awaitingTarget.clear();
        windowFeatures.clear();
        windowTargets.clear();
        trainingState = RecurrentState.of(net);
    }

    @Override
    public void writeToNetwork() {
        // the network's arrays are the ones trained
    }

    @Override
    public void readFromNetwork() {
        // likewise
    }

    static TemporalMemoryRuntime firstTemporalMemory(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            if (layer instanceof TemporalMemoryRuntime tm) {
                return tm;
            }
        }
        return null;
    }
}
