package org.deephtm.spark;

import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;

import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * Many series, one model each: the rows of {@link SeriesInput} are shuffled so that each series
 * lands whole in one of {@code partitions} partitions, grouped by series, and each group runs
 * through its own model on the executor that holds it ({@code flatMapGroups}). Series run in
 * parallel across partitions and one after the other within one.
 *
 * <p>Retried tasks neither lose nor repeat rows: a task's output reaches the output folder only
 * when the task commits (Spark's file committer), a series' rows are ordered on the executor from
 * their position and timestamp whatever order the shuffle delivers them in, and its model starts
 * from the same save in every attempt ({@link ModelStore}).
 */
public final class SeriesJob {

    /** The output files' format. */
    public enum Format {
        CSV, PARQUET;

        /** csv or parquet, as the command line spells it. */
        public static Format parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + name + "': use csv or parquet");
            }
        }
    }

    /** The timestamps of CSV output, as {@code deephtm anomaly} writes them. */
    public static final String CSV_TIMESTAMP = "yyyy-MM-dd HH:mm:ss";

    private SeriesJob() {
    }

    /**
     * The output rows, unevaluated: {@code rows} ({@link SeriesInput#SCHEMA}) hash-partitioned by
     * series into {@code partitions} partitions, each series through {@code runner}.
     *
     * @param schema the runner's output columns
     */
    public static Dataset<Row> outputs(Dataset<Row> rows, FlatMapGroupsFunction<String, Row, Row> runner,
            StructType schema, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        // A repartition by number is kept as asked (adaptive execution would merge small partitions,
        // leaving cores idle: the rows are few bytes but the models are much work), and grouping by
        // the same column needs no second shuffle.
        return rows.repartition(partitions, col("series"))
                .groupBy(col("series"))
                .as(Encoders.STRING(), Encoders.row(SeriesInput.SCHEMA))
                .flatMapGroups(runner, Encoders.row(schema));
    }

    /** Runs the job: writes {@code outputs} to {@code folder}, replacing it when {@code overwrite}. */
    public static void write(Dataset<Row> outputs, String folder, Format format, boolean overwrite) {
        var writer = outputs.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        switch (format) {
            case CSV -> writer.option("header", "true").option("timestampNTZFormat", CSV_TIMESTAMP).csv(folder);
            case PARQUET -> writer.parquet(folder);
        }
    }
}
