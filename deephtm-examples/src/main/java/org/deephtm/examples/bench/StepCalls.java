package org.deephtm.examples.bench;

import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link OnlineLearner}'s two step calls cost, side by side on the default seed network on
 * the online engine: {@code step(float[], float[])}, and {@code step(INDArray, INDArray)} with the
 * arrays a DL4J user makes (a FLOAT array refilled each step, and a new DOUBLE array each step as
 * {@code Nd4j.create(new double[][] {{x}})} makes it). Each call learns a sine of period 20 and
 * reads the prediction and the anomaly score, except one that leaves the Step unread.
 *
 * <p>What you will see: the INDArray call costs what copying its values costs when its results
 * are not read; reading them costs ND4J's allocation of an array for each (tens of microseconds
 * on a busy machine), as does the user's own new array per step. The calls run in turns, round
 * after round, so that a machine busy with other work slows them alike; the speed is each call's
 * median over the rounds.
 */
public final class StepCalls {

    /**
     * One call's speed.
     *
     * @param call           what was called
     * @param stepsPerSecond median over the rounds
     * @param microsPerStep  its inverse
     */
    public record Speed(String call, double stepsPerSecond, double microsPerStep) {
    }

    /** A way of calling the learner at step {@code t} with the value {@code v}. */
    private interface Call {
        float step(OnlineLearner learner, float v);
    }

    private StepCalls() {
    }

    /**
     * @param rounds        rounds, each running every call
     * @param stepsPerRound timed steps of each call in each round
     * @param warmup        untimed steps of each call first
     */
    public static List<Speed> run(int rounds, int stepsPerRound, int warmup) {
        if (rounds < 1 || stepsPerRound < 1 || warmup < 0) {
            throw new IllegalArgumentException("rounds and steps must be >= 1 and warm-up >= 0, got " + rounds + ", "
                    + stepsPerRound + " and " + warmup);
        }
        // 1. The calls, each on a learner of its own (the same network, the same stream).
        float[] x = new float[1];
        INDArray reused = Nd4j.create(DataType.FLOAT, 1, 1);
        String[] names = {"step(float[], float[])", "step(INDArray, INDArray), a FLOAT array refilled",
                "  the same, reading the Step's prediction and anomaly",
                "step(INDArray, INDArray), a new DOUBLE array per step"};
        Call[] calls = {
            (learner, v) -> {
                x[0] = v;
                learner.step(x, x);
                return learner.prediction()[0] + learner.anomaly(0);
            },
            (learner, v) -> {
                reused.putScalar(0, 0, v);
                learner.step(reused, reused);
                return 0;
            },
            (learner, v) -> {
                reused.putScalar(0, 0, v);
                OnlineLearner.Step s = learner.step(reused, reused);
                return s.prediction().getFloat(0) + s.anomaly().getFloat(0);
            },
            (learner, v) -> {
                INDArray fresh = Nd4j.create(new double[][] {{v}});
                OnlineLearner.Step s = learner.step(fresh, fresh);
                return s.prediction().getFloat(0) + s.anomaly().getFloat(0);
            },
        };
        OnlineLearner[] learners = new OnlineLearner[calls.length];
        long[] t = new long[calls.length];
        for (int c = 0; c < calls.length; c++) {
            MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().build());
            net.init();
            learners[c] = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
            for (int i = 0; i < warmup; i++) {
                calls[c].step(learners[c], sine(t[c]++));
            }
        }

        // 2. Rounds: every call in turn, timed.
        double[][] speeds = new double[calls.length][rounds];
        float sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < calls.length; c++) {
                long start = System.nanoTime();
                for (int i = 0; i < stepsPerRound; i++) {
                    sink += calls[c].step(learners[c], sine(t[c]++));
                }
                speeds[c][r] = stepsPerRound / ((System.nanoTime() - start) / 1e9);
            }
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("a step gave NaN");
        }

        // 3. Each call's median speed.
        List<Speed> result = new ArrayList<>();
        for (int c = 0; c < calls.length; c++) {
            double[] sorted = speeds[c].clone();
            Arrays.sort(sorted);
            double median = sorted[rounds / 2];
            result.add(new Speed(names[c], median, 1e6 / median));
        }
        return result;
    }

    private static float sine(long t) {
        return (float) Math.sin(2 * Math.PI * t / 20);
    }
}
