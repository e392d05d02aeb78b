package org.deephtm.online;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.learning.TrainingDivergedException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

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

    /**
     * One training pass over the completed window, from the state the last window ended in. A
     * pass whose loss or weights are not finite is undone (weights, updater state, iteration count
     * and the layers' state, from copies taken before it) and reported as divergence.
     */
    private double train() {
        RecurrentState predictionState = RecurrentState.of(net);
        INDArray params = net.params().dup();
        INDArray updaterState = net.getUpdater().getStateViewArray();
        INDArray savedUpdaterState = updaterState == null ? null : updaterState.dup();
        int iteration = net.getIterationCount();
        trainingState.applyTo(net);
        net.setInput(Nd4j.stack(2, windowFeatures.toArray(new INDArray[0])));
        net.setLabels(Nd4j.stack(2, windowTargets.toArray(new INDArray[0])));
        net.setLayerMaskArrays(null, null);
        windowFeatures.clear();
        windowTargets.clear();
        double loss;
        try {
            net.getOptimizer().optimize(LayerWorkspaceMgr.noWorkspaces());
            loss = net.score();
        } catch (TrainingDivergedException e) {
            loss = Double.NaN; // a DeepHTM layer refused a non-finite gradient before anything changed
        }
        if (!Double.isFinite(loss) || !finite(net.params())) {
            net.params().assign(params);
            if (savedUpdaterState != null) {
                updaterState.assign(savedUpdaterState);
            }
            net.setIterationCount(iteration);
            net.clearLayersStates();
            predictionState.applyTo(net);
            throw new TrainingDivergedException("training diverged: the loss is " + loss + " and the weights "
                    + (finite(params) ? "became" : "were") + " not finite after the pass (learning rate "
                    + learningRates() + "); the pass was undone. Lower the learning rate.");
        }
        trainingState = RecurrentState.ofTruncatedBptt(net);
        net.clearLayersStates();
        predictionState.applyTo(net);
        return loss;
    }

    private static boolean finite(INDArray a) {
        return !BooleanIndexing.or(a, Conditions.isNan()) && !BooleanIndexing.or(a, Conditions.isInfinite());
    }

    private String learningRates() {
        java.util.Set<Double> rates = new java.util.TreeSet<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            for (String key : net.getLayer(i).paramTable().keySet()) {
                org.nd4j.linalg.learning.config.IUpdater u = layer.getUpdaterByParam(key);
                if (u.hasLearningRate()) {
                    rates.add(u.getLearningRate(net.getIterationCount(), net.getEpochCount()));
                }
            }
        }
        return rates.toString().replaceAll("[\\[\\]]", "");
    }

    @Override
    public float[] prediction() {
        return prediction;
    }

    @Override
    public float anomaly(int stream) {
        return anomaly == null ? Float.NaN : anomaly.getFloat(stream, 0);
    }

    /** DL4J's layers keep the memory's cells in their recurrent state only: the view needs the engine's kernels. */
    @Override
    public org.deephtm.engine.MemoryView memory() {
        return null;
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
    public StreamState export(int horizon, int window, long steps) {
        List<float[]> pending = new ArrayList<>();
        awaitingTarget.forEach(a -> pending.add(flat(a)));
        List<float[]> features = new ArrayList<>();
        windowFeatures.forEach(a -> features.add(flat(a)));
        List<float[]> targets = new ArrayList<>();
        windowTargets.forEach(a -> targets.add(flat(a)));
        return new StreamState(horizon, window, streams, steps, pending, features, targets, RecurrentState.of(net),
                trainingState);
    }

    @Override
    public void restore(StreamState state) {
        reset();
        state.pending().forEach(p -> awaitingTarget.add(Nd4j.create(p, new long[] {streams, nIn}, 'c')));
        state.windowFeatures().forEach(f -> windowFeatures.add(Nd4j.create(f, new long[] {streams, nIn}, 'c')));
        DataType type = net.getLayerWiseConfigurations().getDataType();
        state.windowTargets().forEach(t -> windowTargets.add(Nd4j.create(t, new long[] {streams, nOut}, 'c')
                .castTo(type)));
        state.prediction().applyTo(net);
        trainingState = state.training();
    }

    private static float[] flat(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
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
