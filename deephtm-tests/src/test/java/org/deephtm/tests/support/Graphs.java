package org.deephtm.tests.support;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Data and state helpers for the ComputationGraph tests. */
public final class Graphs {

    /** Name of the anomaly output in {@link SmallNetworks#twoOutputs}. */
    public static final String ANOMALY_OUTPUT = "anomaly";

    private Graphs() {
    }

    /**
     * Training data for a graph with one input: {@code labels} for the prediction output and, if
     * the graph has an anomaly output, zero labels under a zero label mask. The anomaly score is a
     * measurement, not a target: the mask makes its loss and gradient zero, so it never steers
     * training.
     */
    public static MultiDataSet data(ComputationGraph graph, INDArray features, INDArray labels) {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        INDArray[] allLabels = new INDArray[outputs.size()];
        INDArray[] labelMasks = new INDArray[outputs.size()];
        boolean masked = false;
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).equals(ANOMALY_OUTPUT)) {
                allLabels[i] = Nd4j.zeros(DataType.FLOAT, features.size(0), 1, features.size(2));
                labelMasks[i] = Nd4j.zeros(DataType.FLOAT, features.size(0), features.size(2));
                masked = true;
            } else {
                allLabels[i] = labels;
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features}, allLabels, null,
                masked ? labelMasks : null);
    }

    /** Steps {@code [from, to)} of a [b, n, T] sequence. */
    public static INDArray steps(INDArray sequence, int from, int to) {
        return sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }

    /** A serializable copy of the graph's {@code rnnTimeStep} state, by layer name. */
    public static HashMap<String, Map<String, INDArray>> copyOfState(ComputationGraph graph) {
        HashMap<String, Map<String, INDArray>> copy = new HashMap<>();
        graph.rnnGetPreviousStates().forEach((layer, state) -> {
            HashMap<String, INDArray> arrays = new HashMap<>();
            state.forEach((key, value) -> arrays.put(key, value.dup().detach()));
            copy.put(layer, arrays);
        });
        return copy;
    }
}
