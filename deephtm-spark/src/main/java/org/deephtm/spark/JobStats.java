package org.deephtm.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;

/**
 * What the executors did, summed over the job's tasks. Spark applies an accumulator's updates
 * from a task that succeeded only, and once, so a retried task is not counted twice.
 */
public final class JobStats implements Serializable {

    private final LongAccumulator series;
    private final LongAccumulator rows;
    private final LongAccumulator buildNanos;
    private final LongAccumulator streamNanos;

    private JobStats(SparkContext spark) {
        series = spark.longAccumulator("series");
        rows = spark.longAccumulator("rows");
        buildNanos = spark.longAccumulator("model build nanoseconds");
        streamNanos = spark.longAccumulator("streaming nanoseconds");
    }

    /** New counters, registered with {@code spark}. */
    public static JobStats register(SparkContext spark) {
        return new JobStats(spark);
    }

    /** On an executor: one series done, its model built (or restored) and its rows streamed and saved. */
    void add(int seriesRows, long buildTime, long streamTime) {
        series.add(1);
        rows.add(seriesRows);
        buildNanos.add(buildTime);
        streamNanos.add(streamTime);
    }

    public long series() {
        return series.value();
    }

    public long rows() {
        return rows.value();
    }

    /** Seconds spent building or restoring the series' networks, summed over the executors' threads. */
    public double buildSeconds() {
        return buildNanos.value() / 1e9;
    }

    /** Seconds spent streaming the rows through them (and saving them), summed over the executors' threads. */
    public double streamSeconds() {
        return streamNanos.value() / 1e9;
    }
}
