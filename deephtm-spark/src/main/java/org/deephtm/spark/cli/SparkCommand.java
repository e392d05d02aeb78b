package org.deephtm.spark.cli;

import org.deephtm.examples.cli.DeepHtm;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deephtm spark}: the streaming commands over many series at once, on Apache Spark. The
 * launcher runs it for {@code ./deephtm spark ...}; {@code spark-submit} runs it as the main class.
 */
@Command(name = "spark", mixinStandardHelpOptions = true, version = "DeepHTM 0.1.0",
        description = "Many series, one model each, on Apache Spark: reads a folder of CSV files (one series each) "
                + "or a long table of (series, timestamp, value), runs each series through its own model on the "
                + "executors, and writes every row's output. See docs/spark.md.",
        subcommands = {SparkAnomalyCommand.class, SparkPredictCommand.class, CommandLine.HelpCommand.class})
public final class SparkCommand {

    public static void main(String[] args) {
        // Hadoop's notice that it runs on Java code rather than its native library: expected, not a problem.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
        // A failed task is reported by the scheduler (a warning per attempt) and by this command (the cause,
        // in one line); the local executor's and the writer's copies of the same stack trace add nothing.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.spark.executor.Executor", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.spark.sql.execution.datasources.FileFormatWriter",
                "off");
        System.exit(DeepHtm.withErrorHandling(new CommandLine(new SparkCommand())).execute(args));
    }
}
