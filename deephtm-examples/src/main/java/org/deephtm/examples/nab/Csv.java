package org.deephtm.examples.nab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV table as NAB writes them: a header line, comma-separated fields, no quoting. Errors
 * name the file, the line (the header is line 1) and the column, in one line.
 */
public final class Csv {

    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;

    private Csv(Path file, List<String> header, List<String[]> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** Reads {@code file}; a missing file, an empty one or a row with too few fields is an error. */
    public static Csv read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (no such file)");
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header line");
        }
        List<String> header = new ArrayList<>();
        for (String name : lines.get(0).split(",", -1)) {
            header.add(name.strip());
        }
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length < header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + fields.length
                        + " fields, the header has " + header.size());
            }
            rows.add(fields);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no data rows");
        }
        return new Csv(file, header, rows);
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

    /** The column's values as numbers; a non-number or NaN is an error naming its line. */
    public double[] doubles(String column) {
        int c = columnIndex(column);
        double[] values = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String text = rows.get(r)[c].strip();
            try {
                values[r] = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where(r) + ": '" + text + "' in column " + column
                        + " is not a number");
            }
            if (!Double.isFinite(values[r])) {
                throw new IllegalArgumentException(where(r) + ": " + text + " in column " + column
                        + ", expected a finite number");
            }
        }
        return values;
    }

    /** The column's values as timestamps ({@link Timestamps#parse}). */
    public LocalDateTime[] timestamps(String column) {
        int c = columnIndex(column);
        LocalDateTime[] times = new LocalDateTime[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String text = rows.get(r)[c].strip();
            try {
                times[r] = Timestamps.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(r) + ": " + e.getMessage());
            }
        }
        return times;
    }

    private int columnIndex(String column) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException(file + ": no column '" + column + "'; the columns are "
                    + String.join(", ", header));
        }
        return c;
    }

    private String where(int row) {
        return file + " line " + (row + 2);
    }
}
