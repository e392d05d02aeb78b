package org.deephtm.tests;

import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTM's signature test at HTM's size, online: 2048 columns with 40 active, 32 cells per column,
 * the segment memory, learning every step from a stream without resets. Pairs of sequences share
 * a middle of five symbols and differ at both ends ({@code A B C D E F G} and
 * {@code H B C D E F I}), in random order, each followed by a noise symbol (one class for all
 * noise). Predicting the last
 * symbol needs the first, six steps back: the segments must give each context its own cells. With
 * one cell per column the memory is first-order and can only guess between the two endings.
 */
class SegmentHighOrderTest {

    private static final int PAIRS = 3;
    private static final int NOISE = 2000;
    private static final int SYMBOLS = 9 * PAIRS;
    private static final int ELEMENTS = 6000;
    private static final int SCORED = 100;

    @Test
    void thirtyTwoCellsPerColumnLearnSixStepsOfContextAndOneCellCannot() {
        double many = accuracy(32);
        double one = accuracy(1);
        System.out.printf("segment memory, 2048 x 40, middle of 5, online: last symbol right %.2f with 32 cells per "
                + "column, %.2f with 1%n", many, one);
        assertTrue(many >= 0.95, "32 cells per column carry the context: " + many);
        assertTrue(one <= 0.75, "one cell per column is first-order, about chance between two endings: " + one);
    }

    /** Accuracy on the last {@value #SCORED} endings of a stream of {@value #ELEMENTS} elements. */
    private static double accuracy(int cellsPerColumn) {
        int classes = SYMBOLS + 1;
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().encoder(SeedNetwork.Encoder.NONE)
                .decoderSize(0).prediction(SeedNetwork.Prediction.CLASSES).inputs(CODE_BITS).outputs(classes)
                .columns(2048).activeColumns(40).cellsPerColumn(cellsPerColumn)
                .connectivity(TemporalMemory.Connectivity.SEGMENTS).learningRate(3e-2).memoryRateFactor(1 / 3.0)
                .seed(3).build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        float[][] codes = codes(SYMBOLS + NOISE, new Random(5));
        Random order = new Random(11);
        Deque<Boolean> right = new ArrayDeque<>();
        int[] next = sequence(order);
        int position = 0;
        int symbol = next[0];
        float[] target = new float[classes];
        for (int t = 0; t < ELEMENTS; t++) {
            Arrays.fill(target, 0f);
            target[Math.min(symbol, SYMBOLS)] = 1f;
            learner.step(codes[symbol], target);
            // the element after this one
            int following;
            boolean ending = false;
            if (position < next.length - 1) {
                following = next[++position];
                ending = position == next.length - 1;
            } else if (position == next.length - 1) {
                following = SYMBOLS + order.nextInt(NOISE);
                position++;
            } else {
                next = sequence(order);
                position = 0;
                following = next[0];
            }
            if (ending) {
                right.addLast(argmax(learner.prediction(), SYMBOLS) == following);
                if (right.size() > SCORED) {
                    right.removeFirst();
                }
            }
            symbol = following;
        }
        return right.stream().filter(b -> b).count() / (double) right.size();
    }

    private static final int CODE_BITS = 512;

    /** Pair p: sequence 2p is {@code a, m1..m5, e}, sequence 2p+1 {@code h, m1..m5, i}, nine symbols a pair. */
    private static int[] sequence(Random order) {
        int s = order.nextInt(2 * PAIRS);
        int b = 9 * (s / 2);
        return s % 2 == 0 ? new int[] {b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6}
                : new int[] {b + 7, b + 1, b + 2, b + 3, b + 4, b + 5, b + 8};
    }

    /** Random codes of 12 bits in {@value #CODE_BITS}, one per symbol. */
    private static float[][] codes(int symbols, Random random) {
        float[][] codes = new float[symbols][CODE_BITS];
        for (float[] code : codes) {
            for (int set = 0; set < 12; ) {
                int i = random.nextInt(CODE_BITS);
                if (code[i] == 0) {
                    code[i] = 1;
                    set++;
                }
            }
        }
        return codes;
    }

    private static int argmax(float[] p, int among) {
        int best = 0;
        for (int i = 1; i < among; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
