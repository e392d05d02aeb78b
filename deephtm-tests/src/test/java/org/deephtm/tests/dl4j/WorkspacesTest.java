package org.deephtm.tests.dl4j;

import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.tests.support.Graphs;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DL4J's workspace modes change where arrays live, never what the layers compute: the same network
 * trained and run with {@code WorkspaceMode.ENABLED} and with {@code NONE} gives identical weights,
 * outputs, recurrent states and anomaly scores.
 */
class WorkspacesTest {

    private static final long SEED = 17;

    private static MultiLayerNetwork network(MultiLayerConfiguration conf, WorkspaceMode mode) {
        MultiLayerConfiguration copy = conf.clone();
        copy.setTrainingWorkspaceMode(mode);
        copy.setInferenceWorkspaceMode(mode);
        MultiLayerNetwork net = new MultiLayerNetwork(copy);
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sequenceNetworkIsTheSameWithAndWithoutWorkspaces(Mode mode) {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerConfiguration conf = SmallNetworks.sequence(mode, BackpropType.TruncatedBPTT, 3);
        MultiLayerNetwork enabled = network(conf, WorkspaceMode.ENABLED);
        MultiLayerNetwork none = network(conf, WorkspaceMode.NONE);
        assertEquals(enabled.params(), none.params(), "same initialisation");

        for (int i = 0; i < 3; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 6);
            INDArray y = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.OUTPUTS, 6);
            enabled.fit(x, y);
            none.fit(x, y);
        }
        assertEquals(enabled.params(), none.params(), "weights and duty cycles after truncated BPTT");
        assertEquals(enabled.getUpdater().getStateViewArray(), none.getUpdater().getStateViewArray());

        INDArray x = Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 5);
        assertEquals(enabled.output(x), none.output(x));
        assertEquals(anomaly(enabled), anomaly(none));
        enabled.rnnClearPreviousState();
        none.rnnClearPreviousState();
        for (int t = 0; t < 5; t++) {
            INDArray step = Graphs.steps(x, t, t + 1);
            assertEquals(enabled.rnnTimeStep(step), none.rnnTimeStep(step), "step " + t);
            assertEquals(anomaly(enabled), anomaly(none), "anomaly at step " + t);
        }
        assertEquals(enabled.rnnGetPreviousState(2), none.rnnGetPreviousState(2));
    }

    private static INDArray anomaly(MultiLayerNetwork net) {
        return ((TemporalMemoryRuntime) net.getLayer(2)).anomalyScores().dup();
    }

    @Test
    void imageNetworkIsTheSameWithAndWithoutWorkspaces() {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork enabled = network(SmallNetworks.images(), WorkspaceMode.ENABLED);
        MultiLayerNetwork none = network(SmallNetworks.images(), WorkspaceMode.NONE);
        for (int i = 0; i < 3; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 5, 6);
            INDArray y = Nd4j.rand(DataType.FLOAT, 3, SmallNetworks.OUTPUTS);
            enabled.fit(x, y);
            none.fit(x, y);
        }
        assertEquals(enabled.params(), none.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 5, 6);
        assertEquals(enabled.output(x), none.output(x));
    }

    @Test
    void graphIsTheSameWithAndWithoutWorkspaces() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph[] graphs = new ComputationGraph[2];
        WorkspaceMode[] modes = {WorkspaceMode.ENABLED, WorkspaceMode.NONE};
        for (int i = 0; i < 2; i++) {
            ComputationGraphConfiguration conf = SmallNetworks.twoOutputs(BackpropType.TruncatedBPTT, 3);
            conf.setTrainingWorkspaceMode(modes[i]);
            conf.setInferenceWorkspaceMode(modes[i]);
            graphs[i] = new ComputationGraph(conf);
            graphs[i].init();
        }
        for (int i = 0; i < 3; i++) {
            MultiDataSet data = Graphs.data(graphs[0], Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 6),
                    Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.OUTPUTS, 6));
            graphs[0].fit(data);
            graphs[1].fit(data);
        }
        assertEquals(graphs[0].params(), graphs[1].params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, SmallNetworks.INPUTS, 4);
        assertArrayEquals(graphs[0].output(x), graphs[1].output(x));
        graphs[0].rnnClearPreviousState();
        graphs[1].rnnClearPreviousState();
        for (int t = 0; t < 4; t++) {
            INDArray step = Graphs.steps(x, t, t + 1);
            assertArrayEquals(graphs[0].rnnTimeStep(step), graphs[1].rnnTimeStep(step), "step " + t);
        }
    }
}
