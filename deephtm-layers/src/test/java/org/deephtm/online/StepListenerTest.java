package org.deephtm.online;

import org.deephtm.engine.MemoryView;
import org.deephtm.engine.SparseRow;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a {@link StepListener} is told of each step, and the memory as {@link MemoryView} draws it. */
class StepListenerTest {

    /** A small seed network learning a wave of period 6, with the memory's connectivity and output asked for. */
    private static OnlineLearner learner(TemporalMemory.Connectivity connectivity, TemporalMemory.Output output,
            int window) {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().buckets(16).columns(32).activeColumns(3)
                .cellsPerColumn(4).connectivity(connectivity).memoryOutput(output).decoderSize(16).window(window)
                .learningRate(1e-2).build());
        net.init();
        return new OnlineLearner(net, 1, window, OnlineLearner.Engine.FAST);
    }

    private static float wave(int t) {
        return (float) Math.sin(2 * Math.PI * t / 6);
    }

    @Test
    void aListenerIsToldOfEveryStepWithItsPredictionTargetAndAnomaly() {
        OnlineLearner learner = learner(TemporalMemory.Connectivity.DENSE, TemporalMemory.Output.ACTIVE, 1);
        List<String> seen = new ArrayList<>();
        learner.addListener(step -> seen.add(step.index() + ":" + step.target(0, 0) + ":" + step.prediction(0, 0)
                + ":" + step.anomaly(0)));
        List<String> expected = new ArrayList<>();
        float[] x = new float[1];
        for (int t = 0; t < 20; t++) {
            x[0] = wave(t);
            learner.step(x, x);
            x[0] = Float.NaN; // the caller reuses its array: the step kept its own copy of the target
            expected.add(t + ":" + wave(t) + ":" + learner.prediction()[0] + ":" + learner.anomaly(0));
        }
        assertEquals(expected, seen);
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        OnlineLearner learner = learner(TemporalMemory.Connectivity.DENSE, TemporalMemory.Output.ACTIVE, 1);
        int[] calls = new int[1];
        StepListener counter = step -> calls[0]++;
        learner.addListener(counter);
        learner.step(new float[] {0.1f}, new float[] {0.1f});
        assertTrue(learner.removeListener(counter));
        assertFalse(learner.removeListener(counter));
        learner.step(new float[] {0.2f}, new float[] {0.2f});
        assertEquals(1, calls[0]);
    }

    /**
     * The columns' classes partition the active columns: each active column was either predicted
     * or bursts, and a column predicted but not active is one of the predicted columns only.
     */
    @ParameterizedTest
    @EnumSource(TemporalMemory.Connectivity.class)
    void everyActiveColumnWasPredictedOrBursts(TemporalMemory.Connectivity connectivity) {
        OnlineLearner learner = learner(connectivity, TemporalMemory.Output.ACTIVE, 1);
        int[] checked = new int[2];
        learner.addListener(step -> {
            MemoryView m = step.memory();
            int[] active = m.activeColumns(0).indices();
            int[] bursting = m.burstingColumns(0).indices();
            SparseRow predicted = m.predictedColumns(0);
            assertTrue(active.length <= 3, "at most the spatial pooler's winners: " + active.length);
            for (int c : active) {
                boolean bursts = Arrays.binarySearch(bursting, c) >= 0;
                assertTrue(bursts != predicted.contains(c), "column " + c + " at step " + step.index());
            }
            for (int c : bursting) {
                assertTrue(Arrays.binarySearch(active, c) >= 0, "a bursting column is active: " + c);
            }
            checked[0]++;
            checked[1] += bursting.length < active.length ? 1 : 0;
        });
        float[] x = new float[1];
        for (int t = 0; t < 300; t++) {
            x[0] = wave(t);
            learner.step(x, x);
        }
        assertEquals(300, checked[0]);
        assertTrue(checked[1] > 0, "the memory learned to predict some columns of the wave");
    }

    /** Every active column holds an active cell, and every active cell lies in an active column. */
    @ParameterizedTest
    @EnumSource(TemporalMemory.Connectivity.class)
    void activeCellsLieInTheActiveColumns(TemporalMemory.Connectivity connectivity) {
        OnlineLearner learner = learner(connectivity, TemporalMemory.Output.ACTIVE, 1);
        learner.addListener(step -> {
            MemoryView m = step.memory();
            int[] active = m.activeColumns(0).indices();
            SparseRow cells = m.activeCells(0);
            boolean[] hasCell = new boolean[m.columns()];
            for (int i = 0; i < cells.size(); i++) {
                int column = cells.index(i) / m.cellsPerColumn();
                assertTrue(Arrays.binarySearch(active, column) >= 0, "cell " + cells.index(i));
                hasCell[column] = true;
            }
            for (int c : active) {
                assertTrue(hasCell[c], "active column " + c + " has an active cell");
            }
        });
        float[] x = new float[1];
        for (int t = 0; t < 100; t++) {
            x[0] = wave(t);
            learner.step(x, x);
        }
    }

    /**
     * What the view says the memory predicts for the next step is what the next step finds
     * predicted, to the bit, whenever no training pass changed the weights in between (a window
     * of 3 trains every third step); with the ACTIVE output the view computes it, with the
     * PREDICTIVE output the kernel did.
     */
    @ParameterizedTest
    @EnumSource(TemporalMemory.Connectivity.class)
    void theNextStepsPredictionsAreThoseTheNextStepUses(TemporalMemory.Connectivity connectivity) {
        for (TemporalMemory.Output output : TemporalMemory.Output.values()) {
            OnlineLearner learner = learner(connectivity, output, 3);
            float[][] next = new float[1][];
            int[] compared = new int[1];
            learner.addListener(step -> {
                MemoryView m = step.memory();
                float[] now = new float[m.cells()];
                float[] ahead = new float[m.cells()];
                for (int n = 0; n < m.cells(); n++) {
                    now[n] = m.strength(0, n);
                    ahead[n] = m.nextStrength(0, n);
                }
                if (next[0] != null && Double.isNaN(step.trainingLoss())) {
                    assertArrayEquals(next[0], now, output + " step " + step.index());
                    compared[0]++;
                }
                next[0] = ahead;
                SparseRow listed = m.nextPredictedCells(0);
                for (int i = 0; i < listed.size(); i++) {
                    assertEquals(ahead[listed.index(i)], listed.value(i));
                }
            });
            float[] x = new float[1];
            for (int t = 0; t < 120; t++) {
                x[0] = wave(t);
                learner.step(x, x);
            }
            assertEquals(80, compared[0], "two of every three steps train nothing");
        }
    }

    @Test
    void segmentsListTheCellsTheyListenToWithTheirWeights() {
        OnlineLearner learner = learner(TemporalMemory.Connectivity.SEGMENTS, TemporalMemory.Output.ACTIVE, 1);
        List<MemoryView.Segment> found = new ArrayList<>();
        learner.addListener(step -> {
            MemoryView m = step.memory();
            assertTrue(m.hasSegments());
            SparseRow predicted = m.predictedCells(0);
            for (int i = 0; i < predicted.size() && found.isEmpty(); i++) {
                found.addAll(m.segments(predicted.index(i)));
            }
        });
        float[] x = new float[1];
        for (int t = 0; t < 200; t++) {
            x[0] = wave(t);
            learner.step(x, x);
        }
        assertFalse(found.isEmpty(), "a predicted cell has a segment");
        for (MemoryView.Segment s : found) {
            assertEquals(s.presynapticCells().length, s.weights().length);
            assertTrue(s.presynapticCells().length > 0);
            for (int cell : s.presynapticCells()) {
                assertTrue(cell >= 0 && cell < 32 * 4, "a cell of the memory: " + cell);
            }
        }
    }

    @Test
    void theDenseMemoryHasNoSegments() {
        OnlineLearner learner = learner(TemporalMemory.Connectivity.DENSE, TemporalMemory.Output.ACTIVE, 1);
        learner.addListener(step -> {
            assertFalse(step.memory().hasSegments());
            assertEquals(List.of(), step.memory().segments(0));
        });
        learner.step(new float[] {0.3f}, new float[] {0.3f});
    }

    @Test
    void onDl4jTheStepSaysWhyTheMemoryCannotBeViewed() {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().buckets(16).columns(32).activeColumns(3)
                .cellsPerColumn(2).decoderSize(8).build());
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.DL4J);
        String[] message = new String[1];
        learner.addListener(step -> {
            assertFalse(step.hasMemory());
            message[0] = assertThrows(IllegalStateException.class, step::memory).getMessage();
        });
        learner.step(new float[] {0.3f}, new float[] {0.3f});
        assertTrue(message[0].contains("viewed on the online engine; this learner steps on DL4J (as asked)"),
                message[0]);
    }

    @Test
    void aNetworkWithoutMemoryHasNoneToView() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(1))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(1).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        OnlineLearner learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        String[] message = new String[1];
        learner.addListener(step -> {
            assertTrue(Float.isNaN(step.anomaly(0)));
            message[0] = assertThrows(IllegalStateException.class, step::memory).getMessage();
        });
        learner.step(new float[] {0.3f}, new float[] {0.3f});
        assertEquals("the network has no TemporalMemory: there is no memory to view", message[0]);
    }

    @Test
    void askingForAStreamOrCellThatIsNotThereNamesIt() {
        OnlineLearner learner = learner(TemporalMemory.Connectivity.DENSE, TemporalMemory.Output.ACTIVE, 1);
        learner.addListener(step -> {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> step.memory().activeColumns(1));
            assertEquals("stream 1 of 1", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> step.memory().strength(0, 128));
            assertEquals("cell 128 of a memory of 128 cells", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> step.target(0, 1));
            assertEquals("output 1 of stream 0: the learner has 1 stream(s) of 1 output(s)", e.getMessage());
        });
        learner.step(new float[] {0.3f}, new float[] {0.3f});
        assertThrows(IllegalArgumentException.class, () -> learner.addListener(null));
    }
}
