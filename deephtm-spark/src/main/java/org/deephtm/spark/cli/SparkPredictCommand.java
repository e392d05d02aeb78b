package org.deephtm.spark.cli;

import org.deephtm.examples.cli.NetworkOptions;
import org.deephtm.examples.cli.TrainingOptions;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.spark.ForecastRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code deephtm spark predict}: {@code deephtm predict} on every series. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Streams every series through its own seed network (learning online, one row at a time) and "
                + "writes, per row, the prediction made --horizon rows earlier and the anomaly score: for each series "
                + "what 'deephtm predict' writes for it alone with the same options.")
final class SparkPredictCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "H",
            description = "Rows ahead to predict (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--time-features",
            description = "Add time of day and day of week (sin/cos pairs) from the timestamps as inputs.")
    boolean timeFeatures;

    @Mixin
    NetworkOptions network = new NetworkOptions(SeedNetwork.builder());

    @Mixin
    TrainingOptions training = new TrainingOptions(SeedNetwork.builder());

    @Override
    public Integer call() throws Exception {
        System.out.println("forecaster: " + training.resolve().describe() + ", " + horizon + " row(s) ahead");
        SparkJobRun.run("predict", job, (order, models, stats) -> new ForecastRunner(network.resolve(),
                training.resolve(), horizon, timeFeatures, order, job.columns(), models, stats));
        return 0;
    }
}
