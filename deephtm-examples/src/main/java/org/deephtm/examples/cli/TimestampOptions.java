package org.deephtm.examples.cli;

import org.deephtm.examples.csv.TimestampColumn;
import picocli.CommandLine.Option;

/** {@code --timestamp} and {@code --timestamp-format} of the commands that read a series from a CSV file. */
final class TimestampOptions {

    @Option(names = "--timestamp", paramLabel = "NAME|none",
            description = "Column of the timestamps (default: 'timestamp' when the file has one); none: read no "
                    + "timestamps (the rows are numbered).")
    String name;

    @Option(names = "--timestamp-format", paramLabel = "PATTERN",
            description = "How the timestamps are written, as a java.time pattern (e.g. 'M/d/yy H:mm', 'dd.MM.yyyy "
                    + "HH:mm:ss'); by default ISO-8601, Unix seconds or milliseconds, and M/d/yy H:mm-like dates "
                    + "with the month or the day first, as the column shows.")
    String pattern;

    TimestampColumn resolve() {
        return new TimestampColumn(name, pattern);
    }
}
