package org.deephtm.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A failed task reaches the driver wrapped in Spark's exceptions ("Job aborted due to stage
 * failure: ..."); the command line shows the cause a user can act on, a bad input's one line.
 */
final class SparkErrors {

    private SparkErrors() {
    }

    /** The first bad-input error in {@code e}'s causes, or {@code e} itself. */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException bad) {
                return bad;
            }
            if (t instanceof IOException io) {
                return new UncheckedIOException(io.getMessage(), io);
            }
            if (t instanceof UncheckedIOException io) {
                return io;
            }
        }
        return e instanceof RuntimeException r ? r : new RuntimeException(e);
    }
}
