package org.deephtm.tests.dl4j;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.runtime.SpatialPooler2DRuntime;
import org.deephtm.layers.runtime.SpatialPoolerRuntime;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.tests.support.Graphs;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ModelSerializer}, {@code clone()} and the JSON/YAML configuration round trips, on networks
 * holding every DeepHTM layer and mode: what comes back is the same network, with the same layer
 * state (duty cycles, potential pools) and the same updater state, so that training continues
 * exactly as if it had never stopped.
 */
class ModelSerializerTest {

    private static final long SEED = 5;

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static INDArray sequences(int features) {
        return Nd4j.rand(DataType.FLOAT, 2, features, 6);
    }

    /** Some training, so that weights, duty cycles and Adam's moments all move away from their start. */
    private static void train(MultiLayerNetwork net, INDArray x, INDArray y) {
        for (int i = 0; i < 4; i++) {
            net.fit(x, y);
        }
    }

    private static MultiLayerNetwork saveAndRestore(MultiLayerNetwork net, Path dir) throws Exception {
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        return MultiLayerNetwork.load(file, true);
    }

    private static void assertSameNetwork(MultiLayerNetwork expected, MultiLayerNetwork actual) {
        assertEquals(expected.getLayerWiseConfigurations().toJson(), actual.getLayerWiseConfigurations().toJson());
        assertEquals(expected.params(), actual.params(), "weights and layer state");
        assertEquals(expected.getUpdater().getStateViewArray(), actual.getUpdater().getStateViewArray(),
                "updater state");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sequenceNetworkResumesTrainingIdenticallyAfterARestore(Mode mode, @TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = init(SmallNetworks.sequence(mode));
        INDArray x = sequences(SmallNetworks.INPUTS);
        INDArray y = sequences(SmallNetworks.OUTPUTS);
        train(net, x, y);
        INDArray dutyCycles = ((SpatialPoolerRuntime) net.getLayer(1)).dutyCycles();
        assertNotEquals(0.0, dutyCycles.sumNumber().doubleValue(), "training moved the duty cycles");

        MultiLayerNetwork restored = saveAndRestore(net, dir);
        assertSameNetwork(net, restored);
        assertEquals(dutyCycles, ((SpatialPoolerRuntime) restored.getLayer(1)).dutyCycles());
        if (net.getLayer(1).paramTable().containsKey(SpatialPooler.POTENTIAL_POOL_KEY)) {
            INDArray pool = net.getLayer(1).getParam(SpatialPooler.POTENTIAL_POOL_KEY);
            assertTrue(pool.minNumber().doubleValue() == 0, "the pool leaves some inputs unconnected");
            assertEquals(pool, restored.getLayer(1).getParam(SpatialPooler.POTENTIAL_POOL_KEY));
        }

        INDArray probe = sequences(SmallNetworks.INPUTS);
        assertEquals(net.output(probe), restored.output(probe));
        assertEquals(((TemporalMemoryRuntime) net.getLayer(2)).anomalyScores(),
                ((TemporalMemoryRuntime) restored.getLayer(2)).anomalyScores());

        net.fit(x, y);
        restored.fit(x, y);
        assertSameNetwork(net, restored);
    }

    @Test
    void imageNetworkResumesTrainingIdenticallyAfterARestore(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = init(SmallNetworks.images());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 5, 6);
        INDArray y = Nd4j.rand(DataType.FLOAT, 3, SmallNetworks.OUTPUTS);
        for (int i = 0; i < 4; i++) {
            net.fit(x, y);
        }
        assertNotEquals(0.0, ((SpatialPooler2DRuntime) net.getLayer(3)).dutyCycles().sumNumber().doubleValue());

        MultiLayerNetwork restored = saveAndRestore(net, dir);
        assertSameNetwork(net, restored);
        assertEquals(net.output(x), restored.output(x));
        net.fit(x, y);
        restored.fit(x, y);
        assertSameNetwork(net, restored);
    }

