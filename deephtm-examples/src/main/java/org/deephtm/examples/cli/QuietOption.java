package org.deephtm.examples.cli;

import picocli.CommandLine.Option;

/** {@code --quiet}: no progress bar. */
final class QuietOption {

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** A progress bar for {@code total} units of {@code task}, or none with {@code --quiet}. */
    Progress progress(String task, long total) {
        return Progress.start(task, total, quiet);
    }
}
