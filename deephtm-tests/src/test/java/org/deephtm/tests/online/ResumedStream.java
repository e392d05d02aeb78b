package org.deephtm.tests.online;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stream of the resume tests, and a program that resumes it in a fresh JVM: {@code
 * ResumedStream <saved file> <engine> <first step> <end step> <output file>} restores the learner,
 * feeds the steps [first, end), and writes what it saw ({@link Record}).
 */
public final class ResumedStream {

    static final int STREAMS = 2;

    private ResumedStream() {
    }

    /** A small seed network, so that a hundred steps through DL4J take a second or two. */
    static MultiLayerNetwork network(int window, TemporalMemory.Connectivity connectivity) {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().encoderSize(16).columns(32).activeColumns(3)
                .cellsPerColumn(3).connectivity(connectivity)
                // segments count their hits and visits too, so the resumed stream needs them back
                .minHitRate(connectivity == TemporalMemory.Connectivity.SEGMENTS ? 0.5 : 0)
                .decoderSize(16).window(window).seed(7).build());
        net.init();
        return net;
    }

    /** Step t of every stream: a wave with a deterministic wobble, a function of t alone. */
    static float[] values(int t) {
        float[] x = new float[STREAMS];
        for (int b = 0; b < STREAMS; b++) {
            x[b] = (float) (Math.sin(2 * Math.PI * t / 13 + b) + 0.1 * Math.sin(7.3 * t + 2 * b));
        }
        return x;
    }

    /**
     * What a run gave: the predictions and anomaly scores of its steps, and the weights at its end.
     *
     * @param predictions [steps][streams]
     * @param anomalies   [steps][streams]
     * @param params      the network's flat parameters after the last step
     */
    record Record(float[][] predictions, float[][] anomalies, float[] params) {

        void write(Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                out.writeInt(predictions.length);
                for (int t = 0; t < predictions.length; t++) {
                    for (int b = 0; b < STREAMS; b++) {
                        out.writeFloat(predictions[t][b]);
                        out.writeFloat(anomalies[t][b]);
                    }
                }
                out.writeInt(params.length);
                for (float p : params) {
                    out.writeFloat(p);
                }
            }
        }

        static Record read(Path file) throws IOException {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                int steps = in.readInt();
                float[][] predictions = new float[steps][STREAMS];
                float[][] anomalies = new float[steps][STREAMS];
                for (int t = 0; t < steps; t++) {
                    for (int b = 0; b < STREAMS; b++) {
                        predictions[t][b] = in.readFloat();
                        anomalies[t][b] = in.readFloat();
                    }
                }
                float[] params = new float[in.readInt()];
                for (int i = 0; i < params.length; i++) {
                    params[i] = in.readFloat();
                }
                return new Record(predictions, anomalies, params);
            }
        }
    }

    /** Feeds steps [from, to) to {@code learner} and records them. */
    static Record feed(OnlineLearner learner, int from, int to) {
        float[][] predictions = new float[to - from][];
        float[][] anomalies = new float[to - from][STREAMS];
        for (int t = from; t < to; t++) {
            float[] x = values(t);
            learner.step(x, x);
            predictions[t - from] = learner.prediction().clone();
            for (int b = 0; b < STREAMS; b++) {
                anomalies[t - from][b] = learner.anomaly(b);
            }
        }
        return new Record(predictions, anomalies, learner.network().params().dup().data().asFloat());
    }

    public static void main(String[] args) throws IOException {
        OnlineLearner learner = OnlineLearner.restore(Path.of(args[0]), OnlineLearner.Engine.valueOf(args[1]));
        feed(learner, Integer.parseInt(args[2]), Integer.parseInt(args[3])).write(Path.of(args[4]));
    }
}
