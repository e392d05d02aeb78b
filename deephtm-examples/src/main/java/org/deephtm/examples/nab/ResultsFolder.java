package org.deephtm.examples.nab;

import org.deephtm.examples.csv.CsvTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A detector's outputs laid out like NAB's results folder: one subfolder per corpus category, one
 * CSV per data file named {@code <detector>_<file>.csv}, with at least the columns
 * {@code timestamp} and {@code anomaly_score} (NAB's also have {@code value} and {@code label}).
 * Files elsewhere (NAB's {@code <detector>_<profile>_scores.csv} next to the subfolders) are ignored.
 * The detector's name is the file names' part before the first underscore, as NAB reads it.
 *
 * @param detector the detector's name
 * @param files    its outputs, by category then file name
 */
public record ResultsFolder(String detector, List<DetectorOutput> files) {

    /**
     * Reads {@code dir}.
     *
     * @param labels the windows by data file ({@link Labels#read}); null to take them from each
     *               file's {@code label} column (1 inside windows), as NAB writes it
     */
    public static ResultsFolder read(Path dir, Map<String, List<Window>> labels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + " (no such folder)");
        }
        String detector = null;
        List<DetectorOutput> files = new ArrayList<>();
        for (Path category : sorted(dir, Files::isDirectory)) {
            for (Path csv : sorted(category, p -> p.getFileName().toString().endsWith(".csv"))) {
                String name = csv.getFileName().toString();
                int underscore = name.indexOf('_');
                if (underscore <= 0) {
                    throw new IllegalArgumentException(csv + ": expected a name like <detector>_<file>.csv");
                }
                String fileDetector = name.substring(0, underscore);
                if (detector != null && !detector.equals(fileDetector)) {
                    throw new IllegalArgumentException(csv + " is from detector '" + fileDetector
                            + "', the others from '" + detector + "'");
                }
                detector = fileDetector;
                String key = category.getFileName() + "/" + name.substring(underscore + 1);
                files.add(readFile(csv, key, labels));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + " has no <category>/<detector>_<file>.csv results");
        }
        if (labels != null) {
            Set<String> scored = new HashSet<>();
            files.forEach(f -> scored.add(f.key()));
            List<String> missing = labels.keySet().stream().filter(k -> !scored.contains(k)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(dir + " has no results for " + missing.size() + " of the "
                        + labels.size() + " labelled files (" + String.join(", ", missing.subList(0,
                        Math.min(5, missing.size()))) + (missing.size() > 5 ? ", ..." : "") + "): NAB scores a "
                        + "detector on every labelled file, so run it on them all");
            }
        }
        if (files.stream().allMatch(f -> f.windows().isEmpty())) {
            throw new IllegalArgumentException("no file in " + dir + " has a label window: NAB's score is "
                    + "normalised between the null and the perfect detector, which differ only where there are windows");
        }
        return new ResultsFolder(detector, files);
    }

    private static DetectorOutput readFile(Path csv, String key, Map<String, List<Window>> labels) throws IOException {
        CsvTable table = CsvTable.read(csv);
        LocalDateTime[] timestamps = table.timestamps("timestamp");
        double[] scores = table.numbers("anomaly_score");
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new IllegalArgumentException(csv + ": data row " + (i + 1) + ": anomaly_score " + scores[i]
                        + " is outside [0, 1], the range NAB's thresholds sweep");
            }
        }
        List<Window> windows;
        if (labels != null) {
            windows = labels.get(key);
            if (windows == null) {
                throw new IllegalArgumentException("the labels have no entry for " + key + " (from " + csv + ")");
            }
        } else if (table.hasColumn("label")) {
            windows = Labels.fromLabelColumn(timestamps, table.numbers("label"));
        } else {
            throw new IllegalArgumentException(csv + " has no label column: give the windows with --labels");
        }
        return new DetectorOutput(key, timestamps, scores, windows);
    }

    private static List<Path> sorted(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(keep).sorted().toList();
        }
    }
}