    /** Shows that the updater check above has teeth: without Adam's moments the next step differs. */
    @Test
    void restoringWithoutTheUpdaterStateChangesTheNextStep(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = init(SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE));
        INDArray x = sequences(SmallNetworks.INPUTS);
        INDArray y = sequences(SmallNetworks.OUTPUTS);
        train(net, x, y);
        File file = dir.resolve("no-updater.zip").toFile();
        ModelSerializer.writeModel(net, file, false);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, false);
        assertEquals(net.params(), restored.params());
        net.fit(x, y);
        restored.fit(x, y);
        assertNotEquals(net.params(), restored.params());
    }

    @ParameterizedTest
    @ValueSource(strings = {"twoOutputs", "hierarchy"})
    void computationGraphResumesTrainingIdenticallyAfterARestore(String name, @TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(graph(name));
        MultiDataSet data = Graphs.data(graph, sequences(SmallNetworks.INPUTS), sequences(SmallNetworks.OUTPUTS));
        for (int i = 0; i < 4; i++) {
            graph.fit(data);
        }
        File file = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph restored = ComputationGraph.load(file, true);

        assertEquals(graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray probe = sequences(SmallNetworks.INPUTS);
        assertArrayEquals(graph.output(probe), restored.output(probe));

        graph.fit(data);
        restored.fit(data);
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
    }

    private static ComputationGraphConfiguration graph(String name) {
        return switch (name) {
            case "twoOutputs" -> SmallNetworks.twoOutputs(BackpropType.Standard, 0);
            case "hierarchy" -> SmallNetworks.hierarchy();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The recurrent state of a graph is not in the model file; DL4J's own
     * {@code rnnGetPreviousStates()} map, stored next to the model with
     * {@code ModelSerializer.addObjectToFile}, continues the stream exactly.
     */
    @Test
    void graphStreamStateSavedNextToTheModelContinuesTheStream(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.hierarchy());
        INDArray stream = Nd4j.rand(DataType.FLOAT, 1, SmallNetworks.INPUTS, 10);
        graph.rnnTimeStep(Graphs.steps(stream, 0, 4));

        File file = dir.resolve("stream.zip").toFile();
        ModelSerializer.writeModel(graph, file, true);
        ModelSerializer.addObjectToFile(file, "rnnState", Graphs.copyOfState(graph));
        INDArray uninterrupted = graph.rnnTimeStep(Graphs.steps(stream, 4, 10))[0];

        ComputationGraph restored = ComputationGraph.load(file, true);
        Map<String, Map<String, INDArray>> state = ModelSerializer.getObjectFromFile(file, "rnnState");
        restored.rnnSetPreviousStates(state);
        assertEquals(uninterrupted, restored.rnnTimeStep(Graphs.steps(stream, 4, 10))[0]);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cloneTrainsLikeTheOriginalAndIndependentlyOfIt(Mode mode) {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = init(SmallNetworks.sequence(mode));
        INDArray x = sequences(SmallNetworks.INPUTS);
        INDArray y = sequences(SmallNetworks.OUTPUTS);
        train(net, x, y);
        MultiLayerNetwork copy = net.clone();
        assertSameNetwork(net, copy);
        assertEquals(net.output(x), copy.output(x));

        INDArray before = net.params().dup();
        copy.fit(x, y);
        assertEquals(before, net.params(), "training the clone leaves the original alone");
        net.fit(x, y);
        assertSameNetwork(net, copy);
    }

    /**
     * In DL4J 1.0.0-M2.1 {@code ComputationGraph.clone()} restarts the iteration and epoch counts
     * (see {@code Dl4jDefectsTest.graphCloneRestartsTheIterationCount}), which changes Adam's next
     * step; with the counts copied over, the clone trains like the original.
     */
    @Test
    void graphCloneTrainsLikeTheOriginalOnceTheCountsAreCopied() {
        Nd4j.getRandom().setSeed(SEED);
        ComputationGraph graph = init(SmallNetworks.twoOutputs(BackpropType.Standard, 0));
        MultiDataSet data = Graphs.data(graph, sequences(SmallNetworks.INPUTS), sequences(SmallNetworks.OUTPUTS));
        graph.fit(data);
        ComputationGraph copy = graph.clone();
        copy.getConfiguration().setIterationCount(graph.getConfiguration().getIterationCount());
        copy.getConfiguration().setEpochCount(graph.getConfiguration().getEpochCount());
        assertArrayEquals(graph.output(data.getFeatures(0)), copy.output(data.getFeatures(0)));

        graph.fit(data);
        copy.fit(data);
        assertEquals(graph.params(), copy.params());
        assertEquals(graph.getUpdater().getStateViewArray(), copy.getUpdater().getStateViewArray());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void multiLayerConfigurationSurvivesJsonAndYaml(Mode mode) {
        MultiLayerConfiguration conf = init(SmallNetworks.sequence(mode)).getLayerWiseConfigurations();
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        MultiLayerConfiguration fromYaml = MultiLayerConfiguration.fromYaml(conf.toYaml());
        assertEquals(conf, fromJson);
        assertEquals(conf, fromYaml);
        assertEquals(conf.getConf(2).getLayer(), fromJson.getConf(2).getLayer());
        assertEquals(conf.getConf(2).getLayer().toString(), fromYaml.getConf(2).getLayer().toString());
        assertEquals(conf.toJson(), fromJson.toJson());
    }

    @Test
    void imageConfigurationSurvivesJsonAndYaml() {
        MultiLayerConfiguration conf = init(SmallNetworks.images()).getLayerWiseConfigurations();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"twoOutputs", "hierarchy"})
    void graphConfigurationSurvivesJsonAndYaml(String name) {
        ComputationGraphConfiguration conf = init(graph(name)).getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
    }
}
