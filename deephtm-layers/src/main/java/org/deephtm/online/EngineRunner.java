package org.deephtm.online;

import org.deephtm.engine.OnlineEngine;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Steps on the {@link OnlineEngine}. */
final class EngineRunner implements StepRunner {

    private final MultiLayerNetwork net;
    private final OnlineEngine engine;

    EngineRunner(MultiLayerNetwork net, int streams, int horizon, int window) {
        this.net = net;
        this.engine = OnlineEngine.create(net, streams, horizon, window);
    }

    @Override
    public void step(float[] features, float[] target) {
        engine.step(features, target);
    }

    @Override
    public float[] prediction() {
        return engine.prediction();
    }

    @Override
    public float anomaly(int stream) {
        return engine.anomaly(stream);
    }

    @Override
    public org.deephtm.engine.MemoryView memory() {
        return engine.hasAnomaly() ? engine.memoryView() : null;
    }

    @Override
    public double trainingLoss() {
        return engine.trainingLoss();
    }

    @Override
    public void reset() {
        engine.reset();
    }

    @Override
    public void writeToNetwork() {
        engine.writeTo(net);
    }

    @Override
    public void readFromNetwork() {
        engine.readFrom(net);
    }

    @Override
    public StreamState export(int horizon, int window, long steps) {
        OnlineEngine.Snapshot s = engine.snapshot();
        return new StreamState(horizon, window, engine.streams(), steps, s.pending(), s.windowFeatures(),
                s.windowTargets(), RecurrentState.ofStates(s.predictionState()),
                RecurrentState.ofStates(s.trainingState()));
    }

    @Override
    public void restore(StreamState state) {
        engine.restore(new OnlineEngine.Snapshot(state.pending(), state.windowFeatures(), state.windowTargets(),
                state.prediction().states(), state.training().states()));
    }
}
