package org.deephtm.examples.cli;

import org.nd4j.linalg.factory.Nd4j;

/** One line on what a measurement ran on: JVM, ND4J backend, native threads. */
final class Environment {

    private Environment() {
    }

    static String describe() {
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
        return "Java " + Runtime.version() + ", ND4J " + Nd4j.getBackend().getClass().getSimpleName()
                + ", OMP_NUM_THREADS=" + threads + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
