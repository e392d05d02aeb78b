package org.deephtm.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deephtm.examples.network.Checkpoints;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.predict.ForecastTarget;
import org.deephtm.examples.predict.PredictExperiment;
import org.deephtm.networks.SeedNetwork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deephtm predict} on each series: the seed network learning online and predicting the
 * value {@code horizon} rows ahead, run as that command runs it ({@link PredictExperiment#forecast}),
 * writing its columns: series, timestamp, value, prediction (the one made {@code horizon} rows
 * earlier, null where none was made), anomaly_score.
 */
public final class ForecastRunner extends SeriesRunner {

    /** The output's columns: the series, then those of {@code deephtm predict}'s CSV. */
    public static final StructType SCHEMA = new StructType()
            .add("series", DataTypes.StringType, false)
            .add("timestamp", DataTypes.TimestampNTZType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("prediction", DataTypes.DoubleType, true)
            .add("anomaly_score", DataTypes.DoubleType, false);

    private final SeedNetwork.Builder network;
    private final Training training;
    private final int horizon;
    private final boolean timeFeatures;
    private final String column;

    /**
     * @param network      the seed network's options, as {@code deephtm predict}'s make them
     * @param training     engine, optimizer, learning rate
     * @param horizon      rows ahead to predict
     * @param timeFeatures the time of day and day of week as inputs
     */
    public ForecastRunner(SeedNetwork.Builder network, Training training, int horizon, boolean timeFeatures,
            SeriesInput.Order order, Columns columns, ModelStore models, JobStats stats) {
        super(order, columns, models, stats);
        this.network = network.copy();
        this.training = training;
        this.horizon = horizon;
        this.timeFeatures = timeFeatures;
        this.column = columns.value();
        options(Path.of("check"), Checkpoints.none(), ForecastTarget.Kind.BLEND); // bad settings fail on the driver, before the job
    }

    @Override
    public StructType schema() {
        return SCHEMA;
    }

    @Override
    protected Output stream(OrderedSeries s, Checkpoints checkpoints) throws Exception {
        ForecastTarget.Kind predict = checkpoints.resume() == null ? ForecastTarget.Kind.BLEND
                : PredictExperiment.savedPrediction(checkpoints.resume());
        PredictExperiment.Options o = options(Path.of(s.series()), checkpoints, predict);
        PredictExperiment.Input in = PredictExperiment.input(o, s.values(), List.of(), s.timestamps(), s.times(),
                List.of());
        PredictExperiment.Forecast f = PredictExperiment.forecast(o, in, rows -> { });
        List<Row> rows = new ArrayList<>(s.rows());
        for (int t = 0; t < s.rows(); t++) {
            double p = f.predicted()[t];
            rows.add(RowFactory.create(s.series(), s.times()[t], s.values()[t], Double.isNaN(p) ? null : p,
                    f.anomaly()[t]));
        }
        return new Output(rows, f.seconds());
    }

    /**
     * {@code deephtm predict}'s options for one series (no files: the job writes the rows), with its
     * default forecast, the blend; a series resumed goes on as its save predicts.
     */
    private PredictExperiment.Options options(Path series, Checkpoints checkpoints, ForecastTarget.Kind predict) {
        return new PredictExperiment.Options(series, column, null, List.of(), timeFeatures, horizon, 0, network,
                training, null, checkpoints, 0, predict);
    }
}
