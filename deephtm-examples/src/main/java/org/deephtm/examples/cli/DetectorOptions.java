package org.deephtm.examples.cli;

import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.network.Training;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The anomaly detector of {@code anomaly} and {@code nab}: its network and training options over
 * {@link AnomalyDetector.Settings#defaults()}, {@code --time-of-day} and {@code --no-prediction-error}.
 */
public final class DetectorOptions {

    private static final AnomalyDetector.Settings DEFAULTS = AnomalyDetector.Settings.defaults();

    @Mixin
    NetworkOptions network = new NetworkOptions(DEFAULTS.network());

    @Mixin
    TrainingOptions training = new TrainingOptions(DEFAULTS.network());

    @Option(names = "--time-of-day", description = "Give the network the time of day as two more inputs, as "
            + "NAB's Numenta detector encodes it (needs timestamps).")
    boolean timeOfDay;

    @Option(names = "--no-prediction-error", description = "Score the memory's raw score alone: without the "
            + "network's prediction error as a second score with its own likelihood (the final score is by default "
            + "the larger of the two).")
    boolean noPredictionError;

    /** The training options alone, to describe the run. */
    public Training training() {
        return training.resolve();
    }

    /** The detector's defaults with these options. */
    public AnomalyDetector.Settings settings() {
        Training t = training.resolve();
        return DEFAULTS.withNetwork(t.configure(network.resolve())).withEngine(t.engine()).withTimeOfDay(timeOfDay)
                .withPredictionError(!noPredictionError);
    }
}
