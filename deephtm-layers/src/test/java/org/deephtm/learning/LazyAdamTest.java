package org.deephtm.learning;

import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LazyAdam through DL4J: Adam where the gradient is at least more than 2^-56, nothing elsewhere. */
class LazyAdamTest {

    /** Entries 4 and 6 are below LazyAdam.SMALLEST_GRADIENT (their squares would be denormal), 5 just above. */
    private static final float[] GRADIENT = {0.5f, 0f, -2f, 0f, 1e-30f, 2e-17f, -1e-18f, -0f};

    /** The moments (m then v) and the update after {@code steps} applications of the same gradient. */
    private static INDArray[] apply(org.nd4j.linalg.learning.config.IUpdater config, int steps, float[] start) {
        INDArray state = Nd4j.create(DataType.FLOAT, 1, 2 * GRADIENT.length);
        state.assign(Nd4j.createFromArray(start).reshape(1, start.length));
        GradientUpdater updater = config.instantiate(state, false);
        INDArray update = null;
        for (int i = 0; i < steps; i++) {
            update = Nd4j.createFromArray(GRADIENT).reshape(1, GRADIENT.length);
            updater.applyUpdater(update, i, 0);
        }
        return new INDArray[] {state, update};
    }

    @Test
    void movesTheEntriesWithAGradientExactlyAsAdamDoesAndNoOthers() {
        float[] start = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f,
                0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f};
        INDArray[] lazy = apply(new LazyAdam(1e-2), 3, start);
        INDArray[] adam = apply(new Adam(1e-2), 3, start);
        for (int i = 0; i < GRADIENT.length; i++) {
            int m = i;
            int v = GRADIENT.length + i;
            if (Math.abs(GRADIENT[i]) > LazyAdam.SMALLEST_GRADIENT) {
                assertEquals(adam[0].getFloat(m), lazy[0].getFloat(m), "m of entry " + i);
                assertEquals(adam[0].getFloat(v), lazy[0].getFloat(v), "v of entry " + i);
                assertEquals(adam[1].getFloat(i), lazy[1].getFloat(i), "update of entry " + i);
            } else {
                assertEquals(start[m], lazy[0].getFloat(m), "m of entry " + i + " without a gradient that counts");
                assertEquals(start[v], lazy[0].getFloat(v), "v of entry " + i + " without a gradient");
                assertEquals(0f, lazy[1].getFloat(i), "update of entry " + i + " without a gradient");
                assertNotEquals(0f, adam[1].getFloat(i), "Adam moves entry " + i + " by its momentum");
            }
        }
    }

    @Test
    void survivesJsonAndModelSerializerWithItsMoments(@TempDir Path dir) throws Exception {
        MultiLayerConfiguration conf = SeedNetwork.builder().encoderSize(8).columns(16).activeColumns(2).cellsPerColumn(2)
                .decoderSize(8).updater(new LazyAdam(3e-3, 0.8, 0.99, 1e-7)).build();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 3);
        net.fit(x, x);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        assertEquals(new LazyAdam(3e-3, 0.8, 0.99, 1e-7),
                restored.getLayerWiseConfigurations().getConf(restored.getnLayers() - 1).getLayer()
                        .getUpdaterByParam("W"));
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        net.fit(x, x);
        restored.fit(x, x);
        assertEquals(net.params(), restored.params());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LazyAdam(1e-3, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new LazyAdam(1e-3, 0.9, 0.999, 0));
    }
}
