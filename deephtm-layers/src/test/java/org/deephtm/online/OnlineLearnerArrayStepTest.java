package org.deephtm.online;

import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code step(INDArray, INDArray)} reads its arrays' values in place where it can: whatever the
 * arrays' type, order or offset, it must learn what {@code step(float[], float[])} learns, and a
 * Step must keep its own step's values.
 */
class OnlineLearnerArrayStepTest {

    private static final int STREAMS = 2;
    private static final int INPUTS = 3;

    private static OnlineLearner learner() {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().inputs(INPUTS).outputs(INPUTS).columns(32)
                .activeColumns(2).cellsPerColumn(2).decoderSize(8).build());
        net.init();
        return new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
    }

    /** Step t's features of every stream, stream after stream. */
    private static float[] values(int t) {
        float[] v = new float[STREAMS * INPUTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(0.3 * t + i);
        }
        return v;
    }

    /** The values as [streams, inputs] in several layouts, each step another. */
    private static final List<Function<float[], INDArray>> LAYOUTS = List.of(
            v -> Nd4j.create(v, new long[] {STREAMS, INPUTS}, 'c'),
            v -> Nd4j.create(v, new long[] {STREAMS, INPUTS}, 'c').dup('f'),
            v -> Nd4j.create(v, new long[] {STREAMS, INPUTS}, 'c').castTo(DataType.DOUBLE),
            v -> {
                INDArray rows = Nd4j.zeros(DataType.FLOAT, STREAMS + 2, INPUTS);
                rows.get(NDArrayIndex.interval(1, 1 + STREAMS), NDArrayIndex.all())
                        .assign(Nd4j.create(v, new long[] {STREAMS, INPUTS}, 'c'));
                return rows.get(NDArrayIndex.interval(1, 1 + STREAMS), NDArrayIndex.all()); // offset view
            },
            v -> Nd4j.create(v, new long[] {STREAMS, INPUTS}, 'c').transpose().dup('c').transpose()); // strided

    @Test
    void theArrayCallLearnsWhatTheFloatCallLearnsWhateverTheArraysLayout() {
        OnlineLearner floats = learner();
        OnlineLearner arrays = learner();
        for (int t = 0; t < 30; t++) {
            float[] v = values(t);
            floats.step(v, v);
            INDArray x = LAYOUTS.get(t % LAYOUTS.size()).apply(v);
            OnlineLearner.Step step = arrays.step(x, x);
            assertArrayEquals(floats.prediction(), step.prediction().data().asFloat(), "step " + t);
            for (int s = 0; s < STREAMS; s++) {
                assertEquals(floats.anomaly(s), step.anomaly().getFloat(s), "step " + t + ", stream " + s);
            }
        }
    }

    @Test
    void aStepKeepsItsOwnValuesWhenReadAfterLaterSteps() {
        OnlineLearner learner = learner();
        List<OnlineLearner.Step> steps = new ArrayList<>();
        List<float[]> predictions = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            INDArray x = Nd4j.create(values(t), new long[] {STREAMS, INPUTS}, 'c');
            steps.add(learner.step(x, x));
            predictions.add(learner.prediction().clone());
        }
        for (int t = 0; t < 10; t++) {
            assertArrayEquals(predictions.get(t), steps.get(t).prediction().data().asFloat(), "step " + t);
            assertArrayEquals(new long[] {STREAMS, INPUTS}, steps.get(t).prediction().shape());
        }
    }
}
