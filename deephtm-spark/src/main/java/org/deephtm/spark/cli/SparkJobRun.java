package org.deephtm.spark.cli;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deephtm.spark.JobStats;
import org.deephtm.spark.ModelStore;
import org.deephtm.spark.SeriesInput;
import org.deephtm.spark.SeriesJob;
import org.deephtm.spark.SeriesRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code deephtm spark} run: starts Spark, reads the series, runs each through the model the
 * command makes, writes the rows, and prints where the time went.
 */
final class SparkJobRun {

    /** Makes the command's runner once the input is read. */
    interface RunnerFactory {
        SeriesRunner make(SeriesInput.Order order, ModelStore models, JobStats stats);
    }

    private SparkJobRun() {
    }

    static void run(String command, JobOptions o, RunnerFactory factory) throws IOException {
        SeriesJob.Format format = o.outputFormat();
        ModelStore models = null;
        if (o.models != null) {
            Files.createDirectories(o.models);
            if (!Files.isWritable(o.models)) {
                throw new IllegalArgumentException("--models " + o.models + " cannot be written: give a folder you "
                        + "can write to");
            }
            models = new ModelStore(o.models);
        }
        long start = System.nanoTime();
        SparkSession spark = session(command, o.master, o.conf);
        try {
            double startup = (System.nanoTime() - start) / 1e9;
            requireNewOutput(spark, o);
            SeriesInput.Read read = SeriesInput.read(spark, o.input, o.columns());
            JobStats stats = JobStats.register(spark.sparkContext());
            SeriesRunner runner = factory.make(read.order(), models, stats);
            int partitions = o.partitions != null ? o.partitions : 4 * spark.sparkContext().defaultParallelism();
            Dataset<Row> outputs = SeriesJob.outputs(read.rows(), runner, runner.schema(), partitions);
            long jobStart = System.nanoTime();
            SeriesJob.write(outputs, o.output, format, o.overwrite);
            double job = (System.nanoTime() - jobStart) / 1e9;
            print(spark, read, stats, partitions, startup, job);
            System.out.println("wrote: " + o.output + " (" + format.name().toLowerCase(Locale.ROOT) + ")");
            if (models != null) {
                System.out.println("saved: each series' stream in " + o.models.toAbsolutePath());
            }
        } catch (Exception e) {
            throw SparkErrors.unwrap(e);
        } finally {
            spark.stop();
        }
    }

    /**
     * A session on {@code master}, else on spark-submit's master, else on every local core, with
     * the {@code --conf} settings. A local session talks to itself over the loopback address only.
     */
    private static SparkSession session(String command, String master, Map<String, String> conf) {
        SparkSession.Builder builder = SparkSession.builder().appName("deephtm spark " + command);
        String effective = master != null ? master : new SparkConf().get("spark.master", "local[*]");
        builder.master(effective);
        if (effective.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    private static void requireNewOutput(SparkSession spark, JobOptions o) throws IOException {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(o.output);
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(out) && !o.overwrite) {
            throw new IllegalArgumentException("--output " + o.output + " exists: give a new folder, or --overwrite "
                    + "to replace it");
        }
    }

    private static void print(SparkSession spark, SeriesInput.Read read, JobStats stats, int partitions,
            double startup, double job) {
        int cores = spark.sparkContext().defaultParallelism();
        System.out.printf(Locale.ROOT, "%d series, %d rows (%s) in %.1f s: %.0f series-rows/s on %s (%d cores, "
                        + "%d partitions)%n", stats.series(), stats.rows(), read.layout(), startup + job,
                stats.rows() / (startup + job), spark.sparkContext().master(), cores, partitions);
        System.out.printf(Locale.ROOT, "  Spark start-up %.1f s, the job %.1f s; in the tasks, summed over the cores: "
                        + "building the models %.1f s, streaming the rows %.1f s, the rest (reading, shuffle, "
                        + "writing, waiting) %.1f s%n", startup, job, stats.buildSeconds(), stats.streamSeconds(),
                Math.max(0, cores * job - stats.buildSeconds() - stats.streamSeconds()));
    }
}
