package org.deephtm.tests.online;

import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process that does little but save: {@code SavingLoop <file> <marker>} learns a step, saves
 * the learner to {@code file}, and again, forever, writing the marker file after the first save.
 * The kill test kills it at random moments, nearly always in the middle of a save.
 */
public final class SavingLoop {

    private SavingLoop() {
    }

    /** The seed network's default sizes: a save of a few tens of MB, long enough to be killed in. */
    static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().seed(3).build());
        net.init();
        return net;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        OnlineLearner learner = new OnlineLearner(network(), 1, 1, OnlineLearner.Engine.FAST);
        float[] x = new float[1];
        for (long t = 0; ; t++) {
            x[0] = (float) Math.sin(t / 3.0);
            learner.step(x, x);
            learner.save(file);
            if (t == 0) {
                Files.writeString(marker, "saved");
            }
        }
    }
}
