package org.deephtm.examples.nab;

import org.deephtm.examples.csv.Timestamps;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NAB's anomaly windows, as in {@code labels/combined_windows.json}: a JSON object from a data
 * file's path relative to the data folder ({@code "realKnownCause/nyc_taxi.csv"}) to a list of
 * {@code [start, end]} timestamp pairs. Windows come back sorted and must not overlap.
 */
public final class Labels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Labels() {
    }

    /** Reads a labels file: file key to its windows, keys sorted. */
    public static Map<String, List<Window>> read(Path file) throws IOException {
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object from data file to windows, like "
                    + "NAB's labels/combined_windows.json");
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no data files: it should map each data file's path "
                    + "(like \"realKnownCause/nyc_taxi.csv\") to its windows, as NAB's labels/combined_windows.json "
                    + "does");
        }
        Map<String, List<Window>> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            labels.put(entry.getKey(), windows(file, entry.getKey(), entry.getValue()));
        }
        return labels;
    }

    /**
     * The windows of one data file, from either a labels file like NAB's (the entry whose key is
     * {@code dataFile}'s name or ends with {@code "/" + name}) or a bare list of [start, end] pairs.
     */
    public static List<Window> readFor(Path file, String dataFileName) throws IOException {
        JsonNode root = parse(file);
        if (root.isArray()) {
            return windows(file, "the list", root);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.equals(dataFileName) || key.endsWith("/" + dataFileName)) {
                return windows(file, key, entry.getValue());
            }
        }
        throw new IllegalArgumentException(file + " has no windows for " + dataFileName);
    }

    /** Windows from a 0/1 label column (as in NAB's results files): each run of 1s is a window. */
    public static List<Window> fromLabelColumn(LocalDateTime[] timestamps, double[] labels) {
        List<Window> windows = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= labels.length; i++) {
            boolean inside = i < labels.length && labels[i] != 0;
            if (inside && start < 0) {
                start = i;
            } else if (!inside && start >= 0) {
                windows.add(new Window(timestamps[start], timestamps[i - 1]));
                start = -1;
            }
        }
        return windows;
    }

    private static JsonNode parse(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (no such file)");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static List<Window> windows(Path file, String key, JsonNode pairs) {
        if (!pairs.isArray()) {
            throw new IllegalArgumentException(file + ": " + key + " should map to a list of [start, end] pairs");
        }
        List<Window> windows = new ArrayList<>();
        for (JsonNode pair : pairs) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException(file + ": " + key + " has " + pair + ", expected [start, end]");
            }
            try {
                windows.add(new Window(Timestamps.parse(pair.get(0).asText()), Timestamps.parse(pair.get(1).asText())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + key + ": " + e.getMessage());
            }
        }
        windows.sort(Comparator.comparing(Window::start));
        for (int i = 1; i < windows.size(); i++) {
            if (!windows.get(i).start().isAfter(windows.get(i - 1).end())) {
                throw new IllegalArgumentException(file + ": " + key + ": windows " + windows.get(i - 1) + " and "
                        + windows.get(i) + " overlap");
            }
        }
        return windows;
    }
}
