package org.deephtm.examples.nab;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds NAB stored for each detector and profile ({@code config/thresholds.json}:
 * detector to profile to {@code {"score": ..., "threshold": ...}}). Scoring at them reproduces the
 * published scores exactly; some were found by an older, coarser optimiser than the exhaustive
 * sweep of NAB v1.1 that {@link NabScorer} implements, so optimising may find a better threshold.
 */
public final class Thresholds {

    private Thresholds() {
    }

    /** Profile name to threshold, for {@code detector}. */
    public static Map<String, Double> read(Path file, String detector) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (no such file)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode entry = root.get(detector);
        if (entry == null || !entry.isObject()) {
            throw new IllegalArgumentException(file + " has no thresholds for detector '" + detector + "'");
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> profile = it.next();
            JsonNode threshold = profile.getValue().get("threshold");
            if (threshold == null || !threshold.isNumber()) {
                throw new IllegalArgumentException(file + ": " + detector + "." + profile.getKey()
                        + " has no number threshold");
            }
            thresholds.put(profile.getKey(), threshold.asDouble());
        }
        return thresholds;
    }
}
