package org.deephtm.tests.dl4j;

import org.datavec.api.records.reader.SequenceRecordReader;
import org.datavec.api.records.reader.impl.csv.CSVSequenceRecordReader;
import org.datavec.api.split.NumberedFileInputSplit;
import org.deephtm.networks.SeedNetwork;
import org.deeplearning4j.datasets.datavec.SequenceRecordReaderDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DataVec feeding a DeepHTM network: a time series in CSV files is read by
 * {@code CSVSequenceRecordReader}, paired with its next value by
 * {@code SequenceRecordReaderDataSetIterator}, standardised by a normalizer fitted on the training
 * part only, learned, and predicted on the test part in the series' own units.
 */
class CsvSequenceIngestionTest {

    /** The training part, 240 hourly values, as 12 sequences of 20 steps (one CSV file each). */
    private static final int TRAIN_FILES = 24;
    private static final int STEPS_PER_FILE = 10;
    private static final int TRAIN_STEPS = TRAIN_FILES * STEPS_PER_FILE;
    /** The test part, the 48 values that follow, in one file. */
    private static final int TEST_STEPS = 48;

    /** 50 + 10 sin(2 pi t / 24): a daily cycle sampled hourly. */
    private static double series(int t) {
        return 50 + 10 * Math.sin(2 * Math.PI * t / 24);
    }

    /** Writes series_0.csv ... series_11.csv (the training part) and series_12.csv (the test part), with headers. */
    private static void writeSeries(Path dir) throws IOException {
        for (int file = 0; file <= TRAIN_FILES; file++) {
            int from = file * STEPS_PER_FILE;
            int to = file < TRAIN_FILES ? from + STEPS_PER_FILE : from + TEST_STEPS;
            List<String> lines = new ArrayList<>(List.of("value"));
            for (int t = from; t < to; t++) {
                lines.add(String.format(Locale.ROOT, "%.6f", series(t)));
            }
            Files.write(dir.resolve("series_" + file + ".csv"), lines);
        }
    }

    /**
     * Features are the values from the first row, labels the values from the second: aligned at
     * the start, each step's label is the next value, and the last step, which has none, is masked.
     */
    private static DataSetIterator nextValueIterator(Path dir, int first, int last) throws Exception {
        String pattern = dir.resolve("series_%d.csv").toString();
        SequenceRecordReader features = new CSVSequenceRecordReader(1, ",");
        features.initialize(new NumberedFileInputSplit(pattern, first, last));
        SequenceRecordReader labels = new CSVSequenceRecordReader(2, ",");
        labels.initialize(new NumberedFileInputSplit(pattern, first, last));
        return new SequenceRecordReaderDataSetIterator(features, labels, TRAIN_FILES, -1, true,
                SequenceRecordReaderDataSetIterator.AlignmentMode.ALIGN_START);
    }

    private static final int EPOCHS = 20;

    private static double rms(INDArray x) {
        return x.norm2Number().doubleValue() / Math.sqrt(x.length());
    }

    @Test
    void csvSeriesTrainsAndPredictsADeepHtmNetworkThroughANormalizer(@TempDir Path dir) throws Exception {
        writeSeries(dir);
        DataSetIterator train = nextValueIterator(dir, 0, TRAIN_FILES - 1);
        DataSetIterator test = nextValueIterator(dir, TRAIN_FILES, TRAIN_FILES);

        // The iterator's view of the training part: 12 sequences [12, 1, 20], the last step unlabelled.
        DataSet raw = train.next();
        train.reset();
        assertArrayEquals(new long[] {TRAIN_FILES, 1, STEPS_PER_FILE}, raw.getFeatures().shape());
        assertArrayEquals(new long[] {TRAIN_FILES, 1, STEPS_PER_FILE}, raw.getLabels().shape());
        assertEquals(series(1), raw.getLabels().getDouble(0, 0, 0), 1e-5, "the label of step 0 is value 1");
        assertEquals(TRAIN_FILES * (STEPS_PER_FILE - 1), raw.getLabelsMaskArray().sumNumber().intValue());

        // A normalizer fitted on the training part only, applied to both parts.
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fitLabel(true);
        normalizer.fit(train);
        train.setPreProcessor(normalizer);
        test.setPreProcessor(normalizer);
        INDArray trainValues = raw.getFeatures().reshape(TRAIN_STEPS);
        double trainMean = trainValues.meanNumber().doubleValue();
        assertEquals(trainMean, normalizer.getMean().getDouble(0), 1e-4);
        assertEquals(rms(trainValues.sub(trainMean)), normalizer.getStd().getDouble(0), 1e-3);

        MultiLayerNetwork net = new MultiLayerNetwork(SeedNetwork.builder().encoderSize(16).columns(32)
                .activeColumns(4).cellsPerColumn(2).decoderSize(16).window(STEPS_PER_FILE)
                .updater(new Adam(1e-2)).seed(3).build());
        net.init();
        net.fit(train, EPOCHS);

        // Predict the test part by continuing the stream from the last training sequence.
        train.reset();
        INDArray lastTrainingSequence = train.next().getFeatures().get(NDArrayIndex.interval(TRAIN_FILES - 1,
                TRAIN_FILES), NDArrayIndex.all(), NDArrayIndex.all());
        DataSet testPart = test.next();
        net.rnnClearPreviousState();
        net.rnnTimeStep(lastTrainingSequence);
        INDArray predicted = net.rnnTimeStep(testPart.getFeatures());
        normalizer.revertLabels(predicted);
        normalizer.revertLabels(testPart.getLabels());

        RegressionEvaluation eval = new RegressionEvaluation(1);
        eval.evalTimeSeries(testPart.getLabels(), predicted, testPart.getLabelsMaskArray());
        INDArray truth = testPart.getLabels().get(NDArrayIndex.point(0), NDArrayIndex.point(0),
                NDArrayIndex.interval(0, TEST_STEPS - 1));
        assertEquals(series(TRAIN_STEPS + 1), truth.getDouble(0), 1e-4, "labels are back in the series' units");
        double meanPredictorRmse = rms(truth.sub(trainMean));
        System.out.printf("test RMSE %.3f (predicting the training mean: %.3f)%n", eval.rootMeanSquaredError(0),
                meanPredictorRmse);
        assertTrue(eval.rootMeanSquaredError(0) < 0.5 * meanPredictorRmse,
                "the network predicts the cycle: RMSE " + eval.rootMeanSquaredError(0));

        // DL4J's own evaluation over the iterator (standardised units, each sequence from a zero state).
        RegressionEvaluation standardised = net.evaluateRegression(test);
        assertTrue(Double.isFinite(standardised.averagerootMeanSquaredError()));
    }
}
