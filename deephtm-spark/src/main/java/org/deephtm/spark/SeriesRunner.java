package org.deephtm.spark;

import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.deephtm.examples.network.Checkpoints;

import java.util.Iterator;
import java.util.List;

/**
 * Runs one streaming model over one series' rows of a batch, on an executor: reads and orders the
 * rows ({@link OrderedSeries}), finds where the series' stream stands in the models folder
 * ({@link ModelStore}), streams the rows through the model and returns one output row per input
 * row. Subclasses say what the model is and what it writes ({@link #stream}, {@link #schema}).
 */
public abstract class SeriesRunner implements FlatMapGroupsFunction<String, Row, Row> {

    private final SeriesInput.Order order;
    private final Columns columns;
    private final ModelStore models;
    private final JobStats stats;

    /**
     * @param order   how the input orders a series' rows
     * @param columns the input's column names, for messages
     * @param models  the saved streams to continue and save, null to start every series afresh and keep nothing
     * @param stats   the job's counters
     */
    protected SeriesRunner(SeriesInput.Order order, Columns columns, ModelStore models, JobStats stats) {
        this.order = order;
        this.columns = columns;
        this.models = models;
        this.stats = stats;
    }

    /** The output's columns. */
    public abstract StructType schema();

    /**
     * The model's output for {@code series}: builds or restores the model, streams the rows and
     * saves as {@code checkpoints} asks.
     */
    protected abstract Output stream(OrderedSeries series, Checkpoints checkpoints) throws Exception;

    /**
     * @param rows          one output row per input row, in stream order
     * @param streamSeconds the time the rows took (with the save), the rest being the model's build
     */
    protected record Output(List<Row> rows, double streamSeconds) {
    }

    @Override
    public final Iterator<Row> call(String series, Iterator<Row> rows) throws Exception {
        OrderedSeries s = OrderedSeries.of(series, rows, order, columns);
        ModelStore.Batch batch = models == null ? null : models.batch(series, s.first(), s.last());
        long start = System.nanoTime();
        Output out = stream(s, batch == null ? Checkpoints.none() : batch.checkpoints());
        long streamNanos = (long) (out.streamSeconds() * 1e9);
        stats.add(s.rows(), System.nanoTime() - start - streamNanos, streamNanos);
        if (batch != null) {
            models.prune(batch);
        }
        return out.rows().iterator();
    }
}
