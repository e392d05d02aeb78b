package org.deephtm.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.network.Training;
import org.deephtm.networks.SeedNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on one local[2] session that retries a failed task once (local[2,2]): layouts, batches
 * of both models continued from their saves, and a task that fails after saving a model.
 */
class SeriesJobTest {

    private static final String[] SERIES = {"s0", "s1", "s2"}; // two partitions: one holds two series
    private static final int ROWS = 240;
    private static final int BATCHES = 2;

    @TempDir
    static Path dir;

    static SparkSession spark;
    static List<TestSeries.Line> all = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2,2]").appName("SeriesJobTest")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        for (int k = 0; k < SERIES.length; k++) {
            List<TestSeries.Line> lines = TestSeries.series(SERIES[k], k, ROWS);
            all.addAll(lines);
            TestSeries.writeFile(dir.resolve("files").resolve(SERIES[k] + ".csv"), lines);
            for (int b = 0; b < BATCHES; b++) {
                TestSeries.writeTable(dir.resolve("batch" + b).resolve(SERIES[k] + ".csv"),
                        lines.subList(b * ROWS / BATCHES, (b + 1) * ROWS / BATCHES));
            }
        }
        TestSeries.writeTable(dir.resolve("all.csv"), all);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The rows of each batch, run one after the other on a models folder without failures. */
    private static List<List<Row>> cleanBatches;

    /**
     * The detector with a small network (its saves are small) and a fixed probationary period, so
     * that batches can equal one run.
     */
    private static SeriesRunner runner(SeriesInput.Read read, ModelStore models) {
        AnomalyDetector.Settings settings = AnomalyDetector.Settings.defaults()
                .withNetwork(AnomalyDetector.Settings.defaults().network().columns(64).cellsPerColumn(4)
                        .decoderSize(64));
        return new AnomalyRunner(settings, 40, read.order(), Columns.defaults(), models,
                JobStats.register(spark.sparkContext()));
    }

    /** The forecaster with a small network, two rows ahead, with the time features. */
    private static SeriesRunner forecaster(SeriesInput.Read read, ModelStore models) {
        return new ForecastRunner(SeedNetwork.builder().columns(64).cellsPerColumn(4).decoderSize(64),
                Training.defaults(), 2, true, read.order(), Columns.defaults(), models,
                JobStats.register(spark.sparkContext()));
    }

    private interface Runners {
        SeriesRunner make(SeriesInput.Read read, ModelStore models);
    }

    /** Runs the job on {@code input} (optionally through {@code wrap}) and returns its rows, by series then time. */
    private static List<Row> run(Path input, ModelStore models, Wrapper wrap) throws IOException {
        return run(input, models, wrap, SeriesJobTest::runner);
    }

    private static List<Row> run(Path input, ModelStore models, Wrapper wrap, Runners runners) throws IOException {
        SeriesInput.Read read = SeriesInput.read(spark, input.toString(), Columns.defaults());
        SeriesRunner runner = runners.make(read, models);
        Path out = Files.createTempDirectory(dir, "out").resolve("rows");
        SeriesJob.write(SeriesJob.outputs(read.rows(), wrap == null ? runner : wrap.around(runner), runner.schema(),
                2), out.toString(), SeriesJob.Format.PARQUET, false);
        return spark.read().parquet(out.toString()).orderBy("series", "timestamp").collectAsList();
    }

    private interface Wrapper {
        FlatMapGroupsFunction<String, Row, Row> around(SeriesRunner runner);
    }

    @Test
    void aShuffledParquetTableScoresAsTheFilesDo() throws IOException {
        List<Row> shuffled = new ArrayList<>();
        for (TestSeries.Line l : all) {
            shuffled.add(org.apache.spark.sql.RowFactory.create(l.series(),
                    java.time.LocalDateTime.parse(l.timestamp(), TestSeries.TIME), Double.parseDouble(l.value())));
        }
        Collections.shuffle(shuffled, new Random(7));
        Path table = dir.resolve("table.parquet");
        spark.createDataFrame(shuffled, new org.apache.spark.sql.types.StructType()
                        .add("series", DataTypes.StringType).add("timestamp", DataTypes.TimestampNTZType)
                        .add("value", DataTypes.DoubleType))
                .repartition(3).write().parquet(table.toString());
        assertEquals(run(dir.resolve("files"), null, null), run(table, null, null));
    }

    private static synchronized List<List<Row>> cleanBatches() throws IOException {
        if (cleanBatches == null) {
            ModelStore models = new ModelStore(dir.resolve("models-clean"));
            cleanBatches = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                cleanBatches.add(run(dir.resolve("batch" + b), models, null));
            }
        }
        return cleanBatches;
    }

    @Test
    void batchesContinuedFromSavedModelsEqualOneRun() throws IOException {
        assertEquals(run(dir.resolve("all.csv"), null, null), bySeriesThenTime(cleanBatches()));
        try (Stream<Path> saves = Files.list(dir.resolve("models-clean").resolve("s0"))) {
            assertEquals(BATCHES, saves.count(), "the last batch's save and the one it resumed");
        }
    }

    @Test
    void forecastBatchesContinuedFromSavedModelsEqualOneRun() throws IOException {
        ModelStore models = new ModelStore(dir.resolve("models-forecast"));
        List<List<Row>> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            batches.add(run(dir.resolve("batch" + b), models, null, SeriesJobTest::forecaster));
        }
        // The second batch's first rows carry the predictions the first batch made for them.
        assertTrue(batches.get(1).stream().noneMatch(r -> r.isNullAt(r.fieldIndex("prediction"))));
        assertEquals(run(dir.resolve("all.csv"), null, null, SeriesJobTest::forecaster), bySeriesThenTime(batches));
    }

    private static List<Row> bySeriesThenTime(List<List<Row>> batches) {
        List<Row> rows = new ArrayList<>();
        batches.forEach(rows::addAll);
        rows.sort((x, y) -> x.getString(0).equals(y.getString(0))
                ? x.getAs("timestamp").toString().compareTo(y.getAs("timestamp").toString())
                : x.getString(0).compareTo(y.getString(0)));
        return rows;
    }

    @Test
    void aTaskRetriedAfterSavingAModelNeitherLosesNorRepeatsRows() throws IOException {
        ModelStore retried = new ModelStore(dir.resolve("models-retried"));
        Path injected = dir.resolve("failure-injected");
        for (int b = 0; b < BATCHES; b++) {
            // The second batch resumes the first's saves: its retried task must resume them again, not its own.
            List<Row> actual = run(dir.resolve("batch" + b), retried,
                    b == 1 ? runner -> new FailAfterSecondSeries(runner, injected.toString()) : null);
            assertEquals(cleanBatches().get(b), actual, "batch " + b);
            assertEquals(SERIES.length * ROWS / BATCHES, actual.size());
        }
        assertTrue(Files.exists(injected), "a task failed on its first attempt, after saving a model");
    }

    @Test
    void aFileSplitOverPartitionsKeepsItsOrder() throws IOException {
        List<TestSeries.Line> backwards = new ArrayList<>(TestSeries.series("back", 9, 1500));
        Collections.reverse(backwards); // file order is not time order
        TestSeries.writeFile(dir.resolve("split").resolve("back.csv"), backwards);
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096");
        try {
            SeriesInput.Read read = SeriesInput.read(spark, dir.resolve("split").toString(), Columns.defaults());
            assertTrue(read.rows().rdd().getNumPartitions() > 4, "the file is read in splits");
            List<Row> rows = new ArrayList<>(read.rows().filter(col("series").equalTo("back")).collectAsList());
            Collections.shuffle(rows, new Random(3));
            OrderedSeries s = OrderedSeries.of("back", rows.iterator(), read.order(), Columns.defaults());
            assertEquals(backwards.stream().map(TestSeries.Line::timestamp).toList(), List.of(s.timestamps()));
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    /**
     * Fails the first attempt of the first task that reaches its second series, after that series'
     * model is saved and the first series' rows are written.
     */
    static final class FailAfterSecondSeries implements FlatMapGroupsFunction<String, Row, Row> {
        private final SeriesRunner runner;
        private final String marker;
        private int groups;

        FailAfterSecondSeries(SeriesRunner runner, String marker) {
            this.runner = runner;
            this.marker = marker;
        }

        @Override
        public Iterator<Row> call(String series, Iterator<Row> rows) throws Exception {
            Iterator<Row> out = runner.call(series, rows);
            if (TaskContext.get().attemptNumber() == 0 && ++groups == 2 && claim()) {
                throw new IllegalStateException("injected failure after series " + series);
            }
            return out;
        }

        private boolean claim() throws IOException {
            try {
                Files.createFile(Path.of(marker));
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
    }
}
