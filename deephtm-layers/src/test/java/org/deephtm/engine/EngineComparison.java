package org.deephtm.engine;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the equivalence tests compare the engine with DL4J's own path after a step: the same
 * predictions, anomaly scores and training loss, parameters that moved alike, the same updater
 * state and the same recurrent state; and how they hand DL4J's exact state to the engine.
 */
final class EngineComparison {

    static final double OUTPUT_TOLERANCE = 1e-4;
    /** Parameters: the engine's step may differ from DL4J's by this share of DL4J's step, plus an absolute 1e-6. */
    static final double UPDATE_TOLERANCE = 1e-3;

    private EngineComparison() {
    }

    /**
     * What differs between DL4J's run ({@code dl4j}, whose network is {@code reference}) and the
     * engine's ({@code engine}, read into {@code synced}), {@code before} being the parameters both
     * started the step from. Parameters named in {@code exactParams} (structure, not weights) must
     * be equal; the recurrent state is compared under each of {@code stateKeys}.
     */
    static List<String> differences(int streams, OnlineLearner dl4j, OnlineEngine engine,
            MultiLayerNetwork reference, MultiLayerNetwork synced, INDArray before, Set<String> exactParams,
            List<String> stateKeys) {
        List<String> out = new ArrayList<>();
        float[] p = dl4j.prediction();
        float[] q = engine.prediction();
        for (int i = 0; i < p.length; i++) {
            if (!(Math.abs(p[i] - q[i]) <= OUTPUT_TOLERANCE * (1 + Math.abs(p[i])))) {
                out.add("prediction " + i + ": " + p[i] + " vs " + q[i]);
                break;
            }
        }
        for (int b = 0; b < streams; b++) {
            if (!(Math.abs(dl4j.anomaly(b) - engine.anomaly(b)) <= OUTPUT_TOLERANCE)) {
                out.add("anomaly " + b + ": " + dl4j.anomaly(b) + " vs " + engine.anomaly(b));
            }
        }
        double l1 = dl4j.trainingLoss();
        double l2 = engine.trainingLoss();
        if (Double.isNaN(l1) != Double.isNaN(l2) || Math.abs(l1 - l2) > OUTPUT_TOLERANCE * (1 + Math.abs(l1))) {
            out.add("training loss: " + l1 + " vs " + l2);
        }
        out.addAll(parameterDifferences(reference, synced, before, exactParams));
        INDArray u1 = reference.getUpdater().getStateViewArray();
        INDArray u2 = synced.getUpdater().getStateViewArray();
        if (u1 != null && !close(u1, u2, u1, 1e-3)) {
            out.add("updater state: max difference " + u1.sub(u2).amaxNumber());
        }
        for (int i = 0; i < reference.getnLayers(); i++) {
            if (reference.getLayer(i) instanceof TemporalMemoryRuntime tm) {
                Map<String, INDArray> s2 = ((TemporalMemoryRuntime) synced.getLayer(i)).rnnGetPreviousState();
                for (String key : stateKeys) {
                    INDArray a = tm.rnnGetPreviousState().get(key);
                    INDArray b = s2.get(key);
                    if (a == null || b == null) {
                        out.add("layer " + i + " state " + key + ": " + a + " vs " + b);
                    } else if (!a.equalsWithEps(b, OUTPUT_TOLERANCE)) {
                        out.add("layer " + i + " state " + key + ": max difference " + a.sub(b).amaxNumber());
                    }
                }
            }
        }
        return out;
    }

    /** Each parameter tensor: the engine's step within a share of DL4J's, plus 1e-6; those in {@code exact} equal. */
    private static List<String> parameterDifferences(MultiLayerNetwork reference, MultiLayerNetwork synced,
            INDArray before, Set<String> exact) {
        List<String> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < reference.getnLayers(); i++) {
            for (Map.Entry<String, INDArray> e : reference.getLayer(i).paramTable().entrySet()) {
                long n = e.getValue().length();
                INDArray a = slice(reference.params(), offset, n);
                INDArray b = slice(synced.params(), offset, n);
                INDArray step = a.sub(slice(before, offset, n));
                boolean equal = exact.contains(e.getKey()) ? a.sub(b).amaxNumber().doubleValue() == 0
                        : close(a, b, step, UPDATE_TOLERANCE);
                if (!equal) {
                    out.add("layer " + i + " " + e.getKey() + ": max difference " + a.sub(b).amaxNumber()
                            + " for a step of at most " + step.amaxNumber());
                }
                offset += n;
            }
        }
        return out;
    }

    private static INDArray slice(INDArray flat, long offset, long n) {
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(offset, offset + n));
    }

    /** |a - b| <= share * max|step| + 1e-6 everywhere. */
    private static boolean close(INDArray a, INDArray b, INDArray step, double share) {
        double bound = share * step.amaxNumber().doubleValue() + 1e-6;
        return a.sub(b).amaxNumber().doubleValue() <= bound;
    }

    /** Gives the engine's network DL4J's exact parameters, updater state, iteration count and recurrent state. */
    static void copyState(MultiLayerNetwork from, MultiLayerNetwork to) {
        to.params().assign(from.params());
        INDArray state = from.getUpdater().getStateViewArray();
        if (state != null) {
            to.getUpdater().getStateViewArray().assign(state);
        }
        to.setIterationCount(from.getIterationCount());
        for (int i = 0; i < from.getnLayers(); i++) {
            if (from.getLayer(i) instanceof TemporalMemoryRuntime tm) {
                ((TemporalMemoryRuntime) to.getLayer(i)).rnnSetPreviousState(tm.rnnGetPreviousState());
            }
        }
    }
}
