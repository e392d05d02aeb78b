package org.deephtm.tests.dl4j;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CollectScoresListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsInitializationReport;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's own training UI on a network with DeepHTM layers: a {@link StatsListener} records into an
 * {@link InMemoryStatsStorage}, the storage DL4J's {@code UIServer} reads (attach it with
 * {@code UIServer.getInstance().attach(storage)}, from {@code deeplearning4j-ui}), every
 * iteration's score and the statistics of every parameter and update, the spatial pooler's and
 * the temporal memory's included.
 */
class TrainingUiTest {

    @Test
    void statsListenerRecordsScoresParametersAndUpdatesOfTheHtmLayers() {
        Nd4j.getRandom().setSeed(21);
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE));
        net.init();
        StatsStorage storage = new InMemoryStatsStorage();
        CollectScoresListener scores = new CollectScoresListener(1);
        net.setListeners(new StatsListener(storage, 1), scores);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, SmallNetworks.INPUTS, 6);
        DataSet data = new DataSet(x, x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, SmallNetworks.OUTPUTS),
                NDArrayIndex.all()).mul(0.5));
        for (int i = 0; i < 6; i++) {
            net.fit(data);
        }

        String session = storage.listSessionIDs().get(0);
        String worker = storage.listWorkerIDsForSession(session).get(0);
        StatsInitializationReport model = (StatsInitializationReport) storage.getStaticInfo(session,
                StatsListener.TYPE_ID, worker);
        List<String> params = Arrays.asList(model.getModelParamNames());
        String spWeights = "1_" + SpatialPooler.WEIGHT_KEY;
        String tmDistal = "2_" + TemporalMemory.DISTAL_KEY;
        assertTrue(params.contains(spWeights) && params.contains(tmDistal), "the model's parameters: " + params);
        assertEquals(net.numParams(), model.getModelNumParams());

        List<Persistable> updates = storage.getAllUpdatesAfter(session, StatsListener.TYPE_ID, worker, 0);
        assertEquals(scores.getListScore().size(), updates.size(), "one report per iteration");
        boolean memoryMoved = false;
        for (int i = 0; i < updates.size(); i++) {
            StatsReport report = (StatsReport) updates.get(i);
            assertEquals(scores.getListScore().getDouble(i), report.getScore(), 1e-9, "iteration " + i + "'s score");
            Map<String, Double> parameters = report.getMeanMagnitudes(StatsType.Parameters);
            for (String key : List.of(spWeights, tmDistal)) {
                assertTrue(parameters.get(key) > 0 && Double.isFinite(parameters.get(key)), key + ": " + parameters);
            }
            assertTrue(report.getHistograms(StatsType.Parameters).containsKey(tmDistal), "a histogram of D");
            Double update = report.getMeanMagnitudes(StatsType.Updates).get(tmDistal);
            memoryMoved |= update != null && update > 0;
        }
        assertTrue(memoryMoved, "the temporal memory's updates are recorded, and move its weights");
    }
}
