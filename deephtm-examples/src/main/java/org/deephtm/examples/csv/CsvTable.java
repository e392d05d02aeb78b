package org.deephtm.examples.csv;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain CSV file with a header line, read through DataVec's {@link CSVRecordReader} (commas,
 * double quotes around fields that contain commas). The reader returns the header line as its
 * first record; this class maps the header's names to column indices and turns columns into
 * numbers. Empty lines are skipped.
 *
 * <p>Every error is one line that names the file, the line (the header is line 1) and the column:
 * <pre>
 *   data.csv line 7: 'n/a' in column value is not a number
 *   data.csv: no column 'price'; the columns are timestamp, value
 * </pre>
 */
public final class CsvTable {

    private final Path file;
    private final List<String> header;
    private final List<List<Writable>> rows;
    private final List<Integer> lines;

    private CsvTable(Path file, List<String> header, List<List<Writable>> rows, List<Integer> lines) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code file}; a missing or empty file, or a row with fewer fields than the header, is an error. */
    public static CsvTable read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder: give a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (no such file)");
        }
        CSVRecordReader reader = new CSVRecordReader(0, ',');
        List<String> header = new ArrayList<>();
        List<List<Writable>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try {
            reader.initialize(new FileSplit(file.toFile()));
            int line = 0;
            while (reader.hasNext()) {
                List<Writable> record = reader.next();
                line++;
                if (isBlank(record)) {
                    continue;
                }
                if (header.isEmpty()) {
                    for (Writable name : record) {
                        header.add(name.toString().replace("\uFEFF", "").strip());
                    }
                    continue;
                }
                if (record.size() < header.size()) {
                    throw new IllegalArgumentException(file + " line " + line + ": " + record.size()
                            + " fields, the header has " + header.size());
                }
                rows.add(record);
                lines.add(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + file, e);
        } finally {
            reader.close();
        }
        if (header.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header line");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no data rows after the header");
        }
        return new CsvTable(file, List.copyOf(header), rows, lines);
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public int rowCount() {
        return rows.size();
    }

    public boolean hasColumn(String name) {
        return header.contains(name);
    }

    /** The {@code --timestamp} that reads no timestamps, even from a column called "timestamp". */
    public static final String NO_TIMESTAMPS = "none";

    /**
     * The column that holds the timestamps: {@code named} when given, otherwise {@code timestamp}
     * when the file has one, otherwise null (a series without timestamps); null too for
     * {@value #NO_TIMESTAMPS} when the file has no column of that name.
     */
    public String timestampColumn(String named) {
        if (NO_TIMESTAMPS.equals(named) && !hasColumn(NO_TIMESTAMPS)) {
            return null;
        }
        return named != null ? named : hasColumn("timestamp") ? "timestamp" : null;
    }

    /** The column's fields as written (stripped of surrounding blanks). */
    public String[] texts(String column) {
        int c = index(column);
        String[] texts = new String[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            texts[r] = rows.get(r).get(c).toString().strip();
        }
        return texts;
    }

    /** The column as finite numbers; an empty field, a non-number, NaN or an infinity is an error naming its line. */
    public double[] numbers(String column) {
        return numbers(column, Double.POSITIVE_INFINITY);
    }

    /** The column as timestamps in the form it shows ({@link Timestamps#detect}). */
    public LocalDateTime[] timestamps(String column) {
        return timestamps(column, null);
    }

    /**
     * The column as timestamps: with {@code pattern} ({@link Timestamps#ofPattern}) when given, in
     * the form the column shows otherwise ({@link Timestamps#detect}). A column whose form is
     * unclear is an error naming the column; a field that is not a timestamp, one naming its line.
     */
    public LocalDateTime[] timestamps(String column, String pattern) {
        String[] texts = texts(column);
        Timestamps.Format format;
        try {
            format = pattern == null ? Timestamps.detect(texts) : Timestamps.ofPattern(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": column " + column + ": " + e.getMessage());
        }
        LocalDateTime[] times = new LocalDateTime[texts.length];
        for (int r = 0; r < texts.length; r++) {
            try {
                times[r] = format.parse(texts[r]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(r) + " column " + column + ": " + e.getMessage());
            }
        }
        return times;
    }

    /**
     * Null when every timestamp is later than the one above it; otherwise a warning that names the
     * first row at or before the row above it, and how many such rows there are. Real series have
     * them (one of NAB's files goes back 55 minutes once); the rows are taken in file order.
     */
    public String orderWarning(LocalDateTime[] times) {
        int first = -1;
        int count = 0;
        for (int r = 1; r < times.length; r++) {
            if (!times[r].isAfter(times[r - 1])) {
                count++;
                if (first < 0) {
                    first = r;
                }
            }
        }
        if (first < 0) {
            return null;
        }
        return where(first) + ": timestamp " + Timestamps.format(times[first])
                + (times[first].isEqual(times[first - 1]) ? " repeats" : " comes before") + " the one on line "
                + lines.get(first - 1) + " (" + Timestamps.format(times[first - 1]) + ")"
                + (count > 1 ? ", and " + (count - 1) + " more rows go back or repeat" : "")
                + "; the rows are read in file order";
    }

    /**
     * The column as numbers no larger than {@code limit} in magnitude: what a computation in
     * single precision (the networks') can standardise without overflowing.
     */
    public double[] numbers(String column, double limit) {
        String[] texts = texts(column);
        double[] values = new double[texts.length];
        for (int r = 0; r < texts.length; r++) {
            values[r] = number(texts[r], column, limit, where(r));
        }
        return values;
    }

    /**
     * One field of {@code column} as {@link #numbers(String, double)} reads it (for rows read
     * elsewhere, a Spark job's); an error names the field's place, {@code where} ("FILE line N").
     */
    public static double number(String text, String column, double limit, String where) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(where + ": empty field in column " + column + ", expected a number");
        }
        double value;
        try {
            value = text.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' in column " + column + " is not a number");
        }
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(where + ": NaN in column " + column
                    + "; fill or drop missing values first");
        }
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(where + ": " + text + " in column " + column
                    + ", expected a finite number");
        }
        if (Math.abs(value) > limit) {
            throw new IllegalArgumentException(where + ": " + value + " in column " + column + " is beyond "
                    + "+-" + limit + ", more than the networks' single precision can scale; rescale the column "
                    + "(divide it by a power of ten)");
        }
        return value;
    }

    /** "FILE line N" for data row {@code row} (0-based), for error messages. */
    public String where(int row) {
        return file + " line " + lines.get(row);
    }

    private int index(String column) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException(file + ": no column '" + column + "'; the columns are "
                    + String.join(", ", header));
        }
        if (header.lastIndexOf(column) != c) {
            throw new IllegalArgumentException(file + ": the header names column '" + column + "' twice (fields "
                    + (c + 1) + " and " + (header.lastIndexOf(column) + 1) + "); rename one");
        }
        return c;
    }

    private static boolean isBlank(List<Writable> record) {
        return record.size() == 1 && record.get(0).toString().isBlank();
    }
}
