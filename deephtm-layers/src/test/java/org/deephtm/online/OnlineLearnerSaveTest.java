package org.deephtm.online;

import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link OnlineLearner#save} leaves on disk: an ordinary DL4J model file with the learner's
 * and the application's objects in it, with the permissions any file made in its folder gets, and
 * nothing beside it.
 */
class OnlineLearnerSaveTest {

    @TempDir
    Path dir;

    private static OnlineLearner learnedFor(int steps) {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().columns(32).activeColumns(2)
                .cellsPerColumn(2).decoderSize(8).build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        float[] x = new float[1];
        for (int t = 0; t < steps; t++) {
            x[0] = (float) Math.sin(t / 3.0);
            learner.step(x, x);
        }
        return learner;
    }

    @Test
    void theSaveIsADl4jModelFileHoldingTheWeightsTheUpdaterAndTheAttachments() throws IOException {
        OnlineLearner learner = learnedFor(30);
        Path file = dir.resolve("stream.zip");
        learner.save(file, Map.of("rows", 30L, "name", "the series"));

        MultiLayerNetwork trained = learner.network();
        MultiLayerNetwork loaded = MultiLayerNetwork.load(file.toFile(), true);
        assertEquals(trained.getLayerWiseConfigurations(), loaded.getLayerWiseConfigurations());
        assertEquals(trained.params(), loaded.params());
        assertEquals(trained.getUpdater().getStateViewArray(), loaded.getUpdater().getStateViewArray());
        assertEquals(30L, (Long) ModelSerializer.getObjectFromFile(file.toFile(), "rows"));
        assertEquals("the series", OnlineLearner.attachment(file, "name", String.class));
        assertEquals(30, OnlineLearner.restore(file).steps());
    }

    @Test
    void theSaveHasThePermissionsOfAFileMadeNormallyInItsFolderAndNothingIsLeftBesideIt() throws IOException {
        Path normal = Files.writeString(dir.resolve("normal.txt"), "made as any program makes a file");
        Path file = dir.resolve("stream.zip");
        OnlineLearner learner = learnedFor(3);
        learner.save(file);
        learner.save(file); // over the first

        assertEquals(Files.getPosixFilePermissions(normal), Files.getPosixFilePermissions(file),
                "the user's umask applies, not a temporary file's 0600");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no partial file is left");
        }
    }
}
