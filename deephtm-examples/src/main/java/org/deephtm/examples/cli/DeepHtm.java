package org.deephtm.examples.cli;

import org.deephtm.examples.network.StreamStopped;
import org.deephtm.learning.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code deephtm} command line. Each subcommand parses its options and calls the public
 * experiment class it is named after; nothing here computes anything.
 */
@Command(name = "deephtm", mixinStandardHelpOptions = true, version = "DeepHTM 0.1.0",
        description = "Hierarchical Temporal Memory layers for Deeplearning4j: experiments and tools.",
        footer = {"", "Many series at once, one model each, on Apache Spark: deephtm spark anomaly|predict "
                + "(built and downloaded on first use; docs/spark.md)."},
        subcommands = {SineCommand.class, AnomalyCommand.class, NabCommand.class, FramesCommand.class,
                PredictCommand.class, BenchCommand.class, SequencesCommand.class, SweepCommand.class, SoakCommand.class,
                CommandLine.HelpCommand.class})
public final class DeepHtm {

    /** Exit code for bad input: a missing file, an unknown column, data the command cannot use. */
    public static final int BAD_INPUT = 2;

    /** Exit code for training that diverged (the learning rate is too high for the data). */
    public static final int DIVERGED = 3;

    /** Exit code of a run stopped by SIGINT (128 + 2), the shell's; SIGTERM's is 143 (the JVM's on signals). */
    public static final int STOPPED = 130;

    public static void main(String[] args) {
        Interruption.install();
        int code;
        try {
            code = commandLine().execute(args);
        } finally {
            Interruption.finished(); // also after an Error, or the hook would wait out its grace period
        }
        System.exit(code);
    }

    /** The configured command line, for tests and for {@link #main}. */
    public static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new DeepHtm()));
    }

    /**
     * {@code cli} with the exit codes and one-line messages of {@code deephtm}: bad input
     * ({@link #BAD_INPUT}) and diverged training ({@link #DIVERGED}) print their message, anything
     * else its stack trace. The Spark module's command line uses it too.
     */
    public static CommandLine withErrorHandling(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            OutputPaths.removeEmptyFoldersCreated();
            if (e instanceof StreamStopped) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                return STOPPED;
            }
            if (e instanceof TrainingDivergedException) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                return DIVERGED;
            }
            if (isInputError(e)) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cli;
    }

    private static boolean isInputError(Exception e) {
        return e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException;
    }
}
