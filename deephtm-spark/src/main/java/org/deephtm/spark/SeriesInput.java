package org.deephtm.spark;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.udf;

/**
 * The rows of many series, read into one {@code Dataset} of {@link #SCHEMA}: (series, position,
 * timestamp, value), the last two as text, read on the executors with the rules of the
 * {@code deephtm} command line ({@link OrderedSeries}).
 *
 * <p>Two layouts:
 * <ul>
 *   <li><b>One series per file</b>: a CSV file, or a folder of them (subfolders included), each
 *       with a header line, without a {@code series} column. The series is named after its file's
 *       path under the folder, without {@code .csv} ({@code realKnownCause/nyc_taxi}); its rows are
 *       taken in file order, as {@code deephtm anomaly} and {@code deephtm predict} take them.</li>
 *   <li><b>A long table</b> of (series, timestamp, value): a CSV file or folder whose header has the
 *       series column, or Parquet. Each series' rows are taken in timestamp order, rows with equal
 *       timestamps in the order of the input.</li>
 * </ul>
 * The position is {@code monotonically_increasing_id()} taken as the files are read: Spark reads
 * each file (or each of its splits, packed into partitions in offset order) from start to end, so
 * within a file it grows with the line.
 */
public final class SeriesInput {

    /** The columns of {@link #read}'s dataset. */
    public static final StructType SCHEMA = new StructType()
            .add("series", DataTypes.StringType, false)
            .add("position", DataTypes.LongType, false)
            .add("timestamp", DataTypes.StringType, true)
            .add("value", DataTypes.StringType, true);

    /** How the rows of one series are ordered. */
    public enum Order {
        /** As the file has them: one series per file. */
        FILE,
        /** By timestamp, then position: a long table. */
        TIME
    }

    /**
     * The rows read, and how each series' rows are ordered.
     *
     * @param rows    {@link #SCHEMA}'s columns
     * @param order   file order (one series per file) or time order (a long table)
     * @param layout  a sentence saying what was read, for the command's printout
     */
    public record Read(Dataset<Row> rows, Order order, String layout) {
    }

    private SeriesInput() {
    }

    /**
     * Reads {@code input}: a CSV or Parquet file, or a folder of them.
     *
     * @throws IllegalArgumentException when the input is missing, empty, mixes formats, or lacks a column
     */
    public static Read read(SparkSession spark, String input, Columns columns) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(path)) {
            throw new IllegalArgumentException("--input " + input + " does not exist: give a CSV or Parquet file, "
                    + "or a folder of them");
        }
        org.apache.hadoop.fs.Path qualified = fs.makeQualified(path);
        List<String> formats = formats(fs, qualified);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("--input " + input + " holds no .csv or .parquet file");
        }
        if (formats.size() > 1) {
            throw new IllegalArgumentException("--input " + input + " holds both .csv and .parquet files: give a "
                    + "folder of one format");
        }
        if (formats.get(0).equals("parquet")) {
            Dataset<Row> table = spark.read().parquet(qualified.toString());
            return new Read(table(table, columns, input), Order.TIME, "a Parquet long table");
        }
        Dataset<Row> csv = spark.read()
                .option("header", "true")
                .option("enforceSchema", "false") // every file's header must match the first's
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.csv")
                .csv(qualified.toString());
        if (Arrays.asList(csv.columns()).contains(columns.series())) {
            return new Read(table(csv, columns, input), Order.TIME, "a CSV long table");
        }
        requireColumns(csv, input, columns.timestamp(), columns.value());
        String folder = fs.getFileStatus(qualified).isDirectory() ? qualified.toUri().getPath() : null;
        Column series = udf((UDF1<String, String>) file -> seriesName(file, folder), DataTypes.StringType)
                .apply(input_file_name());
        Dataset<Row> rows = csv.select(
                series.as("series"),
                monotonically_increasing_id().as("position"),
                col(quoted(columns.timestamp())).cast(DataTypes.StringType).as("timestamp"),
                col(quoted(columns.value())).cast(DataTypes.StringType).as("value"));
        return new Read(rows, Order.FILE, "one series per CSV file");
    }

    /** The series of a file: its path under {@code folder} without {@code .csv} (its stem for a single file). */
    static String seriesName(String file, String folder) {
        String path = URI.create(file).getPath();
        String name = folder == null ? path.substring(path.lastIndexOf('/') + 1)
                : path.substring(folder.endsWith("/") ? folder.length() : folder.length() + 1);
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    private static Dataset<Row> table(Dataset<Row> table, Columns columns, String input) {
        requireColumns(table, input, columns.series(), columns.timestamp(), columns.value());
        return table.select(
                col(quoted(columns.series())).cast(DataTypes.StringType).as("series"),
                monotonically_increasing_id().as("position"),
                asText(table, columns.timestamp()).as("timestamp"),
                col(quoted(columns.value())).cast(DataTypes.StringType).as("value"));
    }

    /**
     * A timestamp column as text: strings as written; Spark timestamps as their wall-clock time
     * ({@code TIMESTAMP} in the session's time zone), which the command line's parser reads.
     */
    private static Column asText(Dataset<Row> table, String name) {
        Column c = col(quoted(name));
        if (table.schema().apply(name).dataType() instanceof StringType) {
            return c;
        }
        return c.cast(DataTypes.TimestampNTZType).cast(DataTypes.StringType);
    }

    private static void requireColumns(Dataset<Row> table, String input, String... names) {
        List<String> have = Arrays.asList(table.columns());
        for (String name : names) {
            if (!have.contains(name)) {
                throw new IllegalArgumentException("--input " + input + " has no column '" + name + "'; its columns "
                        + "are " + String.join(", ", have) + ": name the columns with --series, --timestamp and "
                        + "--column");
            }
        }
    }

    /** The formats under {@code path} (a file or a folder, searched through): "csv" and/or "parquet". */
    private static List<String> formats(FileSystem fs, org.apache.hadoop.fs.Path path) throws IOException {
        boolean csv = false;
        boolean parquet = false;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(path, true);
        while (files.hasNext()) {
            String name = files.next().getPath().getName().toLowerCase(Locale.ROOT);
            csv |= name.endsWith(".csv");
            parquet |= name.endsWith(".parquet");
        }
        return parquet && csv ? List.of("csv", "parquet") : parquet ? List.of("parquet") : csv ? List.of("csv")
                : List.of();
    }

    /** A column name as Spark's col() reads it literally (dots and spaces included). */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
