package org.deephtm.examples.cli;

import org.deephtm.examples.network.Training;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The options of the commands that learn online: {@code --engine}, {@code --updater},
 * {@code --learning-rate}, the last starting at the command's preset (what {@code --help} shows).
 */
public final class TrainingOptions {

    @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|dl4j", converter = EngineConverter.class,
            description = "Which machinery learns: the online engine (fast, plain Java over the active cells) or "
                    + "DL4J's own (dl4j, any backend, hundreds of times slower here) (default: ${DEFAULT-VALUE}).")
    OnlineLearner.Engine engine;

    @Option(names = "--updater", defaultValue = "mixed", paramLabel = "mixed|lazy-adam|adam|sgd",
            converter = UpdaterConverter.class,
            description = "Optimizer: mixed (SeedNetwork's: lazy-adam for the memory at "
                    + "its preset's multiple of the rate (" + (long) SeedNetwork.MEMORY_RATE_FACTOR
                    + " for the seed network) and for the decoder, Adam for an "
                    + "encoder or spatial pooler that learns), lazy-adam (Adam where the "
                    + "gradient is not zero), adam (DL4J's, exact: every weight at every step) or sgd "
                    + "(default: ${DEFAULT-VALUE}).")
    Training.Updater updater;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    public TrainingOptions(SeedNetwork.Builder preset) {
        learningRate = preset.learningRate();
    }

    public Training resolve() {
        return new Training(engine, updater, learningRate);
    }

    static final class EngineConverter implements ITypeConverter<OnlineLearner.Engine> {
        @Override
        public OnlineLearner.Engine convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "fast" -> OnlineLearner.Engine.FAST;
                case "dl4j" -> OnlineLearner.Engine.DL4J;
                case "auto" -> OnlineLearner.Engine.AUTO;
                default -> throw new IllegalArgumentException("unknown engine '" + value + "': use fast or dl4j");
            };
        }
    }

    static final class UpdaterConverter implements ITypeConverter<Training.Updater> {
        @Override
        public Training.Updater convert(String value) {
            return Training.Updater.parse(value);
        }
    }
}
