package org.deephtm.networks;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.learning.LazyAdam;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedNetworkTest {

    /** Layers of the default network: 0 the encoder, 1 the spatial pooler, 2 the memory, 3 the decoder. */
    private static IUpdater updaterOf(MultiLayerConfiguration conf, int layer) {
        Layer l = conf.getConf(layer).getLayer();
        return l instanceof AbstractSameDiffLayer sd ? sd.getUpdater() : ((BaseLayer) l).getIUpdater();
    }

    @Test
    void theMixedUpdatersPutTheMemoryAtThirtyTimesTheRateAndKeepThePoolerFixed() {
        MultiLayerConfiguration conf = SeedNetwork.builder().build();
        assertEquals(new Sgd(0), updaterOf(conf, 1));
        assertEquals(new LazyAdam(3e-2), updaterOf(conf, 2));
        assertEquals(new LazyAdam(1e-3), updaterOf(conf, 3));
    }

    @Test
    void learningRateAndSpatialPoolerLearningGiveOneNetworkInEitherOrder() {
        MultiLayerConfiguration rateFirst = SeedNetwork.builder().learningRate(2e-3).spatialPoolerLearning(true)
                .build();
        MultiLayerConfiguration learningFirst = SeedNetwork.builder().spatialPoolerLearning(true).learningRate(2e-3)
                .build();
        assertEquals(learningFirst, rateFirst);
        assertEquals(new Adam(2e-3), updaterOf(rateFirst, 1), "the pooler learns at the rate given");
        assertEquals(new LazyAdam(6e-2), updaterOf(rateFirst, 2));
    }

    @Test
    void updatersGivenReplaceTheMixedOnesWhateverTheOrder() {
        MultiLayerConfiguration before = SeedNetwork.builder().updater(new Sgd(0.1)).learningRate(2e-3)
                .memoryRateFactor(5).spatialPoolerLearning(true).build();
        MultiLayerConfiguration after = SeedNetwork.builder().learningRate(2e-3).memoryRateFactor(5)
                .spatialPoolerLearning(true).updater(new Sgd(0.1)).build();
        assertEquals(before, after);
        for (int layer = 1; layer <= 3; layer++) {
            assertEquals(new Sgd(0.1), updaterOf(before, layer), "layer " + layer);
        }
    }

    @Test
    void theForumThreadsMemoryLearnsAtTheRateOfTheRest() {
        MultiLayerConfiguration conf = SeedNetwork.forumThread().build();
        assertEquals(new Adam(1e-3), updaterOf(conf, 1), "the second Dense encoder layer");
        assertEquals(new Adam(1e-3), updaterOf(conf, 2), "the spatial pooler");
        assertEquals(new LazyAdam(1e-3), updaterOf(conf, 3), "the memory");
    }

    @Test
    void aBuilderBuildsTheSameNetworkTwiceAndCopiesIndependently() {
        SeedNetwork.Builder builder = SeedNetwork.builder().columns(64).activeColumns(3).learningRate(5e-3);
        MultiLayerConfiguration first = builder.build();
        assertEquals(first, builder.build());
        SeedNetwork.Builder copy = builder.copy();
        copy.cellsPerColumn(7).updater(new Sgd(0.5));
        assertEquals(first, builder.build(), "changing the copy leaves the original as it was");
        assertNotEquals(first, copy.build());
        assertEquals(7, ((TemporalMemory) copy.build().getConf(2).getLayer()).getCellsPerColumn());
    }

    @Test
    void eachSizeIsCheckedByItsOwnName() {
        assertRejected(b -> b.cellsPerColumn(0), "cellsPerColumn must be >= 1, got 0");
        assertRejected(b -> b.activeColumns(8).columns(8), "activeColumns (8) must be smaller than columns (8)");
        assertRejected(b -> b.buckets(1), "buckets must be >= 2, got 1");
        assertRejected(b -> b.decoderSize(-1), "decoderSize must be >= 0");
        assertRejected(b -> b.learningRate(0), "learningRate must be a positive number, got 0.0");
        assertRejected(b -> b.memoryRateFactor(Double.NaN), "memoryRateFactor must be a number >= 0");
        assertRejected(b -> b.memoryRateFactor(-1), "memoryRateFactor must be a number >= 0");
    }

    private static void assertRejected(UnaryOperator<SeedNetwork.Builder> change, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(SeedNetwork.builder()).build());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void sparseCodesCanGoStraightToThePoolerAndTheOutputCanBeASoftmaxOverClasses() {
        MultiLayerConfiguration conf = SeedNetwork.builder().encoder(SeedNetwork.Encoder.NONE).inputs(40)
                .decoderSize(0).prediction(SeedNetwork.Prediction.CLASSES).outputs(11).build();
        assertEquals(3, conf.getConfs().size());
        assertEquals(40, ((SpatialPooler) conf.getConf(0).getLayer()).getNIn());
        assertInstanceOf(TemporalMemory.class, conf.getConf(1).getLayer());
        RnnOutputLayer output = (RnnOutputLayer) conf.getConf(2).getLayer();
        assertEquals(11, output.getNOut());
        assertInstanceOf(ActivationSoftmax.class, output.getActivationFn());
        assertInstanceOf(LossMCXENT.class, output.getLossFn());
    }

    @Test
    void describeNamesTheLayersAndWhetherThePoolerLearns() {
        assertEquals("ScalarEncoder 1x64, SpatialPooler 256 columns/5 active (fixed), TemporalMemory 5 cells per "
                + "column (active), Dense 256-1", SeedNetwork.builder().describe());
        assertEquals("Dense 3-256-256, SpatialPooler 256 columns/5 active, TemporalMemory 5 cells per column "
                + "(predictive), Dense 256-1", SeedNetwork.forumThread().inputs(3).describe());
    }
}
