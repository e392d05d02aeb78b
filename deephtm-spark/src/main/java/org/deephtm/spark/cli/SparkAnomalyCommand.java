package org.deephtm.spark.cli;

import org.deephtm.examples.cli.DetectorOptions;
import org.deephtm.spark.AnomalyRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code deephtm spark anomaly}: {@code deephtm anomaly} on every series. */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = "Streams every series through its own DeepHTM detector (learning online) and writes, per row, "
                + "the raw anomaly score, the anomaly likelihood and the final score: for each series what "
                + "'deephtm anomaly' writes for it alone with the same options.")
final class SparkAnomalyCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--probation", paramLabel = "N",
            description = "Rows of the probationary period, while the likelihood learns the raw scores (default: "
                    + "NAB's rule on each series' first batch, 15 %% of its rows and at most 750; a series continued "
                    + "from --models keeps the period it started with).")
    Integer probation;

    @Override
    public Integer call() throws Exception {
        if (probation != null && probation < 2) {
            throw new IllegalArgumentException("--probation must be >= 2 rows (the likelihood learns from the "
                    + "first half and estimates from the second), got " + probation);
        }
        System.out.println("detector: " + detector.training().describe());
        SparkJobRun.run("anomaly", job, (order, models, stats) -> new AnomalyRunner(detector.settings(), probation,
                order, job.columns(), models, stats));
        return 0;
    }
}
