package org.deephtm.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.nab.AnomalyExperiment;
import org.deephtm.examples.nab.AnomalyScores;
import org.deephtm.examples.network.Checkpoints;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code deephtm anomaly} on each series: the streaming detector ({@link AnomalyDetector}, one
 * {@code handleRecord} per row) built and run as that command builds and runs it
 * ({@link AnomalyExperiment#detector}, {@link AnomalyExperiment#score}), writing its columns:
 * series, timestamp, value, raw_score, likelihood, error_likelihood (null when not scored), anomaly_score.
 */
public final class AnomalyRunner extends SeriesRunner {

    /** The output's columns: the series, then those of {@code deephtm anomaly}'s CSV. */
    public static final StructType SCHEMA = new StructType()
            .add("series", DataTypes.StringType, false)
            .add("timestamp", DataTypes.TimestampNTZType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("raw_score", DataTypes.DoubleType, false)
            .add("likelihood", DataTypes.DoubleType, false)
            .add("error_likelihood", DataTypes.DoubleType, true)
            .add("anomaly_score", DataTypes.DoubleType, false);

    private final AnomalyDetector.Settings settings;
    private final Integer probation;

    /**
     * @param settings  the detector, as {@code deephtm anomaly}'s options make it
     * @param probation rows of a new stream's probationary period; null for NAB's rule on the
     *                  series' first batch (15 % of its rows, at most 750)
     */
    public AnomalyRunner(AnomalyDetector.Settings settings, Integer probation, SeriesInput.Order order,
            Columns columns, ModelStore models, JobStats stats) {
        super(order, columns, models, stats);
        this.settings = settings;
        this.probation = probation;
    }

    @Override
    public StructType schema() {
        return SCHEMA;
    }

    @Override
    protected Output stream(OrderedSeries s, Checkpoints checkpoints) throws Exception {
        AnomalyDetector detector = AnomalyExperiment.detector(settings, probation, checkpoints.resume(), s.rows());
        long start = System.nanoTime();
        AnomalyScores scores = AnomalyExperiment.score(detector, s.times(), s.values(), checkpoints, rows -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Row> rows = new ArrayList<>(s.rows());
        for (int t = 0; t < s.rows(); t++) {
            rows.add(RowFactory.create(s.series(), s.times()[t], s.values()[t], scores.raw()[t],
                    scores.likelihood()[t], Double.isNaN(scores.errorLikelihood()[t]) ? null
                            : scores.errorLikelihood()[t], scores.finalScore()[t]));
        }
        return new Output(rows, seconds);
    }
}
