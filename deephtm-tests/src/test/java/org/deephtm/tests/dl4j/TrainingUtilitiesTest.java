package org.deephtm.tests.dl4j;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.runtime.SpatialPoolerRuntime;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.LocalFileModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.deeplearning4j.optimize.listeners.CollectScoresListener;
import org.deeplearning4j.optimize.listeners.PerformanceListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's training utilities on a network with DeepHTM layers, used as their documentation shows:
 * early stopping, listeners, checkpoints, regression evaluation, transfer learning, and the Java
 * serialization of configurations that Spark training relies on.
 */
class TrainingUtilitiesTest {

    static {
        // The examples' logging configuration shows warnings only; these listeners report at INFO.
        System.setProperty("org.slf4j.simpleLogger.log.org.deeplearning4j.optimize.listeners", "info");
    }

    private static final long SEED = 13;

    /** Sequences whose targets are a fixed function of the inputs: learnable, so scores move. */
    private static DataSet sequences(int examples, int steps) {
        INDArray x = Nd4j.rand(DataType.FLOAT, examples, SmallNetworks.INPUTS, steps);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, SmallNetworks.OUTPUTS), NDArrayIndex.all())
                .mul(0.5).add(0.2);
        return new DataSet(x, y);
    }

    private static DataSetIterator iterator(DataSet data, int batch) {
        return new ListDataSetIterator<>(data.asList(), batch);
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE));
        net.init();
        return net;
    }

    @Test
    void earlyStoppingKeepsTheBestModelAndItsScoreIsReproducible(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        DataSetIterator train = iterator(sequences(8, 6), 4);
        DataSetIterator test = iterator(sequences(4, 6), 4);

        EarlyStoppingConfiguration<MultiLayerNetwork> esConf = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(4))
                .scoreCalculator(new DataSetLossCalculator(test, true))
                .evaluateEveryNEpochs(1)
                .modelSaver(new LocalFileModelSaver(dir.toString()))
                .build();
        EarlyStoppingTrainer trainer = new EarlyStoppingTrainer(esConf, SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE),
                train);
        EarlyStoppingResult<MultiLayerNetwork> result = trainer.fit();

        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition, result.getTerminationReason());
        assertEquals(4, result.getTotalEpochs());
        double best = result.getScoreVsEpoch().values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        // The best score is read from scoreVsEpoch: getBestModelScore() is the reloaded model's
        // score() (Dl4jDefectsTest.earlyStoppingReportsTheReloadedModelsScoreAsTheBestScore).
        assertEquals(best, result.getScoreVsEpoch().get(result.getBestModelEpoch()), 0.0);

        MultiLayerNetwork bestModel = result.getBestModel(); // read back from the saver's file
        assertInstanceOf(SpatialPoolerRuntime.class, bestModel.getLayer(1));
        assertEquals(best, new DataSetLossCalculator(test, true).calculateScore(bestModel), 1e-6,
                "the model kept is the one that scored best");
    }

    /** ScoreIterationListener and PerformanceListener print what CollectScoresListener records. */
    @Test
    void scoreAndPerformanceListenersReportEveryIteration() {
        assertTrue(LoggerFactory.getLogger(ScoreIterationListener.class).isInfoEnabled(),
                "the listeners' logger must report at INFO for this test");
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = network();
        CollectScoresListener collected = new CollectScoresListener(1);
        net.setListeners(new ScoreIterationListener(1), new PerformanceListener(1, true), collected);
        DataSet data = sequences(4, 6);

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 5; i++) {
                net.fit(data);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        Map<Integer, Double> printed = new HashMap<>();
        Matcher score = Pattern.compile("Score at iteration (\\d+) is ([-+0-9.eE]+)").matcher(log);
        while (score.find()) {
            printed.put(Integer.parseInt(score.group(1)), Double.parseDouble(score.group(2)));
        }
        assertEquals(5, printed.size(), log);
        for (int i = 0; i < 5; i++) {
            int iteration = collected.getListIteration().getInt(i);
            assertEquals(collected.getListScore().getDouble(i), printed.get(iteration), 1e-9);
        }

        Matcher performance = Pattern.compile("iteration (\\d+); iteration time: \\d+ ms; samples/sec: ([0-9.]+);"
                + " batches/sec: [0-9.]+; score: ([-+0-9.eE]+);").matcher(log);
        int reports = 0;
        while (performance.find()) {
            int iteration = Integer.parseInt(performance.group(1));
            assertEquals(printed.get(iteration), Double.parseDouble(performance.group(3)), 1e-9);
            reports++;
        }
        assertTrue(reports >= 4, "PerformanceListener reports every iteration after the first: " + log);
    }

    @Test
    void checkpointListenerRestoresTheNetworkAsItWasAtTheCheckpoint(@TempDir Path dir) {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = network();
        Map<Integer, INDArray[]> snapshots = new HashMap<>();
        BaseTrainingListener recorder = new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                MultiLayerNetwork m = (MultiLayerNetwork) model;
                snapshots.put(iteration, new INDArray[] {m.params().dup(), m.getUpdater().getStateViewArray().dup()});
            }
        };
        net.setListeners(new CheckpointListener.Builder(dir.toFile()).keepLast(2).saveEveryNIterations(4).build(),
                recorder);
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            batches.add(sequences(2, 6));
        }
        batches.forEach(net::fit);

        List<Checkpoint> checkpoints = CheckpointListener.availableCheckpoints(dir.toFile());
        assertEquals(2, checkpoints.size(), "keepLast(2)");
        Checkpoint last = CheckpointListener.lastCheckpoint(dir.toFile());
        MultiLayerNetwork restored = CheckpointListener.loadLastCheckpointMLN(dir.toFile());
        INDArray[] atCheckpoint = snapshots.get(last.getIteration());
        assertEquals(atCheckpoint[0], restored.params(), "weights, duty cycles and pool at iteration "
                + last.getIteration());
        assertEquals(atCheckpoint[1], restored.getUpdater().getStateViewArray(), "Adam's state");

        // The checkpoint is written before DL4J counts the iteration it was written in
        // (Dl4jDefectsTest.checkpointsAreSavedBeforeTheIterationIsCounted): count it, then replaying
        // the batches that followed ends exactly where the original network ended.
        restored.getLayerWiseConfigurations().setIterationCount(last.getIteration() + 1);
        for (int i = last.getIteration() + 1; i < batches.size(); i++) {
            restored.fit(batches.get(i));
        }
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
    }

    @Test
    void regressionEvaluationOfPredictionsMatchesTheSquaredErrorsByHand() {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = network();
        DataSet train = sequences(8, 6);
        for (int i = 0; i < 10; i++) {
            net.fit(train);
        }
        DataSet test = sequences(4, 6);
        INDArray predictions = net.output(test.getFeatures());

        RegressionEvaluation eval = new RegressionEvaluation(SmallNetworks.OUTPUTS);
        eval.evalTimeSeries(test.getLabels(), predictions);
        INDArray squaredErrors = Transforms.pow(predictions.sub(test.getLabels()), 2);
        for (int column = 0; column < SmallNetworks.OUTPUTS; column++) {
            double byHand = squaredErrors.get(NDArrayIndex.all(), NDArrayIndex.point(column), NDArrayIndex.all())
                    .meanNumber().doubleValue();
            assertEquals(byHand, eval.meanSquaredError(column), 1e-6, "column " + column);
        }

        // doEvaluation rather than evaluateRegression: ListDataSetIterator cannot count the outcomes
        // of sequences (Dl4jDefectsTest.listDataSetIteratorCannotCountSequenceOutcomes).
        RegressionEvaluation fromIterator = net.doEvaluation(iterator(test, 2),
                new RegressionEvaluation(SmallNetworks.OUTPUTS))[0];
        assertEquals(eval.averageMeanSquaredError(), fromIterator.averageMeanSquaredError(), 1e-6);
        assertEquals(eval.averagecorrelationR2(), fromIterator.averagecorrelationR2(), 1e-4, "accumulated in float");
    }

    /**
     * The encoder and the spatial pooler frozen (weights, duty cycles and pool unchanged), the
     * temporal memory and a new decoder head trained for a new target of 3 values.
     */
    @Test
    void transferLearningFreezesEncoderAndSpatialPoolerAndRetrainsTheDecoder(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork pretrained = network();
        DataSet data = sequences(4, 6);
        for (int i = 0; i < 3; i++) {
            pretrained.fit(data);
        }
        MultiLayerNetwork retrained = new TransferLearning.Builder(pretrained)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(5e-3)).seed(SEED).build())
                .setFeatureExtractor(1)
                .nOutReplace(4, 3, WeightInit.XAVIER)
                .build();
        assertInstanceOf(FrozenLayer.class, retrained.getLayer(0));
        assertInstanceOf(FrozenLayer.class, retrained.getLayer(1));

        INDArray encoder = retrained.getLayer(0).params().dup();
        INDArray spatialPooler = retrained.getLayer(1).params().dup();
        INDArray temporalMemory = retrained.getLayer(2).params().dup();
        INDArray decoder = retrained.getLayer(3).params().dup();
        assertEquals(pretrained.getLayer(1).params(), spatialPooler, "starts from the pretrained pooler");

        INDArray x = data.getFeatures();
        INDArray newTarget = Nd4j.rand(DataType.FLOAT, 4, 3, 6);
        double before = retrained.score(new DataSet(x, newTarget));
        for (int i = 0; i < 20; i++) {
            retrained.fit(x, newTarget);
        }
        assertEquals(encoder, retrained.getLayer(0).params(), "frozen encoder");
        assertEquals(spatialPooler, retrained.getLayer(1).params(), "frozen weights, duty cycles and pool");
        assertNotEquals(temporalMemory, retrained.getLayer(2).params());
        assertNotEquals(decoder, retrained.getLayer(3).params());
        assertTrue(retrained.score(new DataSet(x, newTarget)) < before, "the new head learns its target");

        // The frozen network is an ordinary model file.
        File file = dir.resolve("transferred.zip").toFile();
        ModelSerializer.writeModel(retrained, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        assertInstanceOf(FrozenLayer.class, restored.getLayer(1));
        assertEquals(retrained.output(x), restored.output(x));
    }

    /** Spark's SparkDl4jMultiLayer Java-serializes the configuration to send it to the executors. */
    @Test
    void configurationsSurviveJavaSerializationAsSparkTrainingNeeds() throws Exception {
        Nd4j.getRandom().setSeed(SEED);
        List<MultiLayerConfiguration> networks = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            networks.add(SmallNetworks.sequence(mode));
        }
        networks.add(SmallNetworks.images());
        for (MultiLayerConfiguration conf : networks) {
            MultiLayerConfiguration copy = javaRoundTrip(conf);
            assertEquals(conf, copy);
            MultiLayerNetwork original = new MultiLayerNetwork(conf);
            original.init();
            MultiLayerNetwork onExecutor = new MultiLayerNetwork(copy);
            onExecutor.init(original.params().dup(), false);
            INDArray x = conf.getConf(0).getLayer() instanceof ConvolutionLayer
                    ? Nd4j.rand(DataType.FLOAT, 2, 2, 5, 6) : Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 4);
            assertEquals(original.output(x), onExecutor.output(x));
        }
        for (ComputationGraphConfiguration conf : List.of(SmallNetworks.twoOutputs(BackpropType.Standard, 0),
                SmallNetworks.hierarchy())) {
            assertEquals(conf, javaRoundTrip(conf));
        }
        SpatialPooler sp = Mode.DECIMAL_PREDICTIVE.spatialPooler();
        assertEquals(sp, javaRoundTrip(sp));
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
