package org.deephtm.engine;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deephtm.learning.LazyAdam;
import org.deephtm.online.OnlineLearner;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SEGMENTS memory on the online engine gives what the SameDiff layer gives through DL4J's own
 * machinery: predictions, anomaly scores, training losses, weights, updater state, and the
 * structure itself (each synapse's presynaptic cell, each segment's recency, hits and visits, the
 * winner cells),
 * at every step, across a reset and through eviction, for the memory's options.
 *
 * <p>Every {@value #RESYNC_EVERY} steps (a period that divides no window) the engine is handed the
 * DL4J network's exact state, so that float rounding cannot accumulate; a reset falls two steps
 * after a handover and four before the next, so an engine reset that kept its cells, its winners
 * or a pending example would show. The structure must match exactly; no step may differ.
 */
class SegmentEquivalenceTest {

    private static final int STEPS = 60;
    private static final int RESYNC_EVERY = 5;
    private static final int RESET_AT = 32;

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    record Case(String name, MultiLayerConfiguration conf, int streams, int horizon, int window) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Symbols through a spatial pooler into the memory and a softmax: the structure grows from the first steps. */
    private static MultiLayerConfiguration symbols(IUpdater updater, UnaryOperator<TemporalMemory.Builder> tm,
            int window) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(updater).list()
                .layer(new SpatialPooler.Builder().columns(20).activeColumns(3).boostStrength(0).build())
                .layer(tm.apply(new TemporalMemory.Builder().cellsPerColumn(3)
                        .connectivity(TemporalMemory.Connectivity.SEGMENTS).segmentsPerCell(2).synapsesPerSegment(5)
                        .newSynapses(3).predictionThreshold(0.3).output(TemporalMemory.Output.ACTIVE)
                        .columnPredictionLoss(10)).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(SYMBOLS)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(SYMBOLS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(window)
                .build();
    }

    /** The seed's shape: a dense decoder reads the memory, a regression target. */
    private static MultiLayerConfiguration decoded(UnaryOperator<TemporalMemory.Builder> tm) {
        return new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new SpatialPooler.Builder().columns(20).activeColumns(3).boostStrength(0).build())
                .layer(tm.apply(new TemporalMemory.Builder().cellsPerColumn(2)
                        .connectivity(TemporalMemory.Connectivity.SEGMENTS).segmentsPerCell(2).synapsesPerSegment(4)
                        .newSynapses(3).predictionThreshold(0.3)).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(SYMBOLS)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(SYMBOLS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(1)
                .build();
    }

    static List<Case> cases() {
        return List.of(
                new Case("active cells into a softmax, LazyAdam", symbols(new LazyAdam(2e-2), b -> b, 1), 1, 1, 1),
                new Case("predicted cells and an anomaly row into a dense decoder, Adam",
                        decoded(b -> b.output(TemporalMemory.Output.PREDICTIVE).anomalyOutput(true)), 1, 1, 1),
                new Case("one segment of three synapses per cell: eviction and full segments",
                        symbols(new Sgd(0.1), b -> b.segmentsPerCell(1).synapsesPerSegment(3).newSynapses(3), 1),
                        1, 1, 1),
                new Case("2 streams, window 3 (growth planned over the window)",
                        symbols(new LazyAdam(2e-2), b -> b, 3), 2, 1, 3),
                new Case("horizon 2, a looser match", symbols(new Adam(1e-2), b -> b.matchFraction(0.3), 1), 1, 2, 1),
                new Case("a minimum hit rate over 3 visits, 2 streams, window 3 (visits counted after the pass)",
                        symbols(new LazyAdam(2e-2), b -> b.minHitRate(0.6).hitRateWindow(3), 3), 2, 1, 3));
    }

    static final int SYMBOLS = 6;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineStepsEqualTheDl4jPathStructureIncluded(Case c) {
        MultiLayerNetwork reference = new MultiLayerNetwork(c.conf());
        reference.init();
        MultiLayerNetwork synced = reference.clone();
        OnlineLearner dl4j = new OnlineLearner(reference, c.horizon(), c.window(), OnlineLearner.Engine.DL4J);
        OnlineEngine engine = OnlineEngine.create(reference.clone(), c.streams(), c.horizon(), c.window());
        List<String> differences = new ArrayList<>();
        int trainingSteps = 0;
        INDArray before = reference.params().dup();
        for (int t = 0; t < STEPS; t++) {
            if (t % RESYNC_EVERY == 0) {
                EngineComparison.copyState(reference, synced);
                engine.readFrom(synced);
                before = reference.params().dup();
            }
            if (t == RESET_AT) {
                dl4j.reset();
                engine.reset();
            }
            float[] x = symbols(t, c.streams());
            dl4j.step(x, x);
            engine.step(x, x);
            engine.writeTo(synced);
            if (!Double.isNaN(dl4j.trainingLoss())) {
                trainingSteps++;
            }
            List<String> step = EngineComparison.differences(c.streams(), dl4j, engine, reference, synced, before,
                    Set.of(TemporalMemory.PRESYNAPTIC_KEY, TemporalMemory.RECENCY_KEY, TemporalMemory.HITS_KEY,
                            TemporalMemory.VISITS_KEY),
                    List.of(TemporalMemoryRuntime.STATE_CELLS, TemporalMemoryRuntime.STATE_WINNERS));
            if (!step.isEmpty()) {
                differences.add("step " + t + ": " + String.join("; ", step));
            }
        }
        assertTrue(trainingSteps >= STEPS / (c.window() + c.horizon()), "the case trains: " + trainingSteps);
        assertTrue(segments(reference) > 0, "the case grows segments");
        TemporalMemory tm = (TemporalMemory) reference.getLayer(1).conf().getLayer();
        if (tm.getMinHitRate() > 0) {
            assertTrue(silenced(reference, tm.getMinHitRate()) > 0, "the case silences segments below the hit rate");
        }
        assertTrue(differences.isEmpty(), c + ": the engine differs from DL4J at " + differences.size() + " of "
                + STEPS + " steps:\n" + String.join("\n", differences));
        assertEquals(reference.getIterationCount(), synced.getIterationCount(), "iteration count");
    }

    /** A stream of symbols with a repeating high-order pattern and a noise symbol now and then. */
    private static float[] symbols(int t, int streams) {
        int[] sequence = {0, 1, 2, 3, 4, 1, 2, 5};
        float[] x = new float[streams * SYMBOLS];
        for (int b = 0; b < streams; b++) {
            int s = (t * 7 + b) % 13 == 0 ? (t + b) % SYMBOLS : sequence[(t + 3 * b) % sequence.length];
            x[b * SYMBOLS + s] = 1;
        }
        return x;
    }

    /** Segments whose hit rate is below {@code minHitRate}: they match, but do not predict. */
    private static long silenced(MultiLayerNetwork net, double minHitRate) {
        INDArray recency = net.getLayer(1).getParam(TemporalMemory.RECENCY_KEY);
        INDArray hits = net.getLayer(1).getParam(TemporalMemory.HITS_KEY);
        INDArray visits = net.getLayer(1).getParam(TemporalMemory.VISITS_KEY);
        INDArray rate = hits.add(1).div(visits.add(1));
        INDArray silenced = rate.lt(minHitRate).castTo(DataType.INT).mul(recency.neq(0).castTo(DataType.INT));
        return silenced.sumNumber().longValue();
    }

    private static long segments(MultiLayerNetwork net) {
        INDArray recency = net.getLayer(1).getParam(TemporalMemory.RECENCY_KEY);
        return recency.neq(0).castTo(DataType.INT).sumNumber().longValue();
    }
}
