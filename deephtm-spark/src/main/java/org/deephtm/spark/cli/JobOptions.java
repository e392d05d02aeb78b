package org.deephtm.spark.cli;

import org.deephtm.spark.Columns;
import org.deephtm.spark.SeriesJob;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options every {@code deephtm spark} command shares: where the rows come from and go to, and where it runs. */
final class JobOptions {

    @Option(names = "--input", required = true, paramLabel = "DIR|FILE",
            description = "A folder of CSV files, one series each (named after the file), or a long table of "
                    + "(series, timestamp, value) rows: CSV with a series column, or Parquet; a file or a folder.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Output folder: the rows of every series, with the columns of the single-series command "
                    + "after a series column.")
    String output;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--master", paramLabel = "local[N]|URL",
            description = "Where Spark runs: local[N] (N threads in this process), or a cluster's URL (spark://host:"
                    + "7077, yarn, k8s://...) (default: spark-submit's, or local[*]).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, as spark-submit's --conf (repeatable): e.g. spark.executor.memory=4g, "
                    + "spark.ui.enabled=false.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions the series are spread over; more than the cores, so that long series even out "
                    + "(default: 4 x Spark's default parallelism, 8 for local[2]).")
    Integer partitions;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Continue each series' stream from its save in DIR and save it there after this batch "
                    + "(one folder per series); a folder every executor sees at the same path. Without it, every "
                    + "series starts afresh and nothing is kept.")
    Path models;

    @Option(names = "--series", defaultValue = "series", paramLabel = "NAME",
            description = "Column of the series id in a long table (default: ${DEFAULT-VALUE}).")
    String seriesColumn;

    @Option(names = "--timestamp", defaultValue = "timestamp", paramLabel = "NAME",
            description = "Column of the timestamps (default: ${DEFAULT-VALUE}).")
    String timestampColumn;

    @Option(names = "--column", defaultValue = "value", paramLabel = "NAME",
            description = "Column of the values (default: ${DEFAULT-VALUE}).")
    String valueColumn;

    Columns columns() {
        return new Columns(seriesColumn, timestampColumn, valueColumn);
    }

    SeriesJob.Format outputFormat() {
        return SeriesJob.Format.parse(format);
    }
}
