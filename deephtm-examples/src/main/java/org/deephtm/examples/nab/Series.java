package org.deephtm.examples.nab;

import org.deephtm.examples.csv.CsvTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One data file of a corpus: its key ({@code "realKnownCause/nyc_taxi.csv"}), timestamps and
 * values. NAB's data files have the columns {@code timestamp,value}.
 */
public record Series(String key, LocalDateTime[] timestamps, double[] values) {

    public Series {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(key + ": " + timestamps.length + " timestamps but " + values.length
                    + " values");
        }
    }

    /** Reads NAB's {@code timestamp,value} file {@code dataDir/key}. */
    public static Series read(Path dataDir, String key) throws IOException {
        CsvTable table = CsvTable.read(dataDir.resolve(key));
        return new Series(key, table.timestamps("timestamp"), table.numbers("value"));
    }

    /**
     * The labelled files of a NAB data folder, in the labels' order: NAB runs detectors on the
     * files its labels name.
     *
     * @param only keep the keys containing one of these texts; all when empty
     */
    public static List<Series> readCorpus(Path dataDir, Map<String, List<Window>> labels, List<String> only)
            throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new NoSuchFileException(dataDir + " (no such folder)");
        }
        List<Series> corpus = new ArrayList<>();
        for (String key : labels.keySet()) {
            if (!only.isEmpty() && only.stream().noneMatch(key::contains)) {
                continue;
            }
            if (!Files.isRegularFile(dataDir.resolve(key))) {
                throw new NoSuchFileException(dataDir.resolve(key) + " (named by the labels, missing from the data)");
            }
            corpus.add(read(dataDir, key));
        }
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("no labelled file of " + dataDir + " matches " + only);
        }
        return corpus;
    }
}
