package org.deephtm.examples.cli;

import org.deephtm.examples.network.Training;
import org.deephtm.online.OnlineLearner;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The options of the commands that learn online: {@code --engine}, {@code --updater}, {@code --learning-rate}. */
final class TrainingOptions {

    @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|dl4j", converter = EngineConverter.class,
            description = "Which machinery learns: the online engine (fast, plain Java over the active cells) or "
                    + "DL4J's own (dl4j, any backend, hundreds of times slower here) (default: ${DEFAULT-VALUE}).")
    OnlineLearner.Engine engine;

    @Option(names = "--updater", defaultValue = "mixed", paramLabel = "mixed|lazy-adam|adam|sgd",
            converter = UpdaterConverter.class,
            description = "Optimizer: mixed (SeedNetwork's: lazy-adam for the memory at 30 times the rate and for "
                    + "the decoder, Adam for an encoder or spatial pooler that learns), lazy-adam (Adam where the gradient is not zero), adam (DL4J's, exact: every weight "
                    + "at every step) or sgd (default: ${DEFAULT-VALUE}).")
    Training.Updater updater;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Learning rate (default: 1e-3; the anomaly detector's, in anomaly and nab: 3e-3).")
    Double learningRate;

    /** The options, with the shared defaults' learning rate (1e-3) unless one is given. */
    Training resolve() {
        return resolve(Training.defaults());
    }

    /** The options, with {@code defaults}' learning rate unless one is given. */
    Training resolve(Training defaults) {
        return new Training(engine, updater, learningRate == null ? defaults.learningRate() : learningRate);
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
