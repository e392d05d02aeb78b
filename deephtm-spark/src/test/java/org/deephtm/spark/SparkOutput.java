package org.deephtm.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads CSV files of plain fields (no quotes): a Spark output folder's parts, or one command's CSV. */
final class SparkOutput {

    private SparkOutput() {
    }

    /** The rows of a CSV file as header name to field, in file order. */
    static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], fields[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows of every part file in a Spark output folder, by series, each in the order written. */
    static Map<String, List<Map<String, String>>> bySeries(Path folder) throws IOException {
        Map<String, List<Map<String, String>>> series = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (Map<String, String> row : readCsv(part)) {
                    series.computeIfAbsent(row.get("series"), k -> new ArrayList<>()).add(row);
                }
            }
        }
        return series;
    }
}
