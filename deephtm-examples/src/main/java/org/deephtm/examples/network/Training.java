package org.deephtm.examples.network;

import org.deephtm.learning.LazyAdam;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.Serializable;
import java.util.Locale;

/**
 * How the commands learn online: which machinery runs the steps, which optimizer, at which rate.
 *
 * @param engine       the online engine, or DL4J's own machinery
 * @param updater      the optimizer
 * @param learningRate its learning rate, &gt; 0
 */
public record Training(OnlineLearner.Engine engine, Updater updater, double learningRate) implements Serializable {

    /** The optimizers the commands offer. */
    public enum Updater {
        /**
         * The seed network's mixed updaters: LazyAdam for the temporal memory (at the preset's
         * {@link SeedNetwork.Builder#memoryRateFactor() memory rate factor} times the rate) and the
         * decoder, Adam for the encoder and spatial pooler where they learn
         * ({@link SeedNetwork.Builder#learningRate(double)}).
         */
        MIXED("mixed"),
        /** LazyAdam on every layer: Adam where the gradient is not zero ({@link LazyAdam}). */
        LAZY_ADAM("lazy-adam"),
        /** DL4J's Adam, exact: every weight moves at every step (memory-bound on a CPU). */
        ADAM("adam"),
        /** Plain stochastic gradient descent. */
        SGD("sgd");

        private final String cliName;

        Updater(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The updater named {@code name} on the command line (mixed, lazy-adam, adam, sgd). */
        public static Updater parse(String name) {
            for (Updater u : values()) {
                if (u.cliName.equalsIgnoreCase(name) || u.name().equalsIgnoreCase(name)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("unknown updater '" + name + "': use mixed, lazy-adam, adam or sgd");
        }
    }

    public Training {
        if (engine == null || updater == null) {
            throw new IllegalArgumentException("engine and updater must be given");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
        }
    }

    /** The online engine, the mixed updaters at the seed network's learning rate. */
    public static Training defaults() {
        return new Training(OnlineLearner.Engine.FAST, Updater.MIXED, SeedNetwork.LEARNING_RATE);
    }

    /** Puts these updaters on a seed network's layers; returns the builder. */
    public SeedNetwork.Builder configure(SeedNetwork.Builder network) {
        return switch (updater) {
            case MIXED -> network.learningRate(learningRate); // the preset keeps its memory's rate factor
            case LAZY_ADAM -> network.updater(new LazyAdam(learningRate));
            case ADAM -> network.updater(new Adam(learningRate));
            case SGD -> network.updater(new Sgd(learningRate));
        };
    }

    /** "lazy-adam 0.001 on the online engine". */
    public String describe() {
        String on = switch (engine) {
            case FAST -> "the online engine";
            case DL4J -> "DL4J";
            case AUTO -> "the online engine where it can run the network";
        };
        return String.format(Locale.ROOT, "%s %s on %s", updater.cliName(), learningRate, on);
    }
}
