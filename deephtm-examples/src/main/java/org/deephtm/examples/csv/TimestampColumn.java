package org.deephtm.examples.csv;

import java.time.LocalDateTime;

/**
 * Which column of a file holds the timestamps, and how they are written: what {@code --timestamp}
 * and {@code --timestamp-format} say.
 *
 * @param name    the column; null for {@code timestamp} when the file has one (else none), and
 *                {@value CsvTable#NO_TIMESTAMPS} for none at all
 * @param pattern a {@link java.time.format.DateTimeFormatter} pattern; null to read the form the
 *                column shows ({@link Timestamps#detect})
 */
public record TimestampColumn(String name, String pattern) {

    /** A column called {@code timestamp} if there is one, in the form it shows. */
    public static final TimestampColumn DEFAULT = new TimestampColumn(null, null);

    public TimestampColumn {
        if (pattern != null && CsvTable.NO_TIMESTAMPS.equals(name)) {
            throw new IllegalArgumentException("--timestamp-format reads a timestamp column, and --timestamp "
                    + CsvTable.NO_TIMESTAMPS + " reads none: give one of them");
        }
    }

    /** The column's name in {@code table}, null when the table is read without timestamps. */
    public String in(CsvTable table) {
        String column = table.timestampColumn(name);
        if (column == null && pattern != null) {
            throw new IllegalArgumentException("--timestamp-format '" + pattern + "' needs a timestamp column: "
                    + table.file() + " has no column 'timestamp'; name one with --timestamp (the columns are "
                    + String.join(", ", table.header()) + ")");
        }
        return column;
    }

    /** Why {@code table} is read without timestamps, for an option that needs them: "FILE has no ...". */
    public String whyNone(CsvTable table) {
        if (CsvTable.NO_TIMESTAMPS.equals(name)) {
            return "--timestamp " + CsvTable.NO_TIMESTAMPS + " reads none";
        }
        return table.file() + " has no column 'timestamp'; name one with --timestamp (the columns are "
                + String.join(", ", table.header()) + ")";
    }

    /** The timestamps of {@code table}, null when it is read without them. */
    public LocalDateTime[] read(CsvTable table) {
        String column = in(table);
        return column == null ? null : table.timestamps(column, pattern);
    }
}
